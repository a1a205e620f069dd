// The better-sqlite3 driver adapter, as the schema engine needs it.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlQuery } from "@prisma/driver-adapter-utils";
import Database from "better-sqlite3";
import { type ClosableAdapterFactory, closableAdapterFactory } from "./closable-adapter-factory";

/** Same wait as the app (server/infra/db/client.ts) for another process's write lock. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Creates the folder and the file if needed and switches the file to WAL: WAL is a property of the
 * database file, so every later connection (the app's included) uses it.
 */
export function prepareSqliteFile(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const conn = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    conn.pragma("journal_mode = WAL");
  } finally {
    conn.close();
  }
}

/**
 * When the engine replays migrations into the (in-memory) shadow database it sends each whole
 * script to executeRaw, and better-sqlite3 refuses to prepare more than one statement
 * (docs/architecture.md, migration workaround 4). Those calls go to executeScript, which runs a whole script.
 */
function withMultiStatementExecuteRaw(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = async (query: SqlQuery): Promise<number> => {
    try {
      return await adapter.executeRaw(query);
    } catch (error) {
      const multiStatement = error instanceof RangeError && /more than one statement/.test(error.message);
      if (!multiStatement || query.args.length > 0) throw error;
      await adapter.executeScript(query.sql);
      return 0;
    }
  };
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw,
    executeScript: (script) => adapter.executeScript(script),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
  };
}

/** An adapter factory on one SQLite file; the shadow database is a fresh in-memory database. */
export function sqliteAdapterFactory(file: string): ClosableAdapterFactory {
  const inner = new PrismaBetterSqlite3({ url: file, timeout: BUSY_TIMEOUT_MS });
  return closableAdapterFactory({
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => withMultiStatementExecuteRaw(await inner.connect()),
    connectToShadowDb: async () => withMultiStatementExecuteRaw(await inner.connectToShadowDb()),
  });
}
