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

export type DbOptions = { poolSize?: number };

/** How long a writer waits for another process's lock on the embedded database. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export function createDbClient(target: DatabaseTarget, options: DbOptions = {}): Db {
  if (target.kind === "postgresql") {
    const adapter = new PrismaPg({ connectionString: target.url, max: options.poolSize ?? 10 });
    return new PostgresPrismaClient({ adapter });
  }
  mkdirSync(path.dirname(target.file), { recursive: true });
  ensureWalMode(target.file);
  // better-sqlite3 is built with foreign keys on and synchronous=NORMAL for WAL databases, so
  // every connection the adapter opens gets both: onDelete rules bind, and commits skip the
  // per-transaction fsync while staying durable across a process crash (docs/architecture.md,
  // "Embedded SQLite by default").
  const adapter = new PrismaBetterSqlite3({ url: target.file, timeout: SQLITE_BUSY_TIMEOUT_MS });
  // One connection: statements outside a transaction must wait for an open one to end.
  return new SqlitePrismaClient({ adapter: serializedSqliteAdapter(adapter) });
}

/** WAL is a property of the file, so setting it once makes every later connection use it. */
function ensureWalMode(file: string): void {
  const conn = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    conn.pragma("journal_mode = WAL");
  } finally {
    conn.close();
  }
}
