// Work to do as the web server shuts down, once its requests and jobs have ended and before its
// database pools close: e.g. flushing telemetry. A module registers its hook where it starts the
// thing to stop.
//
// Kept on globalThis: the module that registers a hook and instrumentation.ts (which runs them)
// may be bundled apart, each with its own copy of this module.
import { log } from "../log/log";

export type ShutdownHook = { name: string; run: () => Promise<void> | void };

declare global {
  var portalShutdownHooks: ShutdownHook[] | undefined;
}
const hooks = (): ShutdownHook[] => {
  globalThis.portalShutdownHooks ??= [];
  return globalThis.portalShutdownHooks;
};

/** Runs `hook` once when the server shuts down; `name` is what the log calls it. */
export function onShutdown(hook: () => Promise<void> | void, name = hook.name || "anonymous"): void {
  hooks().push({ name, run: hook });
}

/**
 * Runs every hook at once, each bounded by `timeoutMs`; one that fails or is late is logged and
 * does not hold the others. Resolves true when all ended well.
 */
export async function runShutdownHooks(timeoutMs: number): Promise<boolean> {
  const registered = hooks().splice(0);
  const outcomes = await Promise.all(
    registered.map(async (hook) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not end within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([Promise.resolve().then(hook.run), late]);
        return true;
      } catch (error) {
        log.error("shutdown hook failed", { hook: hook.name, error });
        return false;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return outcomes.every(Boolean);
}
