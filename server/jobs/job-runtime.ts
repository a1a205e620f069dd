// The job worker of this process, with the scheduled subscription changes: started by the web
// server (instrumentation.ts) unless WORKER_CONCURRENCY is 0, and by `npm run worker` alone. One per process, kept on globalThis:
// Next bundles instrumentation and the route handlers apart, each with its own copy of this
// module, and `wakeJobWorker()` from a route must reach the worker instrumentation started (so a
// job a submit just wrote is picked up at once, not at the next poll).
import { db } from "../db";
import { env } from "../env";
import { log } from "../log";
import { defaultOrderDeps } from "../orders/order-deps";
import { processOrderHandler } from "../orders/process-order";
import { startSubscriptionSchedule } from "../subscriptions/subscription-schedule";
import { deliverWebhookHandler } from "../webhooks/webhook-delivery-job";
import type { JobHandlers, JobWorker } from "./job-worker";
import { startJobWorker } from "./job-worker";

const processWide = globalThis as unknown as {
  portalJobWorker?: JobWorker | null;
  portalStopSchedules?: () => void;
};

export function defaultJobHandlers(): JobHandlers {
  return {
    "order.process": processOrderHandler(defaultOrderDeps()),
    "webhook.deliver": deliverWebhookHandler(),
  };
}

/** Starts this process's worker (once) with `concurrency` jobs at a time; 0 starts none. */
export function startProcessWorker(concurrency = env().workerConcurrency): JobWorker | null {
  if (processWide.portalJobWorker) return processWide.portalJobWorker;
  if (concurrency === 0) return null;
  const settings = env();
  const worker = startJobWorker(db(), defaultJobHandlers(), {
    concurrency,
    retryDelaysMs: settings.orderRetryDelaysMs,
    // (webhook deliveries bring their own, WEBHOOK_RETRY_DELAYS)
    // A run makes a few provider calls, each bounded by the provider timeout; the lease must
    // outlast them all, or a second worker could take a job that is still running.
    leaseMs: Math.max(60_000, settings.billingProviderTimeoutMs * 10),
  });
  processWide.portalJobWorker = worker;
  // Scheduled changes run where jobs run, so WORKER_CONCURRENCY=0 turns both off together.
  processWide.portalStopSchedules = startSubscriptionSchedule();
  log.info("job worker started", { worker: worker.id, concurrency });
  return worker;
}

/** Stops taking jobs and waits for the ones held (see JobWorker.stop). */
export async function stopProcessWorker(): Promise<void> {
  const worker = processWide.portalJobWorker;
  processWide.portalJobWorker = null;
  processWide.portalStopSchedules?.();
  await worker?.stop();
}

export function wakeJobWorker(): void {
  processWide.portalJobWorker?.wake();
}
