"use client";
// What a webhook endpoint's state is, in words: enabled or disabled (by the portal, with its
// reason elsewhere), and failing since when. Colour only repeats the word.
import type { WebhookDeliveryView, WebhookEndpointView } from "@/server/domain/webhook-schemas";
import { formatDateTime } from "../format/dates";
import { useLocaleSettings } from "../format/locale-context";

export function EndpointStatusBadges({ endpoint }: { endpoint: WebhookEndpointView }) {
  const locale = useLocaleSettings();
  return (
    <div style={{ display: "flex", flexWrap: "wrap", gap: 4 }}>
      {endpoint.enabled ? (
        <span className="badge ok">Enabled</span>
      ) : (
        <span className="badge danger">
          {endpoint.disabledReason ? "Turned off by the portal" : "Disabled"}
        </span>
      )}
      {endpoint.failingSince ? (
        <span className="badge warn" title={`Failing since ${formatDateTime(endpoint.failingSince, locale)}`}>
          Failing
        </span>
      ) : null}
    </div>
  );
}

const DELIVERY_TONES: Record<WebhookDeliveryView["status"], string> = {
  pending: "info",
  delivered: "ok",
  failed: "danger",
};

export function DeliveryStatusBadge({ status }: { status: WebhookDeliveryView["status"] }) {
  return <span className={`badge ${DELIVERY_TONES[status]}`}>{status}</span>;
}
