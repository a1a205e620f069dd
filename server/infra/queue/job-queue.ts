// The durable job queue: rows of the Job table, on either database. A job is inserted in the same
// transaction as the row it is about (an outbox: `jobInsert` is one write of that transaction), so
// nothing acknowledged is lost. A worker claims a due job with one conditional UPDATE, which holds
// it for a lease; several workers, in one process or in many instances, never hold the same job,
// and the job of a worker that died is free again when its lease runs out. Delivery is at least
// once (a worker can die after the work and before deleting the job), so handlers are idempotent.
// With tracing on, a job carries the trace context it was queued in (in its data, under
// `traceContext`), so its runs show in the trace of the request that queued it.

import type { DbTransaction } from "../db/client";
import type { Db } from "../db/db";
import { newRowId } from "../db/ids";
import { insertRows } from "../db/insert-rows";
import { withTraceCarrier } from "../telemetry/trace-context";

export const JOB_NAMES = ["order.process", "provider.compensate", "webhook.deliver"] as const;
export type JobName = (typeof JOB_NAMES)[number];

export type NewJob = {
  name: JobName;
  data: Record<string, unknown>;
  /** At most one job per key: a second enqueue of the same work fails the transaction. */
  key?: string;
  runAt?: Date;
  maxAttempts: number;
};

export type ClaimedJob = {
  id: string;
  name: JobName;
  data: unknown;
  /** Counting this one. */
  attempts: number;
  maxAttempts: number;
  lockedBy: string;
};

/** The INSERT of a job, to put in the transaction that writes what the job is about. */
export function jobInsert(client: Pick<DbTransaction, "$executeRaw">, job: NewJob, now = new Date()) {
  return insertRows(client, "Job", [
    {
      id: newRowId("job"),
      name: job.name,
      data: withTraceCarrier(job.data),
      key: job.key ?? null,
      runAt: job.runAt ?? now,
      attempts: 0,
      maxAttempts: job.maxAttempts,
      createdAt: now,
    },
  ]);
}

const free = (now: Date) => ({ OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] });

/**
 * Claims up to `limit` due jobs named `names` for `workerId` until `now + leaseMs`, oldest due
 * first. A job another worker claims in between is skipped (its conditional UPDATE matches no row).
 */
export async function claimJobs(
  db: Db,
  workerId: string,
  names: readonly JobName[],
  limit: number,
  leaseMs: number,
  now = new Date(),
): Promise<ClaimedJob[]> {
  const due = await db.job.findMany({
    // Only names this worker handles: during a rolling deploy, an older worker leaves a newer job.
    where: { name: { in: [...names] }, failedAt: null, runAt: { lte: now }, ...free(now) },
    orderBy: { runAt: "asc" },
    take: limit,
    select: { id: true, name: true, data: true, attempts: true, maxAttempts: true },
  });
  const claimed: ClaimedJob[] = [];
  for (const job of due) {
    // `attempts` doubles as a version: a job claimed and released meanwhile has moved on.
    const won = await db.job.updateMany({
      where: { id: job.id, attempts: job.attempts, failedAt: null, ...free(now) },
      data: {
        lockedBy: workerId,
        lockedUntil: new Date(now.getTime() + leaseMs),
        attempts: job.attempts + 1,
      },
    });
    if (won.count !== 1 || !isJobName(job.name)) continue;
    claimed.push({ ...job, name: job.name, attempts: job.attempts + 1, lockedBy: workerId });
  }
  return claimed;
}

function isJobName(name: string): name is JobName {
  return (JOB_NAMES as readonly string[]).includes(name);
}

/** Extends the lease of a job this worker still holds (while it runs). */
export async function renewLease(db: Db, job: ClaimedJob, leaseMs: number): Promise<void> {
  await db.job.updateMany({
    where: { id: job.id, lockedBy: job.lockedBy },
    data: { lockedUntil: new Date(Date.now() + leaseMs) },
  });
}

/** Whether this worker still holds the job (its lease was not lost and taken). */
export async function holdsJob(db: Db, job: ClaimedJob): Promise<boolean> {
  return (await db.job.count({ where: { id: job.id, lockedBy: job.lockedBy } })) === 1;
}

/** Done: the job goes (only if this worker still holds it). */
export async function finishJob(db: Db, job: ClaimedJob): Promise<void> {
  await db.job.deleteMany({ where: { id: job.id, lockedBy: job.lockedBy } });
}

/** Failed this time: it runs again at `runAt`, with the error kept for the operator. */
export async function retryJob(db: Db, job: ClaimedJob, error: string, runAt: Date): Promise<void> {
  await db.job.updateMany({
    where: { id: job.id, lockedBy: job.lockedBy },
    data: { lockedBy: null, lockedUntil: null, runAt, lastError: error.slice(0, 1000) },
  });
}

/** Out of attempts: kept, marked failed, never claimed again. */
export async function failJob(db: Db, job: ClaimedJob, error: string, now = new Date()): Promise<void> {
  await db.job.updateMany({
    where: { id: job.id, lockedBy: job.lockedBy },
    data: { lockedBy: null, lockedUntil: null, failedAt: now, lastError: error.slice(0, 1000) },
  });
}

/** Jobs waiting or running, and failed ones (for health and tests). */
export async function jobCounts(db: Db): Promise<{ pending: number; failed: number }> {
  const [pending, failed] = await Promise.all([
    db.job.count({ where: { failedAt: null } }),
    db.job.count({ where: { failedAt: { not: null } } }),
  ]);
  return { pending, failed };
}
