// Makes a million orders in minutes for `npm run bench:scale`: generateOrders (scale-data.ts)
// writes a base of at most MAX_BASE orders through JavaScript, then each further copy of that base
// is one `INSERT INTO "T" (...) SELECT ... FROM "T"` per table, run by the database itself, so no
// row crosses into this process (the JavaScript path costs about 2.4 ms an order; a copy, a few
// microseconds).
//
// A copy keeps everything that shapes the reads (partner, type, status, totals, lines, JSON) and
// changes what must stay unique or spread out:
// - ids and the foreign keys to copied rows: the copy number, written in hex, is added to the
//   last hex digits of the id, digit by digit and without carry (mod 16). The id keeps its format
//   (`order-<32 hex>`, `id-<32 hex>`: the API and the portal refuse other shapes); a copy number
//   above 0 changes some digit, so a copy never equals its own base row, and two copies of a row
//   differ. (Appending `_<k>` would break those shapes; overwriting the digits with k would meet
//   the base rows whose random digits happen to spell k.)
// - references: the same on the last 3 characters, in the reference alphabet, so a copied
//   reference is 12 characters like any other and the order search finds it exactly.
// - externalId `scale-<i>` becomes `scale-<i>-<k>`; a customer's email `first.last.<i>@...` gets
//   `.k<k>` before the `@` and its last name `-<k>`, so each copy is its own, searchable customer.
// - every date column moves forward by k/copies of the gap between two base orders, so the copies
//   interleave over the same two years and the last one stays in the past.
// The column lists come from the database (PRAGMA table_info / information_schema): only the
// columns a copy changes are named here, so a column added to the schema is copied as it is.
import type { PartnerScope } from "../../server/features/auth/partner-scope";
import { type Db, databaseKindOf } from "../../server/infra/db/client";
import type { Prisma } from "../../server/infra/db/generated/sqlite/client";
import { REFERENCE_ALPHABET } from "../../server/infra/db/ids";
import { type GeneratedCounts, generateOrders, TWO_YEARS_MS } from "./scale-data";

/** Large enough for the mix to hold in every copy; small enough that its JavaScript path takes ~1 min. */
export const MAX_BASE = 20_000;

const HEX = "0123456789abcdef";
const ID_DIGITS = 6;
const REFERENCE_DIGITS = 3;
/** Where the base orders are listed by position, for copies to find them by index rather than scan. */
const BASE_TABLE = "_scale_base";

type Dialect = "sqlite" | "postgresql";
type Tables = {
  Customer: Prisma.CustomerScalarFieldEnum;
  Subscription: Prisma.SubscriptionScalarFieldEnum;
  SubscriptionItem: Prisma.SubscriptionItemScalarFieldEnum;
  Order: Prisma.OrderScalarFieldEnum;
  OrderItem: Prisma.OrderItemScalarFieldEnum;
};
type Table = keyof Tables;
/** A copied column's expression, given the quoted source column (`t."id"`). */
type Transform = (column: string) => string;

export type FillOptions = {
  /** Orders written through JavaScript before copying; default min(count, MAX_BASE), evened out. */
  maxBase?: number;
};

/**
 * Writes `count` generated orders: a base through generateOrders, then copies of it in SQL.
 * `onProgress` gets the orders written so far, after each batch of the base and each copy.
 */
export async function fillOrders(
  db: Db,
  scopes: readonly PartnerScope[],
  count: number,
  onProgress: (written: number) => void = () => {},
  options: FillOptions = {},
): Promise<GeneratedCounts & { base: number; copies: number; baseSeconds: number }> {
  const started = performance.now();
  const maxBase = Math.max(1, Math.min(options.maxBase ?? MAX_BASE, count));
  const copies = Math.ceil(count / maxBase);
  // The base is as even a share as possible, so the last copy lacks fewer than `copies` orders
  // and every copy has the same mix.
  const base = Math.ceil(count / copies);
  const generated = await generateOrders(db, scopes, base, onProgress);
  const multiplied = await multiplyOrders(db, { base, total: count }, (written) =>
    onProgress(base + written),
  );
  return {
    orders: base + multiplied.orders,
    customers: generated.customers + multiplied.customers,
    subscriptions: generated.subscriptions + multiplied.subscriptions,
    seconds: (performance.now() - started) / 1000,
    base,
    copies,
    baseSeconds: generated.seconds,
  };
}

