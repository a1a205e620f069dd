// An order processed later, traced from end to end with the real SDK exporting to memory: the
// submission (here a span standing in for the HTTP request) queues the job with its trace
// context; the worker's run of it is a child of that span, billed through the Stripe provider
// (the local Stripe fake) in a span of its own; the webhook delivery it queues is traced in its
// job, in the same trace. Prisma's spans are in there too, and the workers' polling is not traced
// at all. A job runs with its id and kind in its log context. Runs on SQLite, and on PostgreSQL
// with TEST_DATABASE_URL.
import { SpanKind } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { newOrder } from "../../../tests/helpers/order-test-kit";
import { type StripePartner, stripePartner } from "../../../tests/helpers/stripe-partner";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { type Receiver, startReceiver } from "../../../tests/helpers/webhook-receiver";
import { processOrderHandler } from "../../features/orders/process-order";
import { submitOrder } from "../../features/orders/submit-order";
import { deliverWebhookHandler } from "../../features/webhooks/webhook-delivery-job";
import { registerWebhookEndpoint } from "../../features/webhooks/webhook-endpoint-service";
import { currentLogContext, type LogContext, withLogContext } from "../log/log-context";
import { startJobWorker } from "../queue/job-worker";
import { PRISMA_SPANS_LEFT_OUT } from "./span-selection";
import { inSpan } from "./spans";
import { startTestTracing, type TestTracing } from "./test-tracing";

// Read by env() on first use: the receiver listens on loopback.
process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";

let t: TestDatabase;
let billed: StripePartner;
let receiver: Receiver;
let tracing: TestTracing;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  billed = await stripePartner(t.db, "traced-stripe");
  receiver = await startReceiver();
  tracing = startTestTracing();
});
afterAll(async () => {
  await tracing?.stop();
  await receiver?.stop();
  await billed?.close();
  await t?.close();
});

const byName = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);
const idOf = (span: ReadableSpan | undefined) => span?.spanContext().spanId;
const traceOf = (span: ReadableSpan | undefined) => span?.spanContext().traceId;

it("a job, its billing call and the webhook delivery it queues are in the trace of the submission", async () => {
  const endpoint = await registerWebhookEndpoint(t.db, billed.scope, {
    url: receiver.url("/traced"),
    events: ["order.completed"],
  });
  receiver.secrets.push(endpoint.secret);
  const deps = billed.deps();
  await tracing.reset();

  // Each run's log context, as the handlers see it (server/infra/log/log.ts puts it in every line).
  const contexts: (LogContext | undefined)[] = [];
  const orderHandler = processOrderHandler(deps);
  const deliveryHandler = deliverWebhookHandler();
  const worker = startJobWorker(
    t.db,
    {
      "order.process": {
        ...orderHandler,
        run: (db, job) => {
          contexts.push(currentLogContext());
          return orderHandler.run(db, job);
        },
      },
      "webhook.deliver": {
        ...deliveryHandler,
        run: (db, job) => {
          contexts.push(currentLogContext());
          return deliveryHandler.run(db, job);
        },
      },
    },
    // No polling: only the wakes below make it look for jobs.
    { concurrency: 2, retryDelaysMs: [0], pollMs: 3_600_000 },
  );
  await worker.drain(); // nothing due yet

  let submitSpanId: string | undefined;
  const { order } = await inSpan("POST /partner/order", { kind: SpanKind.SERVER }, async (span) => {
    submitSpanId = span.spanContext().spanId;
    const body = newOrder([{ id: "pro-monthly", quantity: 2 }], { process_immediately: false });
    return submitOrder(t.db, billed.scope, body, {}, deps);
  });

  // Woken from inside some request (as a submit's wakeJobWorker() does): its runs carry none of it.
  await withLogContext({ requestId: "the-waking-request" }, () => worker.drain());
  await worker.stop();
  expect(receiver.received.map((r) => r.verified?.data.id)).toEqual([order.id]);

  const spans = await tracing.spans();
  const submit = spans.find((s) => s.name === "POST /partner/order");
  const [orderJob] = byName(spans, "job order.process");
  const [deliveryJob] = byName(spans, "job webhook.deliver");
  const [billing] = byName(spans, "billing stripe submit");
  const [delivery] = byName(spans, "webhook delivery");
  expect(byName(spans, "job order.process")).toHaveLength(1);
  expect(byName(spans, "webhook delivery")).toHaveLength(1);

  // One trace, linked as it happened: submission -> job -> billing, and job -> delivery job -> request.
  const trace = traceOf(submit);
  for (const span of [orderJob, deliveryJob, billing, delivery]) expect(traceOf(span)).toBe(trace);
  expect(orderJob?.parentSpanContext?.spanId).toBe(submitSpanId);
  expect(billing?.parentSpanContext?.spanId).toBe(idOf(orderJob));
  expect(delivery?.parentSpanContext?.spanId).toBe(idOf(deliveryJob));
  // The delivery job was queued inside the order's job (in one of Prisma's spans there).
  const ancestors = (span: ReadableSpan | undefined): string[] => {
    const parent = spans.find((s) => idOf(s) === span?.parentSpanContext?.spanId);
    return parent ? [idOf(parent) as string, ...ancestors(parent)] : [];
  };
  expect(ancestors(deliveryJob)).toContain(idOf(orderJob));

  expect(orderJob?.attributes).toMatchObject({
    "job.name": "order.process",
    "job.attempt": 1,
    "job.outcome": "done",
  });
  expect(billing?.attributes).toMatchObject({ "billing.provider": "stripe", "billing.outcome": "ok" });
  expect(delivery?.kind).toBe(SpanKind.CLIENT);
  expect(delivery?.attributes).toMatchObject({
    "webhook.event_type": "order.completed",
    "webhook.endpoint_id": endpoint.id,
    "http.response.status_code": 200,
    "webhook.outcome": "delivered",
    "server.address": "127.0.0.1",
  });

  // Prisma's spans: the order's SQL statements are in the job's trace (its in-memory steps are not
  // traced at all, span-selection.ts).
  const prisma = spans.filter((s) => s.name.startsWith("prisma:client:") && traceOf(s) === trace);
  expect(prisma.length).toBeGreaterThan(0);
  expect(prisma.some((s) => ancestors(s).includes(idOf(orderJob) as string))).toBe(true);
  expect(prisma.some((s) => s.name === "prisma:client:db_query")).toBe(true);
  expect(spans.filter((s) => PRISMA_SPANS_LEFT_OUT.includes(s.name))).toEqual([]);
  // Polling is not traced: every span belongs to the submission's trace.
  expect(spans.filter((s) => traceOf(s) !== trace).map((s) => s.name)).toEqual([]);

  // Each run has its job's id and kind in its log context.
  expect(contexts.map((c) => c?.job_type)).toEqual(["order.process", "webhook.deliver"]);
  expect(contexts.map((c) => c?.requestId)).toEqual([undefined, undefined]);
  expect(contexts.every((c) => typeof c?.job_id === "string" && c.job_id.startsWith("job"))).toBe(true);
});
