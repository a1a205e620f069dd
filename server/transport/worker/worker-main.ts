// `npm run worker`: the job workers alone, for deployments that run them apart from the web
// servers (which then set WORKER_CONCURRENCY=0). Here WORKER_CONCURRENCY 0 means the default of 4,
// since a worker process that runs nothing has no purpose. On SIGTERM or SIGINT it stops taking
// jobs, waits for the ones it holds (up to SHUTDOWN_GRACE_PERIOD), and exits; a job it could not
// finish is freed by its lease.
import { db } from "../../infra/db/db";
import { EnvError, env } from "../../infra/env/env";
import { databaseHealth } from "../../infra/health/database-health";
import { log } from "../../infra/log/log";
import { startTelemetry, stopTelemetry } from "../../infra/telemetry/telemetry";
import { startProcessWorker, stopProcessWorker } from "./job-runtime";

const DEFAULT_CONCURRENCY = 4;

try {
  env();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`\nThe job worker cannot start.\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const health = await databaseHealth();
if (!health.ok) {
  console.error(`\nThe job worker cannot start: ${health.problem}. ${health.fix ?? ""}\n`);
  process.exit(1);
}

// Traces and OTLP metrics as in the web server (when OTEL_EXPORTER_OTLP_ENDPOINT is set): a job's
// span joins the trace of the request that queued it, whichever process runs it.
await startTelemetry("worker");
const worker = startProcessWorker(env().workerConcurrency || DEFAULT_CONCURRENCY);
console.log(`Job worker ${worker?.id} running (stop with Ctrl+C or SIGTERM).`);
// The worker's poll timer does not hold a process open (in the web server that is right); here
// the process exists for it, so this does until shutdown.
const keepAlive = setInterval(() => {}, 2 ** 30);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  clearInterval(keepAlive);
  log.info("job worker stopping", { signal, graceMs: env().shutdownGracePeriodMs });
  // The same grace as the web server's (SHUTDOWN_GRACE_PERIOD), so one setting bounds both.
  await stopProcessWorker(env().shutdownGracePeriodMs);
  // The spans of the last jobs, and the last metrics (read from the database: before it closes).
  await stopTelemetry().catch((error: unknown) => log.warn("telemetry did not flush", { error }));
  await db().$disconnect();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
