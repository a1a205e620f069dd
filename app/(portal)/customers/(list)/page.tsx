import type { Metadata } from "next";
import Link from "next/link";
import { CustomerSearchForm } from "@/components/customers/customer-search-form";
import { formatDate } from "@/components/format/dates";
import { requestLocale } from "@/components/format/request-locale";
import { pageLinks } from "@/components/ui/cursor-pages";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { TableHead } from "@/components/ui/table-head";
import { TableWrap } from "@/components/ui/table-wrap";
import { listCustomers } from "@/server/features/customers/customer-service";
import { db } from "@/server/infra/db/db";
import { cursorParam } from "@/server/infra/db/keyset-paging";
import { requireStaff } from "@/server/transport/session/session";

export const metadata: Metadata = { title: "Customers" };

type Props = { searchParams: Promise<Record<string, string | undefined>> };

export default async function CustomersPage({ searchParams }: Props) {
  const session = await requireStaff("/customers");
  const params = await searchParams;
  const q = params.q?.trim().slice(0, 254) ?? "";
  const cursor = cursorParam(params.cursor);
  const [page, locale] = await Promise.all([
    listCustomers(db(), session.scope, { q: q || undefined, cursor, limit: 20 }),
    requestLocale(),
  ]);
  return (
    <>
      <PageHeader
        title="Customers"
        description="The people and companies your organisation sells to."
        actions={
          <Link className="button primary" href="/orders/new">
            New order
          </Link>
        }
      />
      <CustomerSearchForm q={q} />
      {page.items.length === 0 ? (
        <EmptyState panel title={q ? `No customer matches “${q}”` : "No customers yet"}>
          {q ? "Try part of the name or email." : "A customer is created with their first order."}
        </EmptyState>
      ) : (
        <>
          <TableWrap label="Customers">
            <table className="data stack-on-mobile">
              <TableHead
                caption="Customers"
                columns={["Name", "Email", "Company", "Country", "Customer since"]}
              />
              <tbody>
                {page.items.map((c) => (
                  <tr key={c.owner}>
                    <td data-label="Name">
                      <Link href={`/customers/${c.owner}`}>
                        {c.firstName} {c.lastName}
                      </Link>
                    </td>
                    <td data-label="Email">{c.email}</td>
                    <td data-label="Company">{c.company ?? "—"}</td>
                    <td data-label="Country">{c.country ?? "—"}</td>
                    <td data-label="Customer since">{formatDate(c.createdAt, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <Pager
            count={page.items.length}
            noun={["customer", "customers"]}
            links={pageLinks(
              "/customers",
              new URLSearchParams(q ? { q } : {}),
              { cursor, back: params.back },
              page.next_cursor,
            )}
          />
        </>
      )}
    </>
  );
}
