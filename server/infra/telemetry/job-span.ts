// The span of one run of a job: a child of the span that was active when the job was queued (its
// trace context travels in the job's data), so an order processed later, and the webhook
// deliveries it queues in turn, show in the trace of the request that submitted it.
import { inSpan, type Span, SpanKind, tracingActive } from "./spans";
import { contextFromCarrier, traceCarrierOf } from "./trace-context";

export type TracedJob = { id: string; name: string; data: unknown; attempts: number; maxAttempts: number };

/** Runs one attempt of `job` in its span, named `job <name>`. */
export function inJobSpan<T>(job: TracedJob, work: (span: Span) => Promise<T>): Promise<T> {
  return inSpan(
    `job ${job.name}`,
    {
      kind: SpanKind.CONSUMER,
      parent: tracingActive() ? contextFromCarrier(traceCarrierOf(job.data)) : undefined,
      attributes: {
        "job.id": job.id,
        "job.name": job.name,
        "job.attempt": job.attempts,
        "job.max_attempts": job.maxAttempts,
      },
    },
    work,
  );
}
