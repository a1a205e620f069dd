// Our own spans (billing provider calls, jobs, webhook deliveries), through the OpenTelemetry API
// only: the SDK is loaded by startTelemetry() when an OTLP endpoint is set. Until then (and in a
// process that never starts it) `inSpan` runs the work directly, with a span that records nothing,
// so the calls it wraps cost a boolean test.
//
// Whether tracing is on is process-wide state on globalThis: Next bundles instrumentation.ts (which
// starts telemetry) and the route handlers apart, each with its own copy of this module. The
// tracer provider and the context manager are global in the API itself.
import {
  type Attributes,
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";

export type { Span };
export { SpanKind };

/** What startTelemetry() leaves for the hot paths. */
export type TracingHooks = {
  /** The context with tracing suppressed (the SDK's own key, so the SDK's tracer honours it). */
  suppress: (parent: Context) => Context;
};

declare global {
  var portalTracing: TracingHooks | null | undefined;
}

/** Called by startTelemetry() and stopTelemetry(); null turns our spans off again. */
export function setTracingHooks(hooks: TracingHooks | null): void {
  globalThis.portalTracing = hooks;
}

export function tracingActive(): boolean {
  return Boolean(globalThis.portalTracing);
}

/** The name our spans are recorded under (the instrumentation scope). */
export const TRACER_NAME = "partner-orders-portal";

const NOT_RECORDING = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

export type SpanOptions = {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent (default: the active context). */
  parent?: Context;
};

/**
 * Runs `work` in a new active span, ended when it settles. A throw marks the span as failed, with
 * the exception, and is rethrown; `work` may set attributes or its own status on the span.
 */
export async function inSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  if (!globalThis.portalTracing) return work(NOT_RECORDING);
  const tracer = trace.getTracer(TRACER_NAME);
  const parent = options.parent ?? context.active();
  return tracer.startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    parent,
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        markFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** The span failed with `error` (recorded as an exception event). */
export function markFailed(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  const failure = error instanceof Error ? error : new Error(String(error));
  span.recordException(failure);
  span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
}

/** The span failed without an exception (a receiver's 500, a refused call). */
export function markError(span: Span, message: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/**
 * Runs `work` with tracing suppressed: nothing it causes (Prisma's spans included) is recorded.
 * For the job workers' polling, which would otherwise make a trace of its own twice a second.
 */
export function untraced<T>(work: () => T): T {
  const hooks = globalThis.portalTracing;
  if (!hooks) return work();
  return context.with(hooks.suppress(context.active()), work);
}
