// OpenTelemetry over the wire: a second server (the same build) with OTEL_EXPORTER_OTLP_ENDPOINT
// pointing at an OTLP/HTTP receiver on 127.0.0.1, which reads what arrives as a collector would
// (the exporter sends JSON). A partner system submits one order to be processed later, its own
// `traceparent` on the request, with a webhook endpoint listening; the server's own worker
// (WORKER_CONCURRENCY=1) processes it, billed through the Stripe provider (the local Stripe fake),
// and delivers the event. Everything is in the partner's trace: Next's server span of
// POST /partner/order, Prisma's spans, the billing provider's, the job's (a child of the request,
// through the trace context stored with the job), and the webhook delivery's. The Prometheus
// metrics arrive over OTLP too.
//
// The server gets a database of its own, an online copy of the e2e one (`backup --to`): the
// worker scripts/e2e.sh runs on the shared database would otherwise take the job.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { createStripeClient } from "../../server/infra/billing/stripe-client";
import { type StripeFake, startStripeFake } from "../../tests/fakes/stripe-fake-server";
import { type Receiver, startReceiver } from "../../tests/helpers/webhook-receiver";
import { type SpawnedServer, spawnServer } from "../support/spawn-server";
import { basicAuthorization, DEMO_ACME } from "./support/oauth";
import { newOrder } from "./support/orders";

const root = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

// OTLP JSON, as much of it as the test reads.
type KeyValue = {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean };
};
type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: KeyValue[];
};
type OtlpMetric = { name: string; sum?: { dataPoints: { attributes?: KeyValue[]; asDouble?: number }[] } };
const SPAN_KIND = { SERVER: 2, CLIENT: 3, CONSUMER: 5 };

/** A collector's OTLP/HTTP receiver, reduced to keeping what it is sent. */
type OtlpReceiver = {
  url: string;
  spans: { resource: KeyValue[]; span: OtlpSpan }[];
  metrics: OtlpMetric[];
  requests: { path: string; contentType: string | undefined }[];
  close(): Promise<void>;
};

