import type { OrderDetail } from "@/server/view-types";
import { formatDateTime, type LocaleSettings } from "../../format/dates";

const ACTIONS: Record<string, string> = {
  "order.new": "Order placed: new subscription",
  "order.change_offer": "Order placed: change of offer",
  "order.add_offer": "Order placed: add-on",
  "order.cancel": "Order placed: cancellation",
  "order.renew": "Order placed: renewal",
};

function actorName(entry: OrderDetail["audit"][number], order: OrderDetail): string {
  if (entry.actor.kind === "system") return "the system";
  if (entry.actor.kind === "user") {
    return order.created_by?.kind === "user" && order.created_by.id === entry.actor.id
      ? order.created_by.name
      : "a staff user";
  }
  return order.created_by?.kind === "api_client" ? `API client ${order.created_by.name}` : "an API client";
}

export function AuditTimeline({ order, locale }: { order: OrderDetail; locale: LocaleSettings }) {
  if (order.audit.length === 0) return <p className="muted">No events recorded.</p>;
  return (
    <ol className="timeline">
      {order.audit.map((entry) => (
        <li key={`${entry.at}:${entry.action}:${entry.actor.id ?? ""}`}>
          <div>
            <strong>{ACTIONS[entry.action] ?? entry.action}</strong>
          </div>
          <div className="muted small">
            <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time> · by {actorName(entry, order)}
          </div>
        </li>
      ))}
    </ol>
  );
}
