// Statuses as words with a colour that only repeats what the word says (never colour alone).
const TONES: Record<string, string> = {
  complete: "ok",
  active: "ok",
  submitted: "info",
  processing: "info",
  pending: "warn",
  failed: "danger",
  cancelled: "danger",
  expired: "",
  revoked: "danger",
};

const LABELS: Record<string, string> = {
  new: "New subscription",
  change_offer: "Change offer",
  add_offer: "Add-on",
  cancel: "Cancellation",
  renew: "Renewal",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${TONES[status] ?? ""}`}>{status.replace(/_/g, " ")}</span>;
}

export function orderTypeLabel(type: string): string {
  return LABELS[type] ?? type;
}