async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const receiver: Omit<OtlpReceiver, "url" | "close"> = { spans: [], metrics: [], requests: [] };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks);
      const text = (request.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
      receiver.requests.push({ path: request.url ?? "", contentType: request.headers["content-type"] });
      const body = JSON.parse(text) as {
        resourceSpans?: { resource: { attributes: KeyValue[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
        resourceMetrics?: { scopeMetrics: { metrics: OtlpMetric[] }[] }[];
      };
      for (const rs of body.resourceSpans ?? [])
        for (const scope of rs.scopeSpans)
          for (const span of scope.spans) receiver.spans.push({ resource: rs.resource.attributes, span });
      for (const rm of body.resourceMetrics ?? [])
        for (const scope of rm.scopeMetrics) receiver.metrics.push(...scope.metrics);
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    ...receiver,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const attr = (attributes: KeyValue[] | undefined, key: string) => {
  const value = attributes?.find((a) => a.key === key)?.value;
  return value?.stringValue ?? value?.intValue ?? value?.boolValue;
};

let work: string;
let otlp: OtlpReceiver;
let hooks: Receiver;
let stripe: StripeFake;
let server: SpawnedServer | undefined;

test.beforeAll(async () => {
  test.skip(
    !process.env.DATABASE_URL?.startsWith("file:"),
    "copies the embedded e2e database (backup --to); run through scripts/e2e.sh on SQLite",
  );
  test.setTimeout(120_000);
  work = mkdtempSync(path.join(os.tmpdir(), "e2e-telemetry-"));
  const copy = path.join(work, "telemetry.db");
  // The operator CLI's online backup of the database the main server uses (consistent while it runs).
  await run(
    path.join(root, "node_modules/.bin/tsx"),
    ["server/transport/cli/main.ts", "backup", "--to", copy, "--json"],
    {
      cwd: root,
      env: process.env,
      timeout: 60_000,
    },
  );
  [otlp, hooks, stripe] = await Promise.all([startOtlpReceiver(), startReceiver(), startStripeFake()]);
  // The demo partner Acme is invoiced for its customers' orders: at Stripe its own customer pays,
  // which the copy must name (docs/billing-providers.md, "Invoice owner").
  const acmeAtStripe = await createStripeClient({
    secretKey: stripe.secretKey,
    apiBase: stripe.url,
    timeoutMs: 10_000,
  }).customers.create({ name: "Acme Ltd" });
  await run(
    path.join(root, "node_modules/.bin/tsx"),
    [
      "server/transport/cli/main.ts",
      "partner",
      "update",
      "--partner",
      "acme",
      "--stripe-customer",
      acmeAtStripe.id,
      "--json",
    ],
    { cwd: root, env: { ...process.env, DATABASE_URL: `file:${copy}` }, timeout: 60_000 },
  );
  // Orders only name the Stripe prices and coupons synced with the catalogue (an offer not synced
  // is refused): sync the demo catalogue to the fake, as an operator connecting Stripe does.
  await run(
    path.join(root, "node_modules/.bin/tsx"),
    ["server/transport/cli/main.ts", "catalog", "sync-stripe", "--json"],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: `file:${copy}`,
        STRIPE_SECRET_KEY: stripe.secretKey,
        STRIPE_API_BASE: stripe.url,
      },
      timeout: 60_000,
    },
  );
  server = await spawnServer({
    DATABASE_URL: `file:${copy}`,
    PORTAL_DATA_DIR: path.join(work, "data"),
    WORKER_CONCURRENCY: "1",
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    OTEL_SERVICE_NAME: "portal-e2e-telemetry",
    OTEL_BSP_SCHEDULE_DELAY: "200",
    OTEL_METRIC_EXPORT_INTERVAL: "1000",
    BILLING_PROVIDER: "stripe",
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_API_BASE: stripe.url,
    SHUTDOWN_DELAY: "0s",
    LOG_LEVEL: "warn",
  });
});

test.afterAll(async () => {
  const exit = await server?.stop();
  if (exit !== undefined && exit !== 0)
    console.error(`telemetry server exited with ${exit}:\n${server?.output()}`);
  await Promise.all([otlp?.close(), hooks?.stop(), stripe?.close()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

async function call<T>(url: string, init: RequestInit & { json?: unknown } = {}) {
  const { json, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    headers: { ...(json === undefined ? {} : { "content-type": "application/json" }), ...rest.headers },
    body: json === undefined ? rest.body : JSON.stringify(json),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, text };
}

test("an order processed later is one trace: request, database, billing, job and webhook delivery", async () => {
  test.setTimeout(90_000);
  if (!server) throw new Error("no server");
  const base = server.url;
  const token = await call<{ access_token: string }>(`${base}/oauth/token`, {
    method: "POST",
    headers: {
      authorization: basicAuthorization(DEMO_ACME),
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  expect(token.status, token.text).toBe(200);
  const bearer = { authorization: `Bearer ${token.body.access_token}` };

  const endpoint = await call<{ id: string; secret: string }>(`${base}/partner/webhooks`, {
    method: "POST",
    headers: bearer,
    json: { url: hooks.url("/telemetry"), events: ["order.completed"], description: "telemetry e2e" },
  });
  expect(endpoint.status, endpoint.text).toBe(201);
  hooks.secrets.push(endpoint.body.secret);

  // The partner's own trace: the server continues it.
  const traceId = randomBytes(16).toString("hex");
  const partnerSpanId = randomBytes(8).toString("hex");
  const submitted = await call<{ id: string; status: string }>(`${base}/partner/order`, {
    method: "POST",
    headers: { ...bearer, traceparent: `00-${traceId}-${partnerSpanId}-01` },
    json: { ...newOrder(), process_immediately: false },
  });
  expect(submitted.status, submitted.text).toBe(201);
  expect(submitted.body.status).toBe("submitted");

  await expect
    .poll(
      async () =>
        (await call<{ status: string }>(`${base}/partner/order/${submitted.body.id}`, { headers: bearer }))
          .body.status,
      { timeout: 30_000 },
    )
    .toBe("complete");
  await expect
    .poll(() => hooks.received.filter((r) => r.path === "/telemetry").length, { timeout: 30_000 })
    .toBe(1);
  expect(hooks.received[0]?.verified?.data.id).toBe(submitted.body.id);
  // Our trace context stays ours: the partner's receiver is not sent it.
  expect(hooks.received[0]?.headers.traceparent).toBeUndefined();

  // Everything of the trace, once the batches are out (they leave every 200 ms).
  const traced = () => otlp.spans.filter((s) => s.span.traceId === traceId).map((s) => s.span);
  const names = () => traced().map((s) => s.name);
  await expect
    .poll(names, { timeout: 20_000, message: `spans received: ${otlp.spans.length}` })
    .toEqual(expect.arrayContaining(["POST /partner/order", "job order.process", "webhook delivery"]));
  const spans = traced();
  const spanTree = () => JSON.stringify(spans.map((s) => [s.name, s.spanId, s.parentSpanId]));
  const one = (name: string) => {
    const found = spans.filter((s) => s.name === name);
    expect(found, `${name} in ${spanTree()}`).toHaveLength(1);
    return found[0] as OtlpSpan;
  };
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const ancestors = (span: OtlpSpan): string[] => {
    const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
    return parent ? [parent.spanId, ...ancestors(parent)] : [];
  };

  // Next's server span, a child of the partner's span, named by its route.
  const request = one("POST /partner/order");
  expect(request.kind).toBe(SPAN_KIND.SERVER);
  expect(request.parentSpanId).toBe(partnerSpanId);
  expect(attr(request.attributes, "http.route")).toBe("/partner/order");
  expect(Number(attr(request.attributes, "http.status_code"))).toBe(201);
  const service = otlp.spans.find((s) => s.span.spanId === request.spanId)?.resource;
  expect(attr(service, "service.name")).toBe("portal-e2e-telemetry");

  // Prisma's spans, under the request (the order written) and under the job.
  const prisma = spans.filter((s) => s.name.startsWith("prisma:client:"));
  expect(
    prisma.some((s) => ancestors(s).includes(request.spanId)),
    spanTree(),
  ).toBe(true);
  expect(prisma.some((s) => s.name === "prisma:client:db_query")).toBe(true);

  // The job: queued by the request, run by the worker, in the request's trace.
  const job = one("job order.process");
  expect(job.kind).toBe(SPAN_KIND.CONSUMER);
  expect(ancestors(job), spanTree()).toContain(request.spanId);
  expect(attr(job.attributes, "job.outcome")).toBe("done");
  expect(
    prisma.some((s) => ancestors(s).includes(job.spanId)),
    spanTree(),
  ).toBe(true);

  // The billing provider's call, in the job.
  const billing = one("billing stripe submit");
  expect(billing.kind).toBe(SPAN_KIND.CLIENT);
  expect(ancestors(billing)).toContain(job.spanId);
  expect(attr(billing.attributes, "billing.outcome")).toBe("ok");

  // The webhook delivery to our endpoint (the copied database may hold other tests' endpoints
  // too), in the job that the order's job queued.
  const deliveries = spans.filter(
    (s) => s.name === "webhook delivery" && attr(s.attributes, "webhook.endpoint_id") === endpoint.body.id,
  );
  expect(deliveries, spanTree()).toHaveLength(1);
  const delivery = deliveries[0] as OtlpSpan;
  const deliveryJob = byId.get(delivery.parentSpanId ?? "");
  expect(deliveryJob?.name).toBe("job webhook.deliver");
  expect(ancestors(delivery)).toContain(job.spanId);
  expect(delivery.kind).toBe(SPAN_KIND.CLIENT);
  expect(Number(attr(delivery.attributes, "http.response.status_code"))).toBe(200);
  expect(attr(delivery.attributes, "webhook.event_type")).toBe("order.completed");

  // Sent as OTLP/HTTP JSON, to the standard paths.
  expect(otlp.requests.find((r) => r.path === "/v1/traces")?.contentType).toBe("application/json");

  // The Prometheus metrics, pushed over OTLP (every second here): the request counted by route.
  await expect
    .poll(
      () =>
        otlp.metrics
          .filter((m) => m.name === "portal_http_requests_total")
          .flatMap((m) => m.sum?.dataPoints ?? [])
          .some(
            (p) => attr(p.attributes, "route") === "/partner/order" && attr(p.attributes, "status") === "201",
          ),
      { timeout: 10_000 },
    )
    .toBe(true);
});
