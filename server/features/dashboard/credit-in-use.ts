// A partner's credit in use (see domain/credit-in-use.ts for what it counts), read from the sales
// summaries: at most a few rows per day of the window, so it costs the same at any order count.
import "server-only";
import { z } from "zod";
import { CREDIT_WINDOW_DAYS, type CreditInUse } from "../../domain/credit-in-use";
import { aggregating } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import type { PartnerScope } from "../auth/partner-scope";
import { summaryDay } from "./sales-summary";

export const creditInUseOutput = z
  .object({
    limit: z.number().int(),
    since: z.string(),
    currencies: z.array(z.object({ currency: z.string(), inUse: z.number().int() })),
  })
  .nullable();

/** Null when the partner has no credit limit. */
export async function creditInUse(
  db: Db,
  scope: PartnerScope,
  now: Date = new Date(),
): Promise<CreditInUse | null> {
  const partner = await db.partner.findUniqueOrThrow({
    where: { id: scope.partnerId },
    select: { creditLimit: true, defaultCurrency: true },
  });
  if (partner.creditLimit === null) return null;
  // Today counts as one of the window's days.
  const since = summaryDay(new Date(now.getTime() - (CREDIT_WINDOW_DAYS - 1) * 86_400_000));
  // The summaries' revenue already leaves out failed orders.
  const rows = await aggregating(db).orderDaySummary.groupBy({
    by: ["currency"],
    where: { partnerId: scope.partnerId, day: { gte: since } },
    _sum: { revenue: true },
  });
  const inUse = new Map(rows.map((row) => [row.currency, Math.max(0, row._sum.revenue ?? 0)]));
  if (!inUse.has(partner.defaultCurrency)) inUse.set(partner.defaultCurrency, 0);
  return {
    limit: partner.creditLimit,
    since,
    currencies: [...inUse.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, amount]) => ({ currency, inUse: amount })),
  };
}
