// What the database holds per order, for bench:scale: the whole database's size divided by the
// orders, and the stored pricing's size (the largest column) averaged over a sample of orders.
import type { Db } from "../../server/infra/db/client";

export type StorageSize = { database_mb: number; bytes_per_order: number; pricing_bytes_per_order: number };

/** Orders whose pricing is measured: enough for an average, quick at a million. */
const SAMPLE = 2_000;

export async function storageSize(
  db: Db,
  kind: "sqlite" | "postgresql",
  orders: number,
): Promise<StorageSize> {
  let bytes: number;
  let pricing: number;
  if (kind === "sqlite") {
    // The WAL's pages belong in the file's size: fold them in first.
    await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    const [pages] = await db.$queryRawUnsafe<{ page_count: bigint | number }[]>("PRAGMA page_count");
    const [size] = await db.$queryRawUnsafe<{ page_size: bigint | number }[]>("PRAGMA page_size");
    bytes = Number(pages?.page_count ?? 0) * Number(size?.page_size ?? 0);
    const [avg] = await db.$queryRawUnsafe<{ n: number | null }[]>(
      `SELECT AVG(LENGTH("pricing")) AS n FROM (SELECT "pricing" FROM "Order" ORDER BY "id" LIMIT ${SAMPLE})`,
    );
    pricing = Number(avg?.n ?? 0);
  } else {
    const [size] = await db.$queryRawUnsafe<{ n: bigint }[]>(
      "SELECT pg_database_size(current_database()) AS n",
    );
    bytes = Number(size?.n ?? 0);
    const [avg] = await db.$queryRawUnsafe<{ n: number | null }[]>(
      `SELECT AVG(pg_column_size("pricing"))::float8 AS n FROM (SELECT "pricing" FROM "Order" ORDER BY "id" LIMIT ${SAMPLE}) s`,
    );
    pricing = Number(avg?.n ?? 0);
  }
  return {
    database_mb: Math.round(bytes / 1024 / 102.4) / 10,
    bytes_per_order: Math.round(bytes / Math.max(orders, 1)),
    pricing_bytes_per_order: Math.round(pricing),
  };
}
