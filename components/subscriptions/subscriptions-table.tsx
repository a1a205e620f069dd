import Link from "next/link";
import type { SubscriptionView } from "@/server/view-types";
import { formatDate, type LocaleSettings } from "../format/dates";
import { StatusBadge } from "../ui/status-badge";
import { TableHead } from "../ui/table-head";
import { TableWrap } from "../ui/table-wrap";

export function SubscriptionsTable({
  subscriptions,
  locale,
  caption,
  showCustomer = true,
}: {
  subscriptions: SubscriptionView[];
  locale: LocaleSettings;
  caption: string;
  showCustomer?: boolean;
}) {
  return (
    <TableWrap label={caption}>
      <table className="data stack-on-mobile">
        <TableHead
          caption={caption}
          columns={["Reference", showCustomer && "Customer", "Offers", "Status", "Term"]}
        />
        <tbody>
          {subscriptions.map((s) => (
            <tr key={s.reference}>
              <td data-label="Reference">
                <Link className="mono" href={`/subscriptions/${s.reference}`}>
                  {s.reference}
                </Link>
              </td>
              {showCustomer ? (
                <td data-label="Customer">
                  <div>{s.customer.name}</div>
                  <div className="muted small">{s.customer.email}</div>
                </td>
              ) : null}
              <td data-label="Offers">
                {s.items.length === 0
                  ? "—"
                  : s.items.map((i) => (
                      <div key={`${i.offer.id}-${i.addedAt}`}>
                        {i.offer.name} <span className="muted small">× {i.quantity}</span>
                      </div>
                    ))}
              </td>
              <td data-label="Status">
                <StatusBadge status={s.status} />
                {s.cancelAt && s.status === "active" ? (
                  <div className="muted small">Ends {formatDate(s.cancelAt, locale)}</div>
                ) : null}
              </td>
              <td data-label="Term" className="small">
                {formatDate(s.termStart, locale)} – {s.termEnd ? formatDate(s.termEnd, locale) : "rolling"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
