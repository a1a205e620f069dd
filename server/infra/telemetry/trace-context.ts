// W3C trace context (`traceparent`, `tracestate`) carried with a job, so the job's span belongs to
// the trace of the request (or the job) that queued it, however much later and in whichever
// process it runs. It is stored in the job's JSON data rather than a column of its own: a job
// queued while telemetry is off simply has none, and its run starts a trace of its own.
import { type Context, context, propagation, ROOT_CONTEXT, trace } from "@opentelemetry/api";
import { tracingActive } from "./spans";

export type TraceCarrier = { traceparent: string; tracestate?: string };

/** The key of a job's data under which its trace context is kept. */
export const TRACE_CONTEXT_KEY = "traceContext";

/** The active trace context, to carry along; undefined when tracing is off or nothing is traced. */
export function currentTraceCarrier(active: Context = context.active()): TraceCarrier | undefined {
  if (!tracingActive() || !trace.getSpanContext(active)) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  const { traceparent, tracestate } = carrier;
  if (!traceparent) return undefined;
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/** `data` with the active trace context added, when there is one. */
export function withTraceCarrier(data: Record<string, unknown>): Record<string, unknown> {
  const carrier = currentTraceCarrier();
  return carrier ? { ...data, [TRACE_CONTEXT_KEY]: carrier } : data;
}

/** The trace context kept in a job's data, if any (data a handler cannot read is not ours to judge). */
export function traceCarrierOf(data: unknown): TraceCarrier | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const carried = (data as Record<string, unknown>)[TRACE_CONTEXT_KEY];
  if (typeof carried !== "object" || carried === null) return undefined;
  const { traceparent, tracestate } = carried as Record<string, unknown>;
  if (typeof traceparent !== "string") return undefined;
  return typeof tracestate === "string" ? { traceparent, tracestate } : { traceparent };
}

/**
 * The context a job's span starts from: the carried trace when there is one, else a new trace.
 * Never the active context: a worker is woken from inside some request, which is not the job's.
 */
export function contextFromCarrier(carrier: TraceCarrier | undefined): Context {
  if (!carrier) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier);
}
