// Next.js start-up and error hooks.
import type { Instrumentation } from "next";

// Runs once when the Next.js server starts. The checks, the schedule and the job worker need
// Node APIs, so they live in modules loaded only in the Node.js runtime.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./server/startup-checks");
  const { startPurgeSchedule } = await import("./server/maintenance/purge-schedule");
  startPurgeSchedule();
  // Orders submitted to be processed later (WORKER_CONCURRENCY=0: none here; `npm run worker`).
  // On SIGTERM it stops claiming at once; Next then closes and exits without waiting for the
  // jobs in flight, which their leases free for another worker (`npm run worker` waits for them).
  const { startProcessWorker, stopProcessWorker } = await import("./server/jobs/job-runtime");
  const started = startProcessWorker();
  // Readiness turns 503 first, so a load balancer takes the instance out of rotation.
  const { beginShutdown } = await import("./server/health/readiness");
  process.once("SIGTERM", () => {
    beginShutdown();
    if (started) void stopProcessWorker();
  });
}

// Any error a page, route or proxy throws: one JSON log line under the request's id (given by
// proxy.ts, or by the REST frame), so an operator finds it from the X-Request-Id a user reports.
// Next still answers with its usual error (the error page, or a 500).
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logRequestError } = await import("./server/http/request-error-log");
  logRequestError(error, request, context);
};
