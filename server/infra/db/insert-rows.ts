// Inserts rows of one table with a single `INSERT ... VALUES (...), (...)` through Prisma's raw
// SQL. Used only on the order submission path (its Idempotency-Key claim and its job), where
// Prisma's model API costs more than the database itself: measured on the embedded database, `createMany` of three order lines takes
// 1.5-2.5 ms against 0.4 ms for this statement, and `create` of an order with its 7 KB pricing JSON
// 2 ms against 0.6 ms (its argument validation walks every node of the JSON). The rows stay
// typed by Prisma's generated `CreateManyInput` types, so a renamed or missing column fails to
// compile, and the SQL is the portable subset both providers accept (quoted identifiers; enum,
// JSON and timestamp columns take untyped parameters that PostgreSQL casts to the column type).
// insert-rows.test.ts checks every table written here against the model API, on both providers.
import type { Db } from "./client";
import { Prisma } from "./generated/sqlite/client";

/** The tables written through here, with the row type Prisma's model API would take. */
type Tables = {
  AuditEvent: Prisma.AuditEventCreateManyInput;
  Customer: Prisma.CustomerCreateManyInput;
  Subscription: Prisma.SubscriptionCreateManyInput;
  SubscriptionItem: Prisma.SubscriptionItemCreateManyInput;
  Order: Prisma.OrderCreateManyInput;
  OrderItem: Prisma.OrderItemCreateManyInput;
  IdempotencyRecord: Prisma.IdempotencyRecordCreateManyInput;
  Job: Prisma.JobCreateManyInput;
};

/**
 * Timestamp columns must be given: the model API fills `@default(now())` and `@updatedAt` in
 * JavaScript, while the database default would write another text format into SQLite.
 */
type TimestampColumns = "createdAt" | "updatedAt" | "addedAt" | "runAt";

/**
 * How a column is typed here: a JSON column takes an object (stored as its JSON text), and null
 * only where the column is nullable (Prisma's DbNull/JsonNull markers are refused when run: they
 * would be stored as "{}"); a date column takes a Date, never a string (which would be stored as
 * that exact text and then compare wrongly).
 */
type Column<V> = [Extract<V, Prisma.InputJsonObject>] extends [never]
  ? Date extends V
    ? Exclude<V, string>
    : V
  : [Extract<V, typeof Prisma.DbNull>] extends [never]
    ? object
    : object | null;

export type InsertRow<T extends keyof Tables> = {
  [K in keyof Tables[T]]: Column<Tables[T][K]>;
} & {
  [K in keyof Tables[T] & TimestampColumns]: Date;
};

type Client = Pick<Db, "$executeRaw">;

/**
 * The INSERT statement for the rows, as a Prisma promise: await it, or hand it to a batch
 * `$transaction([...])` with others. Bad rows throw here, before anything is sent.
 */
export function insertRows<T extends keyof Tables>(
  db: Client,
  table: T,
  rows: readonly InsertRow<T>[],
): Prisma.PrismaPromise<number> {
  const first = rows[0];
  if (!first) throw new TypeError(`insertRows: no ${table} rows to insert`);
  // A column left out (or undefined) gets its database default; one VALUES list cannot leave a
  // column out of some rows only, so every row must name the same columns.
  const namedColumns = (row: object) =>
    Object.entries(row)
      .filter(([, value]) => value !== undefined)
      .map(([column]) => column);
  const columns = namedColumns(first);
  const tuples = rows.map((row, index) => {
    const named = namedColumns(row);
    if (named.length !== columns.length || named.some((column) => !columns.includes(column))) {
      throw new TypeError(`insertRows: ${table} row ${index} names other columns than row 0`);
    }
    const values = columns.map((column) => sqlValue(table, column, (row as Record<string, unknown>)[column]));
    return Prisma.sql`(${Prisma.join(values)})`;
  });
  const columnList = columns.map((c) => `"${c}"`).join(", ");
  return db.$executeRaw`INSERT INTO ${Prisma.raw(`"${table}"`)} (${Prisma.raw(columnList)}) VALUES ${Prisma.join(tuples)}`;
}

/** A parameter as both databases store it: JSON columns as text, the rest as they are. */
function sqlValue(table: string, column: string, value: unknown): unknown {
  if (value === null) return null;
  if (typeof value === "string" || typeof value === "number" || value instanceof Date) return value;
  if (value === Prisma.DbNull || value === Prisma.JsonNull || value === Prisma.AnyNull) {
    throw new TypeError(`insertRows: ${table}.${column} is a Prisma null marker; give null`);
  }
  if (typeof value === "object") return JSON.stringify(value);
  // Booleans and bigints have no column here; refuse rather than guess each driver's encoding.
  throw new TypeError(`insertRows: ${table}.${column} has a ${typeof value} value`);
}
