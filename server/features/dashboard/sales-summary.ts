// Keeps the sales summaries (OrderDaySummary, OfferDaySummary) in step with the orders, inside
// the transaction that writes the order: a summary is never ahead of or behind what committed.
// Three moments change them: an order is stored (counted, its revenue added), an order fails or is
// cancelled before processing (counted as failed, its revenue taken back), and a failed order is
// reopened for a retry (the reverse). Each is an upsert that adds a delta, so concurrent orders
// of the same day add up instead of overwriting each other.
//
// On PostgreSQL the upsert locks the day's row until commit, so orders of one partner, day and
// currency commit one after another at that statement: it runs last in the order's transaction
// to keep that wait to the commit itself.
import type { OrderType } from "../../domain/enums";
import { addToCounters } from "../../infra/db/add-to-counters";
import type { DbTransaction, DbTypes } from "../../infra/db/client";

/** The order's figures a summary counts. */
export type SummarizedOrder = {
  partnerId: string;
  createdAt: Date;
  currency: string;
  type: OrderType;
  total: number;
  items: readonly { offerId: string; quantity: number; amount: number }[];
};

/** What happened to the order: stored, ended failed, or reopened after failing. */
export type SalesChange = "stored" | "failed" | "reopened";

type Client = Pick<DbTransaction, "$executeRaw">;

/** "YYYY-MM-DD", the UTC day a summary row counts. */
export function summaryDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** One statement, made for the client (or transaction client) that runs it. */
type Write = (client: Client) => DbTypes.PrismaPromise<number>;

/**
 * The statements that add the change to the summaries, for a batch transaction or to run in an
 * interactive one: one for the order's day, one for its lines.
 */
export function salesSummaryWrites(order: SummarizedOrder, change: SalesChange): Write[] {
  const day = summaryDay(order.createdAt);
  // stored: one more order and its revenue; failed: one more failed, revenue taken back;
  // reopened: one failed fewer, revenue back (it may yet be billed).
  const orders = change === "stored" ? 1 : 0;
  const failed = change === "failed" ? 1 : change === "reopened" ? -1 : 0;
  const sign = change === "failed" ? -1 : 1;
  const writes: Write[] = [
    (client) =>
      addToCounters(client, "OrderDaySummary", [
        {
          key: { partnerId: order.partnerId, day, currency: order.currency, type: order.type },
          add: { orders, failedOrders: failed, revenue: sign * order.total },
        },
      ]),
  ];
  const offers = linesByOffer(order.items);
  if (offers.length > 0) {
    writes.push((client) =>
      addToCounters(
        client,
        "OfferDaySummary",
        offers.map((line) => ({
          key: { partnerId: order.partnerId, day, offerId: line.offerId, currency: order.currency },
          add: { quantity: sign * line.quantity, revenue: sign * line.amount },
        })),
      ),
    );
  }
  return writes;
}

/** Adds the change inside an interactive transaction. */
export async function recordSalesChange(
  tx: Client,
  order: SummarizedOrder,
  change: SalesChange,
): Promise<void> {
  for (const write of salesSummaryWrites(order, change)) await write(tx);
}

/** The columns of an order (and its lines) that `SummarizedOrder` needs, for a `select`. */
export const summarizedOrderSelect = {
  partnerId: true,
  createdAt: true,
  currency: true,
  type: true,
  total: true,
  items: { select: { offerId: true, quantity: true, amount: true } },
} as const satisfies DbTypes.OrderSelect;

/** One row per offer: an upsert may not touch a row twice. */
function linesByOffer(items: SummarizedOrder["items"]) {
  const byOffer = new Map<string, { offerId: string; quantity: number; amount: number }>();
  for (const item of items) {
    const seen = byOffer.get(item.offerId) ?? { offerId: item.offerId, quantity: 0, amount: 0 };
    seen.quantity += item.quantity;
    seen.amount += item.amount;
    byOffer.set(item.offerId, seen);
  }
  return [...byOffer.values()];
}
