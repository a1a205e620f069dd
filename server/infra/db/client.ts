// Builds a Prisma client for a database target. The two generated clients come from one schema
// (prisma/schema.prisma; the PostgreSQL copy is generated and checked for drift), so they expose
// the same model API. `Db` is what both offer: the SQLite client's model API (PostgreSQL's
// accepts all it accepts), with the transactions both run (SQLite knows one isolation level).

import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgresql/client";
import { Prisma, PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client";
import { serializedSqliteAdapter } from "./serialized-sqlite-adapter";
import type { DatabaseTarget } from "./target";

type Sqlite = SqlitePrismaClient;
type ModelName = Exclude<keyof Sqlite, `$${string}` | symbol>;

/**
 * A model's API as both clients offer it, which the compiler checks the PostgreSQL client
 * against (createDbClient has no cast). Left out: `aggregate` and `groupBy`, whose answer types
 * TypeScript cannot match across the two generated clients (deep conditional types, each
 * client's own), reached through `aggregating` below; and the symbol-keyed type metadata.
 */
type SharedModels = { [M in ModelName]: Omit<Sqlite[M], "aggregate" | "groupBy" | symbol> };

/** The client inside an interactive transaction. */
export type DbTransaction = SharedModels &
  Pick<Sqlite, "$queryRaw" | "$executeRaw" | "$queryRawUnsafe" | "$executeRawUnsafe">;

export type Db = DbTransaction &
  Pick<Sqlite, "$connect" | "$disconnect"> & {
    $transaction<P extends Prisma.PrismaPromise<unknown>[]>(
      batch: [...P],
      options?: { maxWait?: number; timeout?: number },
    ): Promise<{ [K in keyof P]: Awaited<P[K]> }>;
    $transaction<R>(
      fn: (tx: DbTransaction) => Promise<R>,
      options?: { maxWait?: number; timeout?: number },
    ): Promise<R>;
  };

/**
 * The one bridge between the two clients' types: `groupBy` and `aggregate`, typed by the SQLite
 * client. Both clients run them alike at run time (the dashboard's tests run on both databases).
 */
export function aggregating(db: Db | DbTransaction): Pick<Sqlite, ModelName> {
  return db as unknown as Sqlite;
}

/** Prisma's generated types (selects, payloads), the same for both clients. */
export type { Prisma as DbTypes } from "./generated/sqlite/client";

/** Clears a JSON column (a plain null would store the JSON value null); both clients accept it. */
export const JsonColumnNull = Prisma.DbNull;

export type DbOptions = {
  poolSize?: number;
  /** Called with each statement Prisma sends and its parameters (JSON): for tools such as bench:scale --explain. */
  onQuery?: (query: string, params: string) => void;
};

/** Prisma's query events, only when asked for: logging them costs on every statement. */
function queryLogOf(options: DbOptions) {
  return options.onQuery ? { log: [{ emit: "event" as const, level: "query" as const }] } : {};
}

/** How long a writer waits for another process's lock on the embedded database. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

declare global {
  var portalDbKinds: WeakMap<object, DatabaseTarget["kind"]> | undefined;
}

/**
 * Which database each client speaks to, for the few statements only one of them knows. Kept on
 * globalThis: Next bundles this module into several chunks, each with its own copy, and a client
 * made by one copy (db.ts's) is asked about by another (a feature's).
 */
globalThis.portalDbKinds ??= new WeakMap<object, DatabaseTarget["kind"]>();
const kinds = globalThis.portalDbKinds;

export function databaseKindOf(db: Db | DbTransaction): DatabaseTarget["kind"] | undefined {
  return kinds.get(db);
}

export function createDbClient(target: DatabaseTarget, options: DbOptions = {}): Db {
  if (target.kind === "postgresql") {
    const adapter = new PrismaPg({ connectionString: target.url, max: options.poolSize ?? 10 });
    const client = new PostgresPrismaClient({ adapter, ...queryLogOf(options) });
    const onQuery = options.onQuery;
    if (onQuery) (client as PostgresPrismaClient<"query">).$on("query", (e) => onQuery(e.query, e.params));
    kinds.set(client, "postgresql");
    return client;
  }
  mkdirSync(path.dirname(target.file), { recursive: true });
  prepareSqliteFile(target.file);
  // better-sqlite3 is built with foreign keys on and synchronous=NORMAL for WAL databases, so
  // every connection the adapter opens gets both: onDelete rules bind, and commits skip the
  // per-transaction fsync while staying durable across a process crash (docs/architecture.md,
  // "Embedded SQLite by default").
  const adapter = new PrismaBetterSqlite3({ url: target.file, timeout: SQLITE_BUSY_TIMEOUT_MS });
  // One connection: statements outside a transaction must wait for an open one to end.
  const client = new SqlitePrismaClient({
    adapter: serializedSqliteAdapter(adapter),
    ...queryLogOf(options),
  });
  const onQuery = options.onQuery;
  if (onQuery) (client as SqlitePrismaClient<"query">).$on("query", (e) => onQuery(e.query, e.params));
  kinds.set(client, "sqlite");
  return client;
}

/**
 * WAL is a property of the file, so setting it once makes every later connection use it. The
 * planner's statistics (sqlite_stat1) are stored in the file too: without them SQLite guesses,
 * and guesses wrong where it matters most, walking a partner's whole order index for a search
 * that three unique indexes answer at once (130 ms against 0.7 ms at 10,000 orders). `optimize`
 * with 0x10002 analyses the tables whose statistics are missing or stale, within analysis_limit
 * rows per index, so it stays quick on a large file; refreshPlannerStatistics repeats it hourly.
 */
function prepareSqliteFile(file: string): void {
  const conn = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    conn.pragma("journal_mode = WAL");
    conn.pragma(`analysis_limit = ${SQLITE_ANALYSIS_LIMIT}`);
    conn.pragma("optimize = 0x10002");
  } finally {
    conn.close();
  }
}

/** Rows per index that ANALYZE reads: enough for the planner, quick on a million orders. */
const SQLITE_ANALYSIS_LIMIT = 1000;

/**
 * Brings the planner's statistics up to date with the data (embedded database: `PRAGMA
 * optimize`, which analyses only the tables that changed enough since last time). PostgreSQL's
 * autovacuum does this by itself. Run hourly by the purge, and after bulk writes.
 */
export async function refreshPlannerStatistics(db: Db): Promise<void> {
  if (databaseKindOf(db) !== "sqlite") return;
  await db.$executeRawUnsafe(`PRAGMA analysis_limit = ${SQLITE_ANALYSIS_LIMIT}`);
  await db.$executeRawUnsafe("PRAGMA optimize");
}
