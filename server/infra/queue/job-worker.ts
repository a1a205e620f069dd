// A worker: claims due jobs up to its concurrency, runs each with its handler, and deletes it when
// the handler returns. A handler that throws has the job retried after the next delay of its
// schedule, until its attempts are used up; then the handler's `exhausted` records the failure
// where users see it and the job is kept as failed. It polls the table (cheap: one indexed
// query) and can be woken at once by `wake()`, which the submit path calls after writing a job
// in the same process. `stop()` stops claiming and waits for the jobs it holds; one it cannot
// finish in time is left to its lease, after which another worker takes it.
//
// Each run has its span (in the trace that queued the job, see server/infra/telemetry/job-span.ts) and
// a log context with the job's id and kind, so every line the run causes says which job it was.
// A run starts from the worker's own async context, not from that of whatever woke the worker (a
// request's `wake()`), so it never carries that request's id or span. Polling is not traced: it
// would make a trace of its own twice a second.
import { AsyncResource } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { Db } from "../db/db";
import { log } from "../log/log";
import { withLogContext } from "../log/log-context";
import { metrics } from "../metrics/metrics";
import { inJobSpan } from "../telemetry/job-span";
import { markError, markFailed, type Span, untraced } from "../telemetry/spans";
import {
  type ClaimedJob,
  claimJobs,
  failJob,
  finishJob,
  holdsJob,
  type JobName,
  renewLease,
  retryJob,
} from "./job-queue";

export type JobHandler = {
  run: (db: Db, job: ClaimedJob) => Promise<void>;
  /** The last attempt failed with `error`: record the outcome (the job is then kept as failed). */
  exhausted: (db: Db, job: ClaimedJob, error: unknown) => Promise<void>;
  /** Whether an error is worth another attempt (a refusal is not); default: every error. */
  retryable?: (error: unknown) => boolean;
  /** This kind's own waits between attempts, instead of the worker's. */
  retryDelaysMs?: readonly number[];
  /** How loudly a failure is logged; default `error` (an operator should look). */
  failureLogLevel?: "warn" | "error";
};

/** The kinds of job a worker runs; it never claims others. */
export type JobHandlers = Readonly<Partial<Record<JobName, JobHandler>>>;

export type WorkerOptions = {
  concurrency: number;
  /**
   * Delay before attempt 2, 3, ... (the last one repeats if attempts outnumber it), for the
   * kinds of job without their own.
   */
  retryDelaysMs: readonly number[];
  pollMs?: number;
  /** How long a claim holds a job; must exceed the longest run (provider calls time out first). */
  leaseMs?: number;
  id?: string;
};

export type JobWorker = {
  readonly id: string;
  /** Look for due jobs now rather than at the next poll. */
  wake(): void;
  /** Runs due jobs until none is left (for tests and the benchmark). */
  drain(): Promise<void>;
  stop(options?: { graceMs?: number }): Promise<void>;
};

const DEFAULT_POLL_MS = 500;
const DEFAULT_LEASE_MS = 60_000;
/** Tries, after the last attempt, to record a job's failure where users see it. */
const EXHAUSTED_RETRIES = 3;

