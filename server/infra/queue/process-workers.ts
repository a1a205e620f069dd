// The job workers this process runs, kept on globalThis: Next bundles instrumentation and the
// route handlers apart, each with its own copy of every module, and `wakeJobWorker()` from a
// route must reach the workers instrumentation started (so a job a submit just wrote is picked
// up at once, not at the next poll). Which handlers run is wired in
// server/transport/worker/job-runtime.ts; use cases and shutdown only wake or stop what is here.
import type { JobWorker } from "./job-worker";

declare global {
  var portalJobWorker: JobWorker | null | undefined;
  var portalStopSchedules: (() => void) | undefined;
}

export function runningProcessWorker(): JobWorker | null {
  return globalThis.portalJobWorker ?? null;
}

/** Records the workers (and the scheduled changes beside them) that this process started. */
export function registerProcessWorker(worker: JobWorker, stopSchedules: () => void): void {
  globalThis.portalJobWorker = worker;
  globalThis.portalStopSchedules = stopSchedules;
}

/**
 * Stops taking jobs at once and waits up to `graceMs` (SHUTDOWN_GRACE_PERIOD) for the ones held
 * (see JobWorker.stop); a job still running then is freed by its lease for another worker.
 */
export async function stopProcessWorker(graceMs: number): Promise<void> {
  const worker = globalThis.portalJobWorker;
  globalThis.portalJobWorker = null;
  globalThis.portalStopSchedules?.();
  await worker?.stop({ graceMs });
}

export function wakeJobWorker(): void {
  globalThis.portalJobWorker?.wake();
}