/**
 * Adds `total - base` orders as copies 1, 2, ... of the `base` orders generateOrders wrote (those
 * with externalId `scale-<i>`), the last copy taking the first orders of the base only.
 */
export async function multiplyOrders(
  db: Db,
  { base, total }: { base: number; total: number },
  onProgress: (written: number) => void = () => {},
) {
  const dialect = databaseKindOf(db);
  if (!dialect) throw new Error("multiplyOrders: a client made by createDbClient");
  const copies = Math.ceil(total / base);
  if (copies > HEX.length ** ID_DIGITS || copies > REFERENCE_ALPHABET.length ** REFERENCE_DIGITS) {
    throw new Error(`multiplyOrders: ${copies} copies is more than ids and references can tell apart`);
  }
  const counts = { orders: 0, customers: 0, subscriptions: 0 };
  if (copies < 2) return counts;

  const columns = {
    Customer: await columnsOf(db, dialect, "Customer"),
    Subscription: await columnsOf(db, dialect, "Subscription"),
    SubscriptionItem: await columnsOf(db, dialect, "SubscriptionItem"),
    Order: await columnsOf(db, dialect, "Order"),
    OrderItem: await columnsOf(db, dialect, "OrderItem"),
  };
  await db.$executeRawUnsafe(`DROP TABLE IF EXISTS "${BASE_TABLE}"`);
  await db.$executeRawUnsafe(
    `CREATE TABLE "${BASE_TABLE}" ("ordinal" INTEGER PRIMARY KEY, "orderId" TEXT NOT NULL)`,
  );
  try {
    // The only scan of the order table: later copies find the base through this table's keys.
    // `scale-%-%` would be an earlier copy; the cast is in the select list, so it only sees digits.
    const listed = await db.$executeRawUnsafe(
      `INSERT INTO "${BASE_TABLE}" ("ordinal", "orderId")
       SELECT CAST(substr("externalId", 7) AS INTEGER), "id" FROM "Order"
       WHERE "externalId" LIKE 'scale-%' AND "externalId" NOT LIKE 'scale-%-%'`,
    );
    if (listed !== base) throw new Error(`multiplyOrders: found ${listed} base orders, expected ${base}`);

    for (let k = 1; k < copies; k++) {
      const size = Math.min(base, total - k * base);
      // Base order i was made at start + i * gap (scale-data.ts): copy k sits k/copies of a gap later.
      const shiftMs = Math.floor((k * TWO_YEARS_MS) / (base * copies));
      const statements = copyStatements(dialect, columns, k, size, shiftMs);
      const [customers, subscriptions, , orders] = await db.$transaction(
        statements.map((sql) => db.$executeRawUnsafe(sql)),
        { timeout: 30 * 60_000, maxWait: 60_000 },
      );
      if (orders !== size)
        throw new Error(`multiplyOrders: copy ${k} wrote ${orders} orders, expected ${size}`);
      counts.orders += orders ?? 0;
      counts.customers += customers ?? 0;
      counts.subscriptions += subscriptions ?? 0;
      onProgress(counts.orders);
    }
  } finally {
    await db.$executeRawUnsafe(`DROP TABLE IF EXISTS "${BASE_TABLE}"`);
  }
  return counts;
}

