// Adds to counter rows: `INSERT ... ON CONFLICT (key) DO UPDATE SET n = n + excluded.n`, the
// portable upsert both SQLite and PostgreSQL run. A row that does not exist yet is created with
// the deltas as its values; one that does gets the deltas added in the database, so concurrent
// writers add up instead of overwriting each other's read-modify-write.
//
// The rows are sorted by their key and must not repeat one (PostgreSQL refuses an upsert that
// touches a row twice); sorting makes two transactions lock the same rows in the same order, so
// they cannot deadlock.
import type { Db } from "./client";
import { Prisma } from "./generated/sqlite/client";

/** The counter tables, with their key and counter columns. */
type CounterTables = {
  OrderDaySummary: {
    key: Required<
      Pick<Prisma.OrderDaySummaryCreateManyInput, "partnerId" | "day" | "currency" | "type" | "shard">
    >;
    counters: Pick<Prisma.OrderDaySummaryCreateManyInput, "orders" | "failedOrders" | "revenue">;
  };
  OfferDaySummary: {
    key: Required<
      Pick<Prisma.OfferDaySummaryCreateManyInput, "partnerId" | "day" | "offerId" | "currency" | "shard">
    >;
    counters: Pick<Prisma.OfferDaySummaryCreateManyInput, "quantity" | "revenue">;
  };
};

export type CounterRow<T extends keyof CounterTables> = {
  key: CounterTables[T]["key"];
  add: CounterTables[T]["counters"];
};

type Client = Pick<Db, "$executeRaw">;

export function addToCounters<T extends keyof CounterTables>(
  db: Client,
  table: T,
  rows: readonly CounterRow<T>[],
): Prisma.PrismaPromise<number> {
  const first = rows[0];
  if (!first) throw new TypeError(`addToCounters: no ${table} rows`);
  const keyColumns = Object.keys(first.key);
  const counterColumns = Object.keys(first.add);
  const keyOf = (row: CounterRow<T>) =>
    JSON.stringify(keyColumns.map((c) => (row.key as Record<string, unknown>)[c]));
  const sorted = [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  for (const [index, row] of sorted.entries()) {
    if (index > 0 && keyOf(row) === keyOf(sorted[index - 1] as CounterRow<T>)) {
      throw new TypeError(`addToCounters: ${table} key ${keyOf(row)} given twice`);
    }
  }
  const tuples = sorted.map((row) => {
    const values = [
      ...keyColumns.map((c) => (row.key as Record<string, unknown>)[c]),
      ...counterColumns.map((c) => (row.add as Record<string, unknown>)[c]),
    ];
    return Prisma.sql`(${Prisma.join(values)})`;
  });
  const quoted = (columns: string[]) => columns.map((c) => `"${c}"`).join(", ");
  const updates = counterColumns.map((c) => `"${c}" = "${table}"."${c}" + excluded."${c}"`).join(", ");
  return db.$executeRaw`INSERT INTO ${Prisma.raw(`"${table}"`)} (${Prisma.raw(quoted([...keyColumns, ...counterColumns]))})
    VALUES ${Prisma.join(tuples)}
    ON CONFLICT (${Prisma.raw(quoted(keyColumns))}) DO UPDATE SET ${Prisma.raw(updates)}`;
}
