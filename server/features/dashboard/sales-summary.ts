// Keeps the sales summaries (OrderDaySummary, OfferDaySummary) in step with the orders, inside
// the transaction that writes the order: a summary is never ahead of or behind what committed.
// Three moments change them: an order is stored (counted, its revenue added), an order fails or is
// cancelled before processing (counted as failed, its revenue taken back), and a failed order is
// reopened for a retry (the reverse). Each is an upsert that adds a delta, so concurrent orders
// of the same day add up instead of overwriting each other.
//
// On PostgreSQL the upsert locks the day's row until commit, so orders of one partner, day and
// currency would commit one after another at that statement. Two things keep that wait short: the
// upserts run last in the order's transaction, and a stored order adds to one of SUMMARY_SHARDS
// rows of its day (the `shard` column), taken in turn, so orders in flight at once rarely meet on
// a row. Readers add the rows of a day up. Any shard may take any delta: a failure or a retry
// adds to shard 0, whichever row the order was counted in.
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

/**
 * How many rows of a day (and of an offer's day) stored orders spread over on PostgreSQL. With a
 * pool of 10 connections a process has at most 10 orders in flight; taken in turn, 8 rows keep
 * most of them apart, and cost the dashboard's readers at most 8 rows a day to add up (they add
 * in SQL). bench:api on PostgreSQL: with every order on one row, 262 of 326 sampled lock waits
 * were on it and Next served 104-123 submits/s; with 8 rows, no waits on them and 140-191.
 */
export const SUMMARY_SHARDS = 8;

let lastShard = Math.floor(Math.random() * SUMMARY_SHARDS);

/** The row a stored order adds to: in turn on PostgreSQL; SQLite has one writer at a time, so 0. */
export function nextSummaryShard(kind: "sqlite" | "postgresql" | undefined): number {
  if (kind !== "postgresql") return 0;
  lastShard = (lastShard + 1) % SUMMARY_SHARDS;
  return lastShard;
}

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
export function salesSummaryWrites(order: SummarizedOrder, change: SalesChange, shard = 0): Write[] {
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
          key: { partnerId: order.partnerId, day, currency: order.currency, type: order.type, shard },
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
          key: { partnerId: order.partnerId, day, offerId: line.offerId, currency: order.currency, shard },
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
