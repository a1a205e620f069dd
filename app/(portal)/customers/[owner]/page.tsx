import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatDate } from "@/components/format/dates";
import { requestLocale } from "@/components/format/request-locale";
import { OrdersTable } from "@/components/orders/orders-table";
import { SubscriptionsTable } from "@/components/subscriptions/subscriptions-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { getCustomer } from "@/server/features/customers/customer-service";
import { listOrders } from "@/server/features/orders/list-orders";
import { listSubscriptions } from "@/server/features/subscriptions/subscription-service";
import { db } from "@/server/infra/db/db";
import { requireStaff } from "@/server/transport/session/session";
import { orNotFound } from "../../_shared/page-errors";

export const metadata: Metadata = { title: "Customer" };

type Props = { params: Promise<{ owner: string }> };

export default async function CustomerPage({ params }: Props) {
  const { owner } = await params;
  const session = await requireStaff(`/customers/${owner}`);
  // listOrders refuses a malformed owner id outright; for a person it is simply not found.
  if (!/^id-[0-9a-f]{32}$/.test(owner)) notFound();
  const customer = await orNotFound(getCustomer(db(), session.scope, owner));
  const [subscriptions, orders, locale] = await Promise.all([
    listSubscriptions(db(), session.scope, { customer: owner, limit: 50 }),
    listOrders(db(), session.scope, { customer: owner, limit: 20 }),
    requestLocale(),
  ]);
  const address = customer.billingAddress ?? {};
  const addressLines = [
    address.company,
    address.address1,
    address.address2,
    [address.postalCode, address.city].filter(Boolean).join(" "),
    address.state,
    address.country,
  ].filter(Boolean);
  return (
    <>
      <PageHeader
        title={`${customer.firstName} ${customer.lastName}`}
        description={customer.email}
        crumbs={[{ href: "/customers", label: "Customers" }]}
        actions={
          <Link className="button primary" href="/orders/new">
            New order
          </Link>
        }
      />
      <Panel id="customer-facts" title="Details">
        <dl className="facts">
          <dt>Owner id</dt>
          <dd className="mono small">{customer.owner}</dd>
          <dt>Phone</dt>
          <dd>{customer.phone ?? "—"}</dd>
          <dt>Billing address</dt>
          <dd>{addressLines.length ? addressLines.join(", ") : "—"}</dd>
          <dt>Customer since</dt>
          <dd>{formatDate(customer.createdAt, locale)}</dd>
        </dl>
      </Panel>
      <section className="stack" aria-labelledby="customer-subs" style={{ marginTop: 24 }}>
        <h2 id="customer-subs">Subscriptions</h2>
        {subscriptions.items.length === 0 ? (
          <EmptyState panel title="No subscriptions" />
        ) : (
          <SubscriptionsTable
            subscriptions={subscriptions.items}
            locale={locale}
            caption="Subscriptions of this customer"
            showCustomer={false}
          />
        )}
      </section>
      <section className="stack" aria-labelledby="customer-orders" style={{ marginTop: 24 }}>
        <h2 id="customer-orders">Orders</h2>
        {orders.items.length === 0 ? (
          <EmptyState panel title="No orders" />
        ) : (
          <OrdersTable orders={orders.items} locale={locale} caption="Orders of this customer" />
        )}
      </section>
    </>
  );
}
