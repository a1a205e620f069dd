// Builds a Prisma client for a database target. The two generated clients come from one schema
// (prisma/schema.prisma; the PostgreSQL copy is generated and checked for drift), so they expose
// the same API: the SQLite client's type stands for both.

import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgresql/client";
import { PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client";
import { serializedSqliteAdapter } from "./serialized-sqlite-adapter";
import type { DatabaseTarget } from "./target";

export type Db = SqlitePrismaClient;

export type DbOptions = { poolSize?: number };

/** How long a writer waits for another process's lock on the embedded database. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export function createDbClient(target: DatabaseTarget, options: DbOptions = {}): Db {
  if (target.kind === "postgresql") {
    const adapter = new PrismaPg({ connectionString: target.url, max: options.poolSize ?? 10 });
    return new PostgresPrismaClient({ adapter }) as unknown as Db;
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
