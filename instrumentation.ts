// Next.js start-up and error hooks.
import type { Instrumentation } from "next";

// Runs once when the Next.js server starts. The checks, the schedule and the job worker need
// Node APIs, so they live in modules loaded only in the Node.js runtime.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./server/infra/health/startup-checks");
  // Traces (Next's spans, Prisma's, ours) and OTLP metrics when OTEL_EXPORTER_OTLP_ENDPOINT is
  // set; without it the SDK is not even loaded.
  const { startTelemetry } = await import("./server/infra/telemetry/telemetry");
  await startTelemetry("web");
  const { startPurgeSchedule } = await import("./server/features/maintenance/purge-schedule");
  startPurgeSchedule();
  // Orders submitted to be processed later (WORKER_CONCURRENCY=0: none here; `npm run worker`).
  const { startProcessWorker } = await import("./server/transport/worker/job-runtime");
  startProcessWorker();
  // SIGTERM: readiness 503 at once, requests still served for SHUTDOWN_DELAY, then no new
  // connections while requests and jobs drain, then the pools close and the process exits
  // (docs/operations.md, "Shutdown"). Others add their own last step with onShutdown.
  const { installShutdownOnSignal } = await import("./server/infra/health/shutdown-on-signal");
  installShutdownOnSignal();
}

// Any error a page, route or proxy throws: one JSON log line under the request's id (given by
// proxy.ts, or by the REST frame), so an operator finds it from the X-Request-Id a user reports.
// Next still answers with its usual error (the error page, or a 500).
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logRequestError } = await import("./server/transport/http/request-error-log");
  logRequestError(error, request, context);
};
