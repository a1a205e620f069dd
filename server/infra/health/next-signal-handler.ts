// Next.js's own handler of SIGTERM and SIGINT, and how this app takes the signals over from it.
//
// `next start` and the standalone server.js both run next/dist/server/lib/start-server.js, which
// registers a handler of both signals unless NEXT_MANUAL_SIG_HANDLE is set in the environment the
// process starts with (it reads it before it loads .env files or instrumentation.ts). That
// handler closes the server at once, so connections are refused while balancers still send them
// and nobody sees readiness turn 503; it waits for requests without a bound, and exits 143
// without waiting for jobs. Deployments set the variable (docs/operations.md, "Shutdown"). Where
// one did not, the handler it registered (the function named `cleanup`) is removed, so the app's
// shutdown still runs alone; should a future Next name it otherwise, a warning says so.
import { log } from "../log/log";

const SIGNALS = ["SIGTERM", "SIGINT"] as const;
const NEXT_HANDLER_NAME = "cleanup";

/** Removes Next's handlers of SIGTERM and SIGINT; answers how many it removed. */
export function takeSignalsFromNext(): number {
  let removed = 0;
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (listener.name !== NEXT_HANDLER_NAME) continue;
      process.removeListener(signal, listener);
      removed++;
    }
  }
  if (removed > 0) {
    log.info("shutdown: took SIGTERM and SIGINT over from Next.js", {
      hint: "set NEXT_MANUAL_SIG_HANDLE=true where the server is started (docs/operations.md, Shutdown)",
    });
  } else if (!process.env.NEXT_MANUAL_SIG_HANDLE && process.listenerCount("SIGTERM") > 0) {
    log.warn("shutdown: SIGTERM has a handler that is not this app's; Next.js may exit before the drain", {
      fix: "set NEXT_MANUAL_SIG_HANDLE=true where the server is started",
    });
  }
  return removed;
}
