// The process-wide Prisma client. Kept on globalThis so Next's dev server, which re-evaluates
// modules on every edit, does not open a new connection pool each time.
import { createDbClient, type Db } from "./db/client";
import { resolveDatabaseTarget } from "./db/target";
import { env } from "./env";

export type { Db } from "./db/client";

const globalForDb = globalThis as unknown as { portalDb?: Db };

export function db(): Db {
  globalForDb.portalDb ??= createDbClient(resolveDatabaseTarget(env().databaseUrl));
  return globalForDb.portalDb;
}

/**
 * Closes the process-wide client and its connections (the PostgreSQL pool, or the SQLite file):
 * the last step of a shutdown, once no request or job uses it. A later `db()` opens a new one.
 */
export async function closeDb(): Promise<void> {
  const client = globalForDb.portalDb;
  globalForDb.portalDb = undefined;
  await client?.$disconnect();
}
