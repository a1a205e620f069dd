import type { Metadata } from "next";
import Link from "next/link";
import { requestLocale } from "@/components/format/request-locale";
import { RenewalFilterForm } from "@/components/renewals/renewal-filter-form";
import { narrowed, readRenewalFilters, renewalFilterQuery } from "@/components/renewals/renewal-filters";
import { RenewalsTable } from "@/components/renewals/renewals-table";
import { pageLinks } from "@/components/ui/cursor-pages";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { upcomingRenewals } from "@/server/features/subscriptions/upcoming-renewals";
import { db } from "@/server/infra/db/db";
import { cursorParam } from "@/server/infra/db/keyset-paging";
import { requireStaff } from "@/server/transport/session/session";

export const metadata: Metadata = { title: "Renewals" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RenewalsPage({ searchParams }: Props) {
  const session = await requireStaff("/renewals");
  const filters = readRenewalFilters(await searchParams);
  const cursor = cursorParam(filters.cursor);
  const { within, kind, q } = filters;
  const [page, locale] = await Promise.all([
    upcomingRenewals(db(), session.scope, { within, kind, q, cursor, limit: 20 }),
    requestLocale(),
  ]);
  const query = renewalFilterQuery(filters);
  return (
    <>
      <PageHeader
        title="Renewals"
        description={`Subscriptions that renew, end or are cancelled in the next ${within} days, soonest first. Amounts are list prices per period, before discounts and tax.`}
        actions={
          <a className="button" href={`/renewals/export${query.size ? `?${query}` : ""}`} download>
            Export CSV
          </a>
        }
      />
      <RenewalFilterForm key={query.toString()} filters={filters} />
      {page.items.length === 0 ? (
        narrowed(filters) ? (
          <EmptyState
            panel
            title="No renewals match these filters"
            action={
              <Link className="button" href={within === 30 ? "/renewals" : `/renewals?within=${within}`}>
                Clear filters
              </Link>
            }
          >
            Try a different search, or look further ahead.
          </EmptyState>
        ) : (
          <EmptyState
            panel
            title={`Nothing renews or ends in the next ${within} days`}
            action={
              <Link className="button" href="/subscriptions">
                All subscriptions
              </Link>
            }
          >
            Subscriptions whose term ends, or whose cancellation is scheduled, appear here.
          </EmptyState>
        )
      ) : (
        <>
          <RenewalsTable renewals={page.items} locale={locale} caption="Renewals and endings" />
          <Pager
            count={page.items.length}
            noun={["subscription", "subscriptions"]}
            links={pageLinks("/renewals", query, { cursor, back: filters.back }, page.next_cursor)}
          />
        </>
      )}
    </>
  );
}
