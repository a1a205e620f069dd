import type { Metadata } from "next";
import Link from "next/link";
import { requestLocale } from "@/components/format/request-locale";
import { SubscriptionsTable } from "@/components/subscriptions/subscriptions-table";
import { pageLinks } from "@/components/ui/cursor-pages";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from "@/server/domain/enums";
import { listSubscriptions } from "@/server/features/subscriptions/subscription-service";
import { db } from "@/server/infra/db/db";
import { cursorParam } from "@/server/infra/db/keyset-paging";
import { requireStaff } from "@/server/transport/session/session";

export const metadata: Metadata = { title: "Subscriptions" };

type Props = { searchParams: Promise<Record<string, string | undefined>> };

export default async function SubscriptionsPage({ searchParams }: Props) {
  const session = await requireStaff("/subscriptions");
  const params = await searchParams;
  const status = SUBSCRIPTION_STATUSES.find((s) => s === params.status) as SubscriptionStatus | undefined;
  const cursor = cursorParam(params.cursor);
  const [page, locale] = await Promise.all([
    listSubscriptions(db(), session.scope, { status, cursor, limit: 20 }),
    requestLocale(),
  ]);
  const filters = new URLSearchParams(status ? { status } : {});
  return (
    <>
      <PageHeader
        title="Subscriptions"
        description="What your customers are subscribed to, and the changes you can make."
      />
      <nav aria-label="Filter by status" className="button-row" style={{ marginBottom: 16 }}>
        <Link className="button small" href="/subscriptions" aria-current={status ? undefined : "page"}>
          All
        </Link>
        {SUBSCRIPTION_STATUSES.map((s) => (
          <Link
            key={s}
            className="button small"
            href={`/subscriptions?status=${s}`}
            aria-current={status === s ? "page" : undefined}
          >
            {s[0]?.toUpperCase()}
            {s.slice(1)}
          </Link>
        ))}
      </nav>
      {page.items.length === 0 ? (
        <EmptyState
          panel
          title={status ? `No ${status} subscriptions` : "No subscriptions yet"}
          action={
            <Link className="button primary" href="/orders/new">
              New order
            </Link>
          }
        >
          A subscription starts with a new order.
        </EmptyState>
      ) : (
        <>
          <SubscriptionsTable subscriptions={page.items} locale={locale} caption="Subscriptions" />
          <Pager
            count={page.items.length}
            noun={["subscription", "subscriptions"]}
            links={pageLinks("/subscriptions", filters, { cursor, back: params.back }, page.next_cursor)}
          />
        </>
      )}
    </>
  );
}