export function startJobWorker(db: Db, handlers: JobHandlers, options: WorkerOptions): JobWorker {
  const id = options.id ?? `worker-${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const running = new Set<Promise<void>>();
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let looking: Promise<number> | null = null;
  let lookAgain = false;
  /** Jobs run to their end so far (for drain). */
  let ended = 0;

  const names = Object.keys(handlers) as JobName[];
  const delaysOf = (handler: JobHandler) => handler.retryDelaysMs ?? options.retryDelaysMs;
  // The async context the worker was started in (no request's), for every run to start from.
  const ownContext = new AsyncResource("portal-job-worker");

  function runOne(job: ClaimedJob): Promise<void> {
    return ownContext.runInAsyncScope(() =>
      withLogContext({ job_id: job.id, job_type: job.name }, () =>
        inJobSpan(job, (span) => runInSpan(job, span)),
      ),
    );
  }

  async function runInSpan(job: ClaimedJob, span: Span): Promise<void> {
    const handler = handlers[job.name];
    if (!handler) throw new Error(`invariant: claimed a ${job.name} job without its handler`);
    // A job claimed past its attempts ran out of them in a worker that stopped mid-run.
    if (job.attempts > job.maxAttempts) {
      const outcome = await settleFailure(
        db,
        handler,
        job,
        new Error("ran out of attempts"),
        delaysOf(handler),
      );
      span.setAttribute("job.outcome", outcome);
      markError(span, "ran out of attempts");
      return;
    }
    // While it runs, the lease is renewed, so a long run is never taken by a second worker.
    const heartbeat = setInterval(() => {
      renewLease(db, job, leaseMs).catch((error) =>
        log.warn("job lease renewal failed", { job: job.id, error }),
      );
    }, leaseMs / 3);
    heartbeat.unref();
    const started = performance.now();
    try {
      await handler.run(db, job);
      await finishJob(db, job);
      metrics().jobs.inc({ name: job.name, outcome: "done" });
      span.setAttribute("job.outcome", "done");
    } catch (error) {
      const outcome = await settleFailure(db, handler, job, error, delaysOf(handler));
      metrics().jobs.inc({ name: job.name, outcome });
      span.setAttribute("job.outcome", outcome);
      markFailed(span, error);
    } finally {
      clearInterval(heartbeat);
      metrics().jobDuration.observe({ name: job.name }, (performance.now() - started) / 1000);
    }
  }

  /** Claims what free slots allow and starts it; returns how many it started. */
  async function look(): Promise<number> {
    const slots = options.concurrency - running.size;
    if (stopping || slots <= 0) return 0;
    const jobs = await untraced(() => claimJobs(db, id, names, slots, leaseMs));
    for (const job of jobs) {
      const task = runOne(job).finally(() => {
        running.delete(task);
        ended++;
        wake();
      });
      running.add(task);
    }
    return jobs.length;
  }

  /** One look at a time; a wake during a look asks for one more after it. */
  function wake(): void {
    if (stopping) return;
    if (looking) {
      lookAgain = true;
      return;
    }
    looking = look()
      .catch((error) => {
        log.warn("job worker could not claim jobs; will try again", { worker: id, error });
        return 0;
      })
      .finally(() => {
        looking = null;
        if (lookAgain) {
          lookAgain = false;
          wake();
        }
      });
  }

  function schedule(): void {
    timer = setTimeout(() => {
      wake();
      if (!stopping) schedule();
    }, options.pollMs ?? DEFAULT_POLL_MS);
    timer.unref();
  }
  schedule();
  wake();

  return {
    id,
    wake,
    async drain() {
      for (;;) {
        while (looking) await looking;
        // A job that ends while this look runs may leave a retry its query did not see.
        const endedBefore = ended;
        looking = look();
        const started = await looking.finally(() => {
          looking = null;
        });
        if (running.size > 0) await Promise.race(running);
        else if (started === 0 && ended === endedBefore) return;
      }
    },
    async stop({ graceMs = 25_000 } = {}) {
      stopping = true;
      if (timer) clearTimeout(timer);
      const deadline = Date.now() + graceMs;
      // A look under way may still start jobs: wait for it, then for every job running.
      if (looking) await looking.catch(() => 0);
      while (running.size > 0 && Date.now() < deadline) {
        const pause = new Promise((resolve) => setTimeout(resolve, deadline - Date.now()).unref());
        await Promise.race([Promise.allSettled([...running]), pause]);
      }
      if (running.size > 0) {
        log.warn("job worker stopped with jobs still running; their leases will free them", {
          worker: id,
          running: running.size,
        });
      }
    },
  };
}

async function settleFailure(
  db: Db,
  handler: JobHandler,
  job: ClaimedJob,
  error: unknown,
  delaysMs: readonly number[],
): Promise<"retry" | "failed"> {
  const reason = error instanceof Error ? error.message : String(error);
  const retryable = handler.retryable?.(error) ?? true;
  const delay = delaysMs[Math.min(job.attempts - 1, delaysMs.length - 1)] ?? 0;
  try {
    if (retryable && job.attempts < job.maxAttempts) {
      log.warn("job failed; will retry", { job: job.id, name: job.name, attempt: job.attempts, error });
      await retryJob(db, job, reason, new Date(Date.now() + delay));
      return "retry";
    }
    // Only the holder settles a job for good: one whose lease was lost is another worker's now.
    if (!(await holdsJob(db, job))) return "retry";
    log[handler.failureLogLevel ?? "error"]("job failed for good", {
      job: job.id,
      name: job.name,
      attempt: job.attempts,
      error,
    });
    try {
      await handler.exhausted(db, job, error);
    } catch (recordError) {
      // The outcome could not be recorded (the database, or data no handler can read): try again
      // later, a few times, then keep the job failed for an operator rather than loop for ever.
      if (job.attempts < job.maxAttempts + EXHAUSTED_RETRIES) {
        log.error("job outcome could not be recorded; will try again", { job: job.id, error: recordError });
        await retryJob(db, job, reason, new Date(Date.now() + delay));
        return "retry";
      }
      log.error("job outcome could not be recorded; kept as failed", { job: job.id, error: recordError });
    }
    await failJob(db, job, reason);
    return "failed";
  } catch (settleError) {
    // The database itself failed: the lease runs out and another attempt sorts it out.
    log.error("job failure could not be recorded; its lease will free it", {
      job: job.id,
      error: settleError,
    });
    return "retry";
  }
}
