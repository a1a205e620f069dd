// Recomputes the sales summaries from the orders, and the subscription counts from the
// subscriptions: what the migrations that introduced them ran once, and what an operator runs (`summaries rebuild`) after writing orders outside the app
// (a bulk import, the scale benchmark's generator) or to confirm they are right. One
// transaction: readers see the old summaries or the new ones, never a half-built set.
//
// The day is the first ten characters of the creation time as text, "YYYY-MM-DD" in both
// databases' formats (SQLite stores ISO 8601 text; PostgreSQL's timestamp casts to
// "YYYY-MM-DD HH:MM:SS"), the same UTC day summaryDay() gives a new order.
import type { Db } from "../../infra/db/db";

export type RebuiltSummaries = {
  orderDays: number;
  offerDays: number;
  subscriptionCounts: number;
  seconds: number;
};

export async function rebuildSalesSummaries(db: Db): Promise<RebuiltSummaries> {
  const started = performance.now();
  const [, , , orderDays, offerDays, subscriptionCounts] = await db.$transaction(
    [
      db.$executeRaw`DELETE FROM "OrderDaySummary"`,
      db.$executeRaw`DELETE FROM "OfferDaySummary"`,
      db.$executeRaw`DELETE FROM "SubscriptionStatusCount"`,
      db.$executeRaw`INSERT INTO "OrderDaySummary" ("partnerId", "day", "currency", "type", "orders", "failedOrders", "revenue")
        SELECT "partnerId", substr(CAST("createdAt" AS TEXT), 1, 10), "currency", "type",
               COUNT(*),
               SUM(CASE WHEN "status" = 'failed' THEN 1 ELSE 0 END),
               SUM(CASE WHEN "status" = 'failed' THEN 0 ELSE "total" END)
        FROM "Order"
        GROUP BY "partnerId", substr(CAST("createdAt" AS TEXT), 1, 10), "currency", "type"`,
      db.$executeRaw`INSERT INTO "OfferDaySummary" ("partnerId", "day", "offerId", "currency", "quantity", "revenue")
        SELECT o."partnerId", substr(CAST(o."createdAt" AS TEXT), 1, 10), i."offerId", o."currency",
               SUM(i."quantity"), SUM(i."amount")
        FROM "OrderItem" i JOIN "Order" o ON o."id" = i."orderId"
        WHERE o."status" <> 'failed'
        GROUP BY o."partnerId", substr(CAST(o."createdAt" AS TEXT), 1, 10), i."offerId", o."currency"`,
      // Kept by triggers (they cannot fall behind), recomputed here to confirm them.
      db.$executeRaw`INSERT INTO "SubscriptionStatusCount" ("partnerId", "status", "subscriptions")
        SELECT "partnerId", "status", COUNT(*) FROM "Subscription" GROUP BY "partnerId", "status"`,
    ],
    { timeout: 600_000 },
  );
  return { orderDays, offerDays, subscriptionCounts, seconds: (performance.now() - started) / 1000 };
}
