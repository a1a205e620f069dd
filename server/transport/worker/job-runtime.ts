// The job workers of this process, with the scheduled subscription changes: started by the web
// server (instrumentation.ts) unless WORKER_CONCURRENCY is 0, and by `npm run worker` alone. One
// set per process (server/infra/queue/process-workers.ts keeps it, and wakes and stops it).
//
// Orders and webhook deliveries have a worker each, with its own slots (WORKER_CONCURRENCY and
// WEBHOOK_CONCURRENCY): a delivery may wait 10 s on a partner's slow receiver, and however many a
// partner's receivers hold, orders processed later keep their own slots.

import { compensationHandler } from "../../features/orders/compensation";
import { defaultOrderDeps } from "../../features/orders/order-deps";
import { processOrderHandler } from "../../features/orders/process-order";
import { startSubscriptionSchedule } from "../../features/subscriptions/subscription-schedule";
import { deliverWebhookHandler } from "../../features/webhooks/webhook-delivery-job";
import { db } from "../../infra/db/db";
import { env } from "../../infra/env/env";
import { log } from "../../infra/log/log";
import type { JobWorker } from "../../infra/queue/job-worker";
import { startJobWorker } from "../../infra/queue/job-worker";
import {
  registerProcessWorker,
  runningProcessWorker,
  stopProcessWorker as stopRegisteredWorker,
} from "../../infra/queue/process-workers";

/**
 * Starts this process's workers (once): orders `concurrency` at a time, webhook deliveries
 * WEBHOOK_CONCURRENCY at a time; 0 starts none. Answers them as one worker.
 */
export function startProcessWorker(concurrency = env().workerConcurrency): JobWorker | null {
  const running = runningProcessWorker();
  if (running) return running;
  if (concurrency === 0) return null;
  const settings = env();
  const orders = startJobWorker(
    db(),
    {
      "order.process": processOrderHandler(defaultOrderDeps()),
      "provider.compensate": compensationHandler(defaultOrderDeps()),
    },
    {
      concurrency,
      retryDelaysMs: settings.orderRetryDelaysMs,
      // A run makes a few provider calls, each bounded by the provider timeout; the lease must
      // outlast them all, or a second worker could take a job that is still running.
      leaseMs: Math.max(60_000, settings.billingProviderTimeoutMs * 10),
    },
  );
  const webhooks = startJobWorker(
    db(),
    { "webhook.deliver": deliverWebhookHandler() },
    // A delivery is one request of at most 10 s (plus the name's resolution).
    {
      concurrency: settings.webhookConcurrency,
      retryDelaysMs: settings.webhookRetryDelaysMs,
      leaseMs: 60_000,
    },
  );
  const worker = combined([orders, webhooks]);
  // Scheduled changes run where jobs run, so WORKER_CONCURRENCY=0 turns both off together.
  registerProcessWorker(worker, startSubscriptionSchedule());
  log.info("job workers started", { orders: orders.id, webhooks: webhooks.id, concurrency });
  return worker;
}

/**
 * Several workers as one. `drain` drains them in the order given: an order's processing queues
 * webhook deliveries, never the other way round, so one pass leaves nothing due.
 */
function combined(workers: JobWorker[]): JobWorker {
  return {
    id: workers.map((w) => w.id).join("+"),
    wake: () => {
      for (const w of workers) w.wake();
    },
    async drain() {
      for (const w of workers) await w.drain();
    },
    async stop(options) {
      await Promise.all(workers.map((w) => w.stop(options)));
    },
  };
}

/** Stops this process's workers, waiting up to SHUTDOWN_GRACE_PERIOD for the jobs they hold. */
export async function stopProcessWorker(graceMs = env().shutdownGracePeriodMs): Promise<void> {
  await stopRegisteredWorker(graceMs);
}
