import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime, formatDay } from "@/components/format/dates";
import { formatMoney } from "@/components/format/money";
import { requestLocale } from "@/components/format/request-locale";
import { AuditTimeline } from "@/components/orders/detail/audit-timeline";
import { CancelPendingOrderButton } from "@/components/orders/detail/cancel-pending-order-button";
import { FollowPendingOrder } from "@/components/orders/detail/follow-pending-order";
import { RetryOrderButton } from "@/components/orders/detail/retry-order-button";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { orderTypeLabel, StatusBadge } from "@/components/ui/status-badge";
import { type Column, TableHead } from "@/components/ui/table-head";
import { ScrollRegion, TableWrap } from "@/components/ui/table-wrap";
import { getOrder } from "@/server/features/orders/get-order";
import { db } from "@/server/infra/db/db";
import { requireStaff } from "@/server/transport/session/session";
import { orNotFound } from "../../_shared/page-errors";

export const metadata: Metadata = { title: "Order" };

const PERIOD: Record<string, string> = { month: "monthly", year: "yearly", once: "one-off" };

const ITEM_COLUMNS: Column[] = [
  "Offer",
  "Billing",
  { label: "Quantity", num: true },
  { label: "Unit price", num: true },
  { label: "Discount", num: true },
  { label: "Tax", num: true },
  { label: "Amount", num: true },
];
const SCHEDULE_COLUMNS: Column[] = [
  "Invoice date",
  { label: "Tax", num: true },
  { label: "Amount", num: true },
];

type Props = { params: Promise<{ id: string }> };

export default async function OrderPage({ params }: Props) {
  const { id } = await params;
  const session = await requireStaff(`/orders/${id}`);
  const [order, locale] = await Promise.all([orNotFound(getOrder(db(), session.scope, id)), requestLocale()]);
  const money = (minor: number) => formatMoney(minor, order.currency, locale.locale);
  const schedule = order.schedule as { date: string; amount: number; taxAmount: number }[];
  const pending = order.status === "submitted" || order.status === "processing";
  return (
    <>
      <PageHeader
        title={
          <>
            Order <span className="mono">{order.order_reference}</span> <StatusBadge status={order.status} />
          </>
        }
        description={`${orderTypeLabel(order.order_type)} · placed ${formatDateTime(order.created_at, locale)}`}
        crumbs={[{ href: "/orders", label: "Orders" }]}
        actions={
          order.subscriptionReference ? (
            <Link className="button" href={`/subscriptions/${order.subscriptionReference}`}>
              View subscription
            </Link>
          ) : null
        }
      />
      <div role="status" aria-live="polite">
        {pending ? (
          <div className="alert warn" data-testid="order-processing">
            This order is being processed by the billing provider
            {order.attempts > 1 ? ` (attempt ${order.attempts})` : ""}. This page updates by itself.
            {order.status === "submitted" && session.user.role === "admin" ? (
              <div style={{ marginTop: 8 }}>
                <CancelPendingOrderButton orderId={order.id} reference={order.order_reference} />
              </div>
            ) : null}
          </div>
        ) : null}
        {order.failure ? (
          <div className="alert error" data-testid="order-failure">
            The order failed: {order.failure.message}{" "}
            <span className="mono small">({order.failure.code})</span>
            {session.user.role === "admin" && order.failure.code !== "CANCELLED" ? (
              <div style={{ marginTop: 8 }}>
                <RetryOrderButton orderId={order.id} reference={order.order_reference} />
              </div>
            ) : null}
          </div>
        ) : null}
      </div>
      {pending ? <FollowPendingOrder /> : null}
      <div className="grid grid-2">
        <Panel id="summary-title" title="Summary">
          <dl className="facts">
            <dt>Customer</dt>
            <dd>
              <Link href={`/customers/${order.customer.owner}`}>{order.customer.name}</Link>
              <div className="muted small">{order.customer.email}</div>
            </dd>
            <dt>Subscription</dt>
            <dd className="mono">
              {order.subscriptionReference ? (
                <Link href={`/subscriptions/${order.subscriptionReference}`}>
                  {order.subscriptionReference}
                </Link>
              ) : (
                "—"
              )}
            </dd>
            <dt>Placed by</dt>
            <dd data-testid="placed-by">
              {order.created_by
                ? `${order.created_by.kind === "api_client" ? "API client" : "Staff user"}: ${order.created_by.name}`
                : "—"}
            </dd>
            <dt>External id</dt>
            <dd>{order.external_id ?? "—"}</dd>
            <dt>Order id</dt>
            <dd className="mono small">{order.id}</dd>
            <dt>Billing</dt>
            <dd>
              {order.billing_provider} · {order.currency}
            </dd>
            <dt>Processed</dt>
            <dd data-testid="processed">
              {order.processed_at ? formatDateTime(order.processed_at, locale) : "not yet"}
              {order.attempts > 1 ? ` · ${order.attempts} attempts` : ""}
            </dd>
          </dl>
        </Panel>
        <Panel id="totals-title" title="Totals">
          <dl className="totals">
            <dt>Subtotal</dt>
            <dd>{money(order.subtotal)}</dd>
            <dt>Discount</dt>
            <dd>{order.discount_total ? `−${money(order.discount_total)}` : money(0)}</dd>
            <dt>Tax</dt>
            <dd>{money(order.tax_total)}</dd>
            <dt className="grand">Total</dt>
            <dd className="grand" data-testid="order-total">
              {money(order.total)}
            </dd>
          </dl>
        </Panel>
      </div>

      <section className="stack" aria-labelledby="items-title" style={{ marginTop: 24 }}>
        <h2 id="items-title">Items</h2>
        <TableWrap label="Items">
          <table className="data">
            <TableHead columns={ITEM_COLUMNS} />
            <tbody>
              {order.items.map((item) => (
                // One line per offer: the same offer twice in an order is refused.
                <tr key={`${item.offer.id}@${item.offer.version}`}>
                  <td>
                    {item.description}
                    <div className="muted small mono">
                      {item.offer.id} v{item.offer.version}
                    </div>
                  </td>
                  <td>{PERIOD[item.billingPeriod] ?? item.billingPeriod}</td>
                  <td className="num">{item.quantity}</td>
                  <td className="num">{money(item.unitAmount)}</td>
                  <td className="num">{item.discountAmount ? `−${money(item.discountAmount)}` : "—"}</td>
                  <td className="num">{money(item.taxAmount)}</td>
                  <td className="num">{money(item.amount)}</td>
                </tr>
              ))}
              {order.items.length === 0 ? (
                <tr>
                  <td colSpan={ITEM_COLUMNS.length} className="muted">
                    This order has no priced items (for example, a cancellation).
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </TableWrap>
      </section>

      <div className="grid grid-2" style={{ marginTop: 24 }}>
        <Panel id="schedule-title" title="Billing schedule">
          {schedule.length === 0 ? (
            <p className="muted">Nothing further to bill.</p>
          ) : (
            <ScrollRegion className="schedule" style={{ maxHeight: 320 }} label="Invoices">
              <table className="data">
                <TableHead columns={SCHEDULE_COLUMNS} />
                <tbody>
                  {schedule.map((entry) => (
                    <tr key={entry.date}>
                      <td>{formatDay(entry.date, locale)}</td>
                      <td className="num">{money(entry.taxAmount)}</td>
                      <td className="num">{money(entry.amount)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </Panel>
        <Panel id="timeline-title" title="Timeline">
          <AuditTimeline order={order} locale={locale} />
        </Panel>
      </div>
    </>
  );
}