/** The five INSERT ... SELECT of copy `k` (parents first: foreign keys are checked per statement). */
function copyStatements(
  dialect: Dialect,
  columns: Record<Table, ColumnInfo[]>,
  k: number,
  size: number,
  shiftMs: number,
): string[] {
  const id = (column: string) => addToTail(dialect, column, HEX, ID_DIGITS, k);
  const reference = (column: string) => addToTail(dialect, column, REFERENCE_ALPHABET, REFERENCE_DIGITS, k);
  const shift = (column: string) =>
    dialect === "sqlite"
      ? // The text format Prisma writes on SQLite (insert-rows.test.ts): compared as text, so it must match.
        `strftime('%Y-%m-%dT%H:%M:%f+00:00', ${column}, '+${(shiftMs / 1000).toFixed(3)} seconds')`
      : `(${column} + interval '${shiftMs} milliseconds')`;

  const base = `"${BASE_TABLE}" b JOIN "Order" o ON o."id" = b."orderId"`;
  const inCopy = `b."ordinal" < ${size}`;
  // Each generated customer and subscription was made by exactly one `new` base order, and later
  // orders only use those of earlier orders: the first `size` orders bring all theirs along.
  const madeByNew = `${inCopy} AND o."type" = 'new'`;

  const copy = <T extends Table>(
    table: T,
    from: string,
    transforms: Partial<Record<Tables[T], Transform>>,
  ): string => {
    const known = new Set(columns[table].map((c) => c.name));
    for (const name of Object.keys(transforms)) {
      if (!known.has(name)) throw new Error(`multiplyOrders: ${table} has no column ${name}`);
    }
    const exprs = columns[table].map(({ name, isDate }) => {
      const source = `t."${name}"`;
      const transform = (transforms as Record<string, Transform | undefined>)[name];
      return transform ? transform(source) : isDate ? shift(source) : source;
    });
    const list = columns[table].map((c) => `"${c.name}"`).join(", ");
    return `INSERT INTO "${table}" (${list}) SELECT ${exprs.join(", ")} FROM ${from}`;
  };

  return [
    copy("Customer", `${base} JOIN "Customer" t ON t."id" = o."customerId" WHERE ${madeByNew}`, {
      id,
      email: (c) => `replace(${c}, '@', '.k${k}@')`,
      emailLower: (c) => `replace(${c}, '@', '.k${k}@')`,
      lastName: (c) => `${c} || '-${k}'`,
      nameLower: (c) => `${c} || '-${k}'`,
    }),
    copy("Subscription", `${base} JOIN "Subscription" t ON t."id" = o."subscriptionId" WHERE ${madeByNew}`, {
      id,
      reference,
      customerId: id,
    }),
    copy(
      "SubscriptionItem",
      `${base} JOIN "SubscriptionItem" t ON t."subscriptionId" = o."subscriptionId" WHERE ${madeByNew}`,
      { id, subscriptionId: id },
    ),
    copy("Order", `"${BASE_TABLE}" b JOIN "Order" t ON t."id" = b."orderId" WHERE ${inCopy}`, {
      id,
      reference,
      externalId: (c) => `${c} || '-${k}'`,
      customerId: id,
      subscriptionId: id,
    }),
    copy("OrderItem", `${base} JOIN "OrderItem" t ON t."orderId" = o."id" WHERE ${inCopy}`, {
      id,
      orderId: id,
    }),
  ];
}

/**
 * `column` with `k` added, digit by digit (no carry), to its last `width` characters read in
 * `alphabet`. For 0 < k < alphabet.length ** width some digit changes, so the copy differs from
 * its source, and two copies of one row differ too; rows that differ before those digits stay
 * apart. NULL stays NULL. Digits k leaves alone are not touched, so small k is a short expression.
 */
function addToTail(dialect: Dialect, column: string, alphabet: string, width: number, k: number): string {
  const base = alphabet.length;
  const add: number[] = [];
  for (let rest = k, j = 0; j < width; j++, rest = Math.floor(rest / base)) add.push(rest % base);
  const changed = add.reduce((top, digit, j) => (digit ? j + 1 : top), 0);
  const position = (needle: string) =>
    dialect === "sqlite" ? `instr('${alphabet}', ${needle})` : `strpos('${alphabet}', ${needle})`;
  const parts = [`substr(${column}, 1, length(${column}) - ${changed})`];
  for (let j = changed - 1; j >= 0; j--) {
    const char = `substr(${column}, length(${column}) - ${j}, 1)`;
    const digit = add[j] ?? 0;
    parts.push(digit ? `substr('${alphabet}', (${position(char)} - 1 + ${digit}) % ${base} + 1, 1)` : char);
  }
  return `(${parts.join(" || ")})`;
}

type ColumnInfo = { name: string; isDate: boolean };

/** The table's columns in order, as the database has them, and which hold timestamps. */
async function columnsOf(db: Db, dialect: Dialect, table: Table): Promise<ColumnInfo[]> {
  const rows =
    dialect === "sqlite"
      ? await db.$queryRawUnsafe<{ name: string; type: string }[]>(
          `SELECT "name", "type" FROM pragma_table_info('${table}') ORDER BY "cid"`,
        )
      : await db.$queryRawUnsafe<{ name: string; type: string }[]>(
          `SELECT column_name AS "name", data_type AS "type" FROM information_schema.columns
           WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
          table,
        );
  if (rows.length === 0) throw new Error(`multiplyOrders: no table ${table}`);
  return rows.map(({ name, type }) => ({ name, isDate: /^(datetime|timestamp)/i.test(type) }));
}
