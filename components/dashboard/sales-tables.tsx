// The dashboard charts' figures as tables: the accessible form of each chart (the chart itself
// is a picture for sighted readers) and what its CSV download holds. Revenue has one column per
// currency: amounts in different currencies are never added.
import type { SalesInsight } from "@/server/view-types";
import type { LocaleSettings } from "../format/dates";
import { formatMoney } from "../format/money";
import { TableHead } from "../ui/table-head";
import { TableWrap } from "../ui/table-wrap";
import { bucketSpan } from "./bucket-labels";

type Props = { insight: SalesInsight; locale: LocaleSettings };

export function SalesTable({ insight, locale }: Props) {
  const caption = "Orders and revenue";
  return (
    <TableWrap label={caption}>
      <table className="data" data-testid="sales-table">
        <TableHead
          caption={caption}
          columns={[
            "Period",
            { label: "Orders", num: true },
            { label: "Failed", num: true },
            ...insight.currencies.map((c) => ({ label: `Revenue (${c})`, num: true })),
          ]}
        />
        <tbody>
          {insight.buckets.map((b) => (
            <tr key={b.start} data-start={b.start} data-end={b.end}>
              <td>{bucketSpan(b, insight.grain, locale.locale)}</td>
              <td className="num" data-column="orders">
                {b.orders}
              </td>
              <td className="num">{b.failedOrders}</td>
              {insight.currencies.map((c) => (
                <td key={c} className="num" data-column={`revenue-${c}`} data-minor={b.revenue[c] ?? 0}>
                  {formatMoney(b.revenue[c] ?? 0, c, locale.locale)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function SubscriptionsTable({ insight, locale }: Props) {
  const caption = "Subscriptions started, changed, renewed and cancelled";
  return (
    <TableWrap label={caption}>
      <table className="data" data-testid="subscriptions-table">
        <TableHead
          caption={caption}
          columns={[
            "Period",
            { label: "Started", num: true },
            { label: "Changed", num: true },
            { label: "Renewed", num: true },
            { label: "Cancelled", num: true },
          ]}
        />
        <tbody>
          {insight.buckets.map((b) => (
            <tr key={b.start}>
              <td>{bucketSpan(b, insight.grain, locale.locale)}</td>
              <td className="num">{b.subscriptions.started}</td>
              <td className="num">{b.subscriptions.changed}</td>
              <td className="num">{b.subscriptions.renewed}</td>
              <td className="num">{b.subscriptions.cancelled}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function TopOffersTable({ insight, locale }: Props) {
  const caption = "Top offers by revenue";
  return (
    <TableWrap label={caption}>
      <table className="data" data-testid="offers-table">
        <TableHead
          caption={caption}
          columns={["Offer", "Currency", { label: "Quantity", num: true }, { label: "Revenue", num: true }]}
        />
        <tbody>
          {insight.topOffers.map((o) => (
            <tr key={`${o.currency}-${o.offerId}`}>
              <td>{o.name}</td>
              <td>{o.currency}</td>
              <td className="num">{o.quantity}</td>
              <td className="num">{formatMoney(o.revenue, o.currency, locale.locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
