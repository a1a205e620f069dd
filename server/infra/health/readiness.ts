// Readiness: may this instance take traffic? Only when the database answers and is fully migrated,
// and not once shutdown has begun (SIGTERM turns it off first, so a load balancer stops sending
// requests before the process goes). The database check is cached for a few seconds: probes come
// every few seconds from every balancer, and each check reads the migrations table.
//
// Kept on globalThis: instrumentation.ts (which sees SIGTERM) and the route that answers the
// probe are bundled apart, each with its own copy of this module.
import { databaseHealth } from "./database-health";

const CACHE_MS = 2_000;

type State = { shuttingDown: boolean; checked?: { at: number; ok: boolean } };
declare global {
  var portalReadiness: State | undefined;
}
const state = (): State => {
  globalThis.portalReadiness ??= { shuttingDown: false };
  return globalThis.portalReadiness;
};

/** From now on this instance reports not ready (called on SIGTERM). */
export function beginShutdown(): void {
  state().shuttingDown = true;
}

export async function isReady(now = Date.now()): Promise<boolean> {
  const current = state();
  if (current.shuttingDown) return false;
  if (current.checked && now - current.checked.at < CACHE_MS) return current.checked.ok;
  const ok = (await databaseHealth()).ok;
  current.checked = { at: now, ok };
  return ok;
}
