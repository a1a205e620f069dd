// The orders table (server-rendered): reference, customer, type, status, who placed it, total.
import Link from "next/link";
import type { LocaleSettings } from "../format/dates";
import { formatDateTime } from "../format/dates";
import { formatMoney } from "../format/money";
import { orderTypeLabel, StatusBadge } from "../ui/status-badge";
import { type Column, TableHead } from "../ui/table-head";
import { TableWrap } from "../ui/table-wrap";

export type OrderRow = {
  id: string;
  order_reference: string;
  external_id: string | null;
  order_type: string;
  status: string;
  total: number;
  currency: string;
  created_at: string;
  customer: { owner: string; email: string; name: string };
  created_by: { kind: "user" | "api_client"; name: string } | null;
};

const COLUMNS: Column[] = [
  "Reference",
  "Customer",
  "Type",
  "Status",
  "Placed",
  { label: "Total", num: true },
];

export function OrdersTable({
  orders,
  locale,
  caption,
}: {
  orders: OrderRow[];
  locale: LocaleSettings;
  caption: string;
}) {
  return (
    <TableWrap label={caption}>
      <table className="data stack-on-mobile">
        <TableHead caption={caption} columns={COLUMNS} />
        <tbody>
          {orders.map((o) => (
            <tr key={o.id}>
              <td data-label="Reference">
                <Link href={`/orders/${o.id}`} className="mono">
                  {o.order_reference}
                </Link>
                {o.external_id ? <div className="muted small">{o.external_id}</div> : null}
              </td>
              <td data-label="Customer">
                <div>{o.customer.name}</div>
                <div className="muted small">{o.customer.email}</div>
              </td>
              <td data-label="Type">{orderTypeLabel(o.order_type)}</td>
              <td data-label="Status">
                <StatusBadge status={o.status} />
              </td>
              <td data-label="Placed">
                <div>{formatDateTime(o.created_at, locale)}</div>
                <div className="muted small">
                  {o.created_by
                    ? `${o.created_by.kind === "api_client" ? "API: " : ""}${o.created_by.name}`
                    : "—"}
                </div>
              </td>
              <td data-label="Total" className="num">
                {formatMoney(o.total, o.currency, locale.locale)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
