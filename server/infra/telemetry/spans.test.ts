// Our span helpers, against the real SDK exporting to memory: with telemetry off they run the
// work and record nothing; on, a span per call, nested under the active one, failed on a throw
// (and the error passed on); untraced work records nothing; a job's carried trace context makes
// its span a child of the span that queued it, in another trace than the one that woke it.
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { inJobSpan } from "./job-span";
import { inSpan, tracingActive, untraced } from "./spans";
import { startTestTracing, type TestTracing } from "./test-tracing";
import { TRACE_CONTEXT_KEY, traceCarrierOf, withTraceCarrier } from "./trace-context";

describe("with telemetry off", () => {
  it("runs the work, records nothing and carries no trace context", async () => {
    expect(tracingActive()).toBe(false);
    const answer = await inSpan("off", {}, async (span) => {
      expect(span.isRecording()).toBe(false);
      return 42;
    });
    expect(answer).toBe(42);
    expect(withTraceCarrier({ orderId: "o1" })).toEqual({ orderId: "o1" });
  });
});

describe("with telemetry on", () => {
  let tracing: TestTracing;
  beforeEach(async () => {
    tracing ??= startTestTracing();
    await tracing.reset();
  });
  afterAll(async () => {
    await tracing?.stop();
    expect(tracingActive()).toBe(false);
  });

  it("records a span per call, nested under the active one, with its attributes", async () => {
    await inSpan("outer", { attributes: { "a.b": "c" } }, async () => {
      await inSpan("inner", { kind: SpanKind.CLIENT }, async (span) => {
        span.setAttribute("inner.answer", 7);
      });
    });
    const spans = await tracing.spans();
    const outer = spans.find((s) => s.name === "outer");
    const inner = spans.find((s) => s.name === "inner");
    expect(outer?.attributes).toMatchObject({ "a.b": "c" });
    expect(inner?.kind).toBe(SpanKind.CLIENT);
    expect(inner?.attributes).toMatchObject({ "inner.answer": 7 });
    expect(inner?.spanContext().traceId).toBe(outer?.spanContext().traceId);
    expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
    expect(inner?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("marks a span failed with the exception, and rethrows", async () => {
    await expect(
      inSpan("failing", {}, async () => {
        throw new Error("provider down");
      }),
    ).rejects.toThrow("provider down");
    const [span] = await tracing.spans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: "provider down" });
    expect(span?.events.map((e) => e.name)).toEqual(["exception"]);
    expect(span?.events[0]?.attributes?.["exception.message"]).toBe("provider down");
  });

  it("records nothing of untraced work, spans of its own included", async () => {
    await inSpan("visible", {}, async () => {
      await untraced(() => inSpan("hidden", {}, async () => undefined));
    });
    expect((await tracing.spans()).map((s) => s.name)).toEqual(["visible"]);
  });

  it("a job's span is a child of the span that queued it, not of the one that woke the worker", async () => {
    let data: Record<string, unknown> = {};
    let queuedBy: string | undefined;
    await inSpan("POST /partner/order", { kind: SpanKind.SERVER }, async (span) => {
      queuedBy = span.spanContext().spanId;
      data = withTraceCarrier({ orderId: "o1" });
    });
    expect(traceCarrierOf(data)?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    // Stored as JSON, read back as the worker reads it.
    const stored = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
    expect(stored[TRACE_CONTEXT_KEY]).toEqual(data[TRACE_CONTEXT_KEY]);

    await inSpan("another request", {}, async () => {
      await inJobSpan(
        { id: "job_1", name: "order.process", data: stored, attempts: 2, maxAttempts: 7 },
        async () => {
          await inSpan("billing stripe submit", {}, async () => undefined);
        },
      );
    });
    const spans = await tracing.spans();
    const request = spans.find((s) => s.name === "POST /partner/order");
    const waker = spans.find((s) => s.name === "another request");
    const job = spans.find((s) => s.name === "job order.process");
    const billing = spans.find((s) => s.name === "billing stripe submit");
    expect(job?.spanContext().traceId).toBe(request?.spanContext().traceId);
    expect(job?.spanContext().traceId).not.toBe(waker?.spanContext().traceId);
    expect(job?.parentSpanContext?.spanId).toBe(queuedBy);
    expect(job?.kind).toBe(SpanKind.CONSUMER);
    expect(job?.attributes).toMatchObject({
      "job.id": "job_1",
      "job.name": "order.process",
      "job.attempt": 2,
    });
    expect(billing?.parentSpanContext?.spanId).toBe(job?.spanContext().spanId);
  });

  it("a job queued with no trace context starts a trace of its own", async () => {
    await inSpan("waking request", {}, async () => {
      await inJobSpan(
        { id: "job_2", name: "webhook.deliver", data: { deliveryId: "d" }, attempts: 1, maxAttempts: 8 },
        async () => {
          expect(trace.getSpan(context.active())?.isRecording()).toBe(true);
        },
      );
    });
    const spans = await tracing.spans();
    const job = spans.find((s) => s.name === "job webhook.deliver");
    expect(job?.parentSpanContext).toBeUndefined();
    expect(job?.spanContext().traceId).not.toBe(
      spans.find((s) => s.name === "waking request")?.spanContext().traceId,
    );
  });
});
