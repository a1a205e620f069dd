import type { Metadata } from "next";
import Link from "next/link";
import { formatDate } from "@/components/format/dates";
import { formatMoney } from "@/components/format/money";
import { requestLocale } from "@/components/format/request-locale";
import { OrdersTable } from "@/components/orders/orders-table";
import { SubscriptionActions } from "@/components/subscriptions/subscription-actions";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { StatusBadge } from "@/components/ui/status-badge";
import { listOffers } from "@/server/features/catalog/list-offers";
import { listOrders } from "@/server/features/orders/list-orders";
import { getSubscription } from "@/server/features/subscriptions/subscription-service";
import { db } from "@/server/infra/db/db";
import { requireStaff } from "@/server/transport/session/session";
import { orNotFound } from "../../_shared/page-errors";

export const metadata: Metadata = { title: "Subscription" };

const PERIOD: Record<string, string> = { month: "per month", year: "per year", once: "one-off" };

type Props = { params: Promise<{ reference: string }> };

export default async function SubscriptionPage({ params }: Props) {
  const { reference } = await params;
  const session = await requireStaff(`/subscriptions/${reference}`);
  const subscription = await orNotFound(getSubscription(db(), session.scope, reference));
  const [orders, offers, locale] = await Promise.all([
    listOrders(db(), session.scope, { subscription: subscription.reference, limit: 20 }),
    listOffers(db(), session.scope),
    requestLocale(),
  ]);
  const changeable = subscription.status === "active" || subscription.status === "pending";
  const endsAt =
    subscription.cancelAt ?? (subscription.status === "cancelled" ? subscription.cancelledAt : null);
  return (
    <>
      <PageHeader
        title={
          <>
            Subscription <span className="mono">{subscription.reference}</span>{" "}
            <StatusBadge status={subscription.status} />
          </>
        }
        description={
          <>
            {subscription.customer.name} · since {formatDate(subscription.termStart, locale)}
          </>
        }
        crumbs={[{ href: "/subscriptions", label: "Subscriptions" }]}
      />
      <div className="grid grid-2">
        <Panel id="sub-summary" title="Summary">
          <dl className="facts">
            <dt>Customer</dt>
            <dd>
              <Link href={`/customers/${subscription.customer.owner}`}>{subscription.customer.name}</Link>
              <div className="muted small">{subscription.customer.email}</div>
            </dd>
            <dt>Term</dt>
            <dd>
              {formatDate(subscription.termStart, locale)} –{" "}
              {subscription.termEnd ? formatDate(subscription.termEnd, locale) : "rolling"}
              {subscription.termMonths ? ` (${subscription.termMonths} months)` : ""}
            </dd>
            <dt>Currency</dt>
            <dd>{subscription.currency}</dd>
            {endsAt ? (
              <>
                <dt>{subscription.status === "cancelled" ? "Cancelled" : "Ends"}</dt>
                <dd data-testid="subscription-ends">
                  {formatDate(endsAt, locale)}
                  {subscription.cancelReason ? (
                    <div className="muted small">{subscription.cancelReason}</div>
                  ) : null}
                </dd>
              </>
            ) : null}
          </dl>
        </Panel>
        <Panel id="sub-items" title="Current offers">
          {subscription.items.length === 0 ? (
            <p className="muted">No active offers.</p>
          ) : (
            <ul className="preview-lines">
              {subscription.items.map((item) => (
                <li key={`${item.offer.id}-${item.addedAt}`}>
                  <span>
                    {item.offer.name}
                    {item.offer.addOn ? <span className="badge info"> add-on</span> : null}
                    <span className="muted small"> · × {item.quantity}</span>
                  </span>
                  <span className="num">
                    {formatMoney(item.unitAmount, subscription.currency, locale.locale)}{" "}
                    <span className="muted small">{PERIOD[item.billingPeriod] ?? ""}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>

      <section aria-labelledby="sub-actions" style={{ marginTop: 24 }}>
        <h2 id="sub-actions" style={{ marginBottom: 12 }}>
          Make a change
        </h2>
        {changeable ? (
          <SubscriptionActions
            reference={subscription.reference}
            currency={subscription.currency}
            termEnd={subscription.termEnd}
            offers={offers}
          />
        ) : (
          <p className="panel muted">
            This subscription is {subscription.status}; it can no longer be changed.
          </p>
        )}
      </section>

      <section className="stack" aria-labelledby="sub-orders" style={{ marginTop: 24 }}>
        <h2 id="sub-orders">Orders</h2>
        <OrdersTable orders={orders.items} locale={locale} caption="Orders of this subscription" />
      </section>
    </>
  );
}
