// `purge`, and the web server's hourly run of it: deletes what has outlived its purpose, in small
// batches so a large backlog never holds a long write lock on the embedded database.
// Today that is idempotency records past their 24-hour window (a retry after that is a new
// order anyway, see orders/idempotency.ts) and sign-in brake rows nobody has touched for a day
// (auth/sign-in-throttle.ts; one per account and address ever tried, so they would only grow),
// jobs that failed for good more than 30 days ago (they hold customer details), and the ids of
// provider events older than 30 days (Stripe redelivers for 3 days at most), and webhook
// deliveries to partners settled more than 30 days ago (their payloads hold customer details;
// the delivery log a partner reads covers the last 30 days), and rate-limit buckets idle for a
// day (infra/rate-limit). Then it refreshes the embedded database's planner statistics.

import { refreshPlannerStatistics } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import { purgeIdleBuckets } from "../../infra/rate-limit/rate-limit";
import { purgeForgottenBrakes } from "../auth/sign-in-throttle";

const BATCH = 500;

const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export type PurgeResult = {
  idempotencyRecords: number;
  signInBrakes: number;
  failedJobs: number;
  providerEvents: number;
  webhookDeliveries: number;
  rateLimitBuckets: number;
  ms: number;
};

export async function purgeExpired(
  db: Db,
  now: Date = new Date(),
  progress: (deleted: number) => void = () => {},
): Promise<PurgeResult> {
  const started = performance.now();
  let deleted = 0;
  for (;;) {
    const batch = await db.idempotencyRecord.findMany({
      where: { expiresAt: { lt: now } },
      select: { id: true },
      take: BATCH,
    });
    if (batch.length === 0) break;
    const { count } = await db.idempotencyRecord.deleteMany({
      where: { id: { in: batch.map((row) => row.id) }, expiresAt: { lt: now } },
    });
    deleted += count;
    progress(deleted);
    if (batch.length < BATCH) break;
  }
  const signInBrakes = await purgeForgottenBrakes(db, now);
  const retained = new Date(now.getTime() - RETENTION_MS);
  const failedJobs = await db.job.deleteMany({ where: { failedAt: { lt: retained } } });
  const providerEvents = await db.providerEvent.deleteMany({ where: { receivedAt: { lt: retained } } });
  const webhookDeliveries = await db.webhookDelivery.deleteMany({
    where: { status: { in: ["delivered", "failed"] }, createdAt: { lt: retained } },
  });
  const rateLimitBuckets = await purgeIdleBuckets(db, now.getTime());
  // What was written since the last run may have changed which index the planner should pick.
  await refreshPlannerStatistics(db);
  return {
    idempotencyRecords: deleted,
    signInBrakes,
    failedJobs: failedJobs.count,
    providerEvents: providerEvents.count,
    webhookDeliveries: webhookDeliveries.count,
    rateLimitBuckets,
    ms: Math.round(performance.now() - started),
  };
}
