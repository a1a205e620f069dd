// The process-wide Prisma client. Kept on globalThis so Next's dev server, which re-evaluates
// modules on every edit, does not open a new connection pool each time.

import { env } from "../env/env";
import { createDbClient, type Db } from "./client";
import { resolveDatabaseTarget } from "./target";

export type { Db } from "./client";

declare global {
  var portalDb: Db | undefined;
}

export function db(): Db {
  globalThis.portalDb ??= createDbClient(resolveDatabaseTarget(env().databaseUrl, env().dataDir), {
    poolSize: env().databasePoolSize,
  });
  return globalThis.portalDb;
}

/**
 * Closes the process-wide client and its connections (the PostgreSQL pool, or the SQLite file):
 * the last step of a shutdown, once no request or job uses it. A later `db()` opens a new one.
 */
export async function closeDb(): Promise<void> {
  const client = globalThis.portalDb;
  globalThis.portalDb = undefined;
  await client?.$disconnect();
}
