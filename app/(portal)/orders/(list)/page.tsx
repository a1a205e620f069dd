import type { Metadata } from "next";
import Link from "next/link";
import { requestLocale } from "@/components/format/request-locale";
import { OrderFilterForm } from "@/components/orders/order-filter-form";
import { filterQuery, hasFilters, readOrderFilters } from "@/components/orders/order-filters";
import { OrdersTable } from "@/components/orders/orders-table";
import { pageLinks } from "@/components/ui/cursor-pages";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { listOrders } from "@/server/features/orders/list-orders";
import { db } from "@/server/infra/db/db";
import { requireStaff } from "@/server/transport/session/session";
import { orInvalid } from "../../_shared/page-errors";

export const metadata: Metadata = { title: "Orders" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function OrdersPage({ searchParams }: Props) {
  const session = await requireStaff("/orders");
  const filters = readOrderFilters(await searchParams);
  const locale = await requestLocale();
  const { q, status, order_type, created_from, created_to, cursor, limit } = filters;
  const { value: page, problem } = await orInvalid(
    listOrders(db(), session.scope, {
      q,
      status,
      order_type,
      created_from,
      created_to,
      cursor,
      limit: limit ?? 20,
    }),
  );
  const exportQuery = filterQuery(filters).toString();
  return (
    <>
      <PageHeader
        title="Orders"
        description="Every order of your organisation, from the portal and the API."
        actions={
          <>
            <a className="button" href={`/orders/export${exportQuery ? `?${exportQuery}` : ""}`} download>
              Export CSV
            </a>
            <Link className="button primary" href="/orders/new">
              New order
            </Link>
          </>
        }
      />
      <OrderFilterForm key={exportQuery} filters={filters} />
      {problem ? (
        <div className="alert error" role="alert">
          These filters cannot be applied: {problem}
        </div>
      ) : page && page.items.length === 0 ? (
        hasFilters(filters) ? (
          <EmptyState
            panel
            title="No orders match these filters"
            action={
              <Link className="button" href="/orders">
                Clear filters
              </Link>
            }
          >
            Try a different search or a wider date range.
          </EmptyState>
        ) : (
          <EmptyState
            panel
            title="No orders yet"
            action={
              <Link className="button primary" href="/orders/new">
                Create an order
              </Link>
            }
          >
            Orders placed in the portal or through the API appear here.
          </EmptyState>
        )
      ) : page ? (
        <>
          <OrdersTable orders={page.items} locale={locale} caption="Orders" />
          <Pager
            count={page.items.length}
            noun={["order", "orders"]}
            links={pageLinks("/orders", filterQuery(filters), filters, page.next_cursor)}
          />
        </>
      ) : null}
    </>
  );
}
