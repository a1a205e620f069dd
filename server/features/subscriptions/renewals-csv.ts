// CSV export of the renewals list with its filters: every page of upcomingRenewals (the same query
// as the page), streamed as it is read, with cells a spreadsheet would run as a formula defused
// (csvCell). Amounts are exact decimals in the subscription's currency, one column per period.
import "server-only";
import { formatMinorUnits } from "../../domain/money";
import type { RenewalView } from "../../domain/renewals";
import type { Db } from "../../infra/db/db";
import type { PartnerScope } from "../auth/partner-scope";
import { csvCell, MAX_EXPORT_ROWS } from "../exports/orders-csv";
import { type UpcomingRenewalsQuery, upcomingRenewals } from "./upcoming-renewals";

const COLUMNS = [
  "subscription_reference",
  "what_happens",
  "on",
  "customer_name",
  "customer_email",
  "customer_owner",
  "offers",
  "currency",
  "amount_per_month",
  "amount_per_year",
  "term_end",
  "cancel_reason",
] as const;

export async function* renewalsCsv(
  db: Db,
  scope: PartnerScope,
  filters: Omit<UpcomingRenewalsQuery, "cursor" | "limit">,
  now: Date = new Date(),
) {
  yield `${COLUMNS.join(",")}\r\n`;
  let cursor: string | undefined;
  let written = 0;
  do {
    // One clock for every page, so the window does not move while the file is written.
    const page = await upcomingRenewals(db, scope, { ...filters, cursor, limit: 100 }, now);
    for (const r of page.items) {
      yield `${renewalRow(r).map(csvCell).join(",")}\r\n`;
      if (++written >= MAX_EXPORT_ROWS) return;
    }
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}

function renewalRow(r: RenewalView) {
  const amount = (period: "month" | "year") => {
    const found = r.amounts.find((a) => a.period === period);
    return found ? formatMinorUnits(found.amount, r.currency) : "";
  };
  return [
    r.reference,
    r.kind,
    r.at,
    r.customer.name,
    r.customer.email,
    r.customer.owner,
    r.offers.map((o) => `${o.name} x ${o.quantity}`).join("; "),
    r.currency,
    amount("month"),
    amount("year"),
    r.termEnd,
    r.cancelReason,
  ];
}
