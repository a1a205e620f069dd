// SIGTERM (and SIGINT) for the web server: instrumentation.ts installs this once at start-up; the
// signal runs the shutdown of graceful-shutdown.ts and the process exits with its code. SIGINT
// (Ctrl+C at a shell, where no balancer waits) skips the delay; a second SIGINT exits at once.
//
// Next.js has its own handler of both signals unless NEXT_MANUAL_SIG_HANDLE is set: see
// next-signal-handler.ts, which takes the signals over from it when a deployment did not set it.
//
// Outside production (`next dev`) Next's handler stays: the dev server exits at once, after
// readiness turns 503 and the job worker stops claiming.

import { closeDb } from "../db/db";
import { env } from "../env/env";
import { log } from "../log/log";
import { stopProcessWorker } from "../queue/process-workers";
import { shutDown } from "./graceful-shutdown";
import { trackInFlightRequests } from "./in-flight-requests";
import { takeSignalsFromNext } from "./next-signal-handler";
import { beginShutdown } from "./readiness";

declare global {
  var portalShutdownOnSignal: boolean | undefined;
}

export function installShutdownOnSignal(): void {
  if (globalThis.portalShutdownOnSignal) return;
  globalThis.portalShutdownOnSignal = true;
  const settings = env();

  if (!settings.isProduction) {
    process.once("SIGTERM", () => {
      beginShutdown();
      void stopProcessWorker(settings.shutdownGracePeriodMs);
    });
    return;
  }

  const requests = trackInFlightRequests();
  takeSignalsFromNext();
  let shutdown: Promise<void> | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shutdown) {
      if (signal === "SIGINT") {
        log.warn("shutdown: second SIGINT, exiting now", { inFlight: requests.count() });
        process.exit(1);
      }
      log.info("shutdown: already under way", { signal });
      return;
    }
    shutdown = shutDown({
      reason: signal,
      delayMs: signal === "SIGINT" ? 0 : settings.shutdownDelayMs,
      graceMs: settings.shutdownGracePeriodMs,
      requests,
      stopJobs: stopProcessWorker,
      closePools: closeDb,
    }).then(
      (code) => process.exit(code),
      (error) => {
        log.error("shutdown failed", { error });
        process.exit(1);
      },
    );
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, onSignal);
}
