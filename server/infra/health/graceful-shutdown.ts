// The web server's shutdown, in the order a load balancer needs (docs/operations.md, "Shutdown"):
//
// 1. readiness answers 503 at once, every answer from now on closes its connection, and the job
//    worker stops claiming jobs;
// 2. for SHUTDOWN_DELAY the server keeps serving: balancers notice the 503 and stop sending, and
//    what they send meanwhile is still answered;
// 3. the server stops accepting connections; the requests in flight and the jobs held get
//    SHUTDOWN_GRACE_PERIOD to end;
// 4. the shutdown hooks run (a telemetry flush, say), then the database pools close (each of
//    these bounded too);
// 5. the caller exits with the code this returns: 0, or 1 when the grace ran out with work left
//    or a closing step failed.
//
// Each step is logged, so the log of a deployment shows how its instances went.
import { log } from "../log/log";
import type { InFlightRequests } from "./in-flight-requests";
import { beginShutdown } from "./readiness";
import { runShutdownHooks } from "./shutdown-hooks";

/** Bound on each step after the grace (the pools, the hooks): none may hold the exit for long. */
const CLOSING_STEP_MS = 5_000;

export type ShutdownPlan = {
  /** What started it, for the log: the signal's name. */
  reason: string;
  delayMs: number;
  graceMs: number;
  requests: InFlightRequests;
  /** Stops claiming jobs at once; resolves once the jobs held have ended, or after `graceMs`. */
  stopJobs: (graceMs: number) => Promise<void>;
  closePools: () => Promise<void>;
};

export async function shutDown(plan: ShutdownPlan): Promise<0 | 1> {
  const started = Date.now();
  const { requests } = plan;

  beginShutdown();
  requests.closeConnectionsAfterAnswers();
  // The worker's own bound is the same moment as the requests' deadline below.
  const jobsDeadline = started + plan.delayMs + plan.graceMs;
  const jobsEnded = plan.stopJobs(plan.delayMs + plan.graceMs).then(
    () => Date.now() < jobsDeadline,
    (error) => {
      log.error("shutdown: the job worker failed to stop", { error });
      return false;
    },
  );
  log.info("shutdown: not ready, still serving", {
    reason: plan.reason,
    delayMs: plan.delayMs,
    graceMs: plan.graceMs,
    inFlight: requests.count(),
  });
  await sleep(plan.delayMs);

  requests.stopAccepting();
  const deadline = Date.now() + plan.graceMs;
  log.info("shutdown: stopped accepting connections, draining", {
    inFlight: requests.count(),
    servers: requests.serverCount(),
  });

  const requestsDrained = await requests.drained(deadline);
  if (requestsDrained) log.info("shutdown: requests drained");
  else log.warn("shutdown: grace period over with requests in flight", { inFlight: requests.count() });

  const jobsDone = await before(jobsEnded, Math.max(deadline, jobsDeadline), false);
  if (jobsDone) log.info("shutdown: jobs ended");
  else log.warn("shutdown: grace period over with jobs running; their leases will free them");

  // Hooks first: a flush of telemetry reads metrics from the database.
  const hooksDone = await runShutdownHooks(CLOSING_STEP_MS);
  log.info("shutdown: hooks run", { ok: hooksDone });

  const poolsClosed = await before(
    plan.closePools().then(
      () => true,
      (error) => {
        log.error("shutdown: closing the database pools failed", { error });
        return false;
      },
    ),
    Date.now() + CLOSING_STEP_MS,
    false,
  );
  if (poolsClosed) log.info("shutdown: database pools closed");
  else log.error("shutdown: the database pools did not close", { timeoutMs: CLOSING_STEP_MS });

  const exitCode = requestsDrained && jobsDone && poolsClosed && hooksDone ? 0 : 1;
  log.info("shutdown complete", { exitCode, ms: Date.now() - started });
  return exitCode;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `promise`'s value if it settles before `deadline` (epoch ms), else `otherwise`. */
async function before<T>(promise: Promise<T>, deadline: number, otherwise: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(otherwise), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
