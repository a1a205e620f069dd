// What leaves the process: the SDK of startTelemetry() sends spans and the Prometheus metrics as
// OTLP/HTTP JSON to the endpoint of OTEL_EXPORTER_OTLP_ENDPOINT, with the headers of
// OTEL_EXPORTER_OTLP_HEADERS, under the service name of OTEL_SERVICE_NAME; a receiver on
// 127.0.0.1 reads them as a collector would. Counters arrive as cumulative sums and histograms
// with their bounds and per-bucket counts.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { Counter, Histogram, Registry } from "prom-client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inSpan } from "./spans";
import { startSdk } from "./telemetry-sdk";
import { telemetrySettings } from "./telemetry-settings";

type Posted = { path: string; headers: Record<string, string | string[] | undefined>; body: unknown };
type KeyValue = { key: string; value: { stringValue?: string; intValue?: string | number } };

let server: Server;
const posted: Posted[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      const raw = Buffer.concat(chunks);
      const text = (request.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
      posted.push({ path: request.url ?? "", headers: request.headers, body: JSON.parse(text) });
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  process.env = saved;
  await new Promise((resolve) => server.close(resolve));
});

const attribute = (attributes: KeyValue[] | undefined, key: string) =>
  attributes?.find((a) => a.key === key)?.value;

it("exports spans and metrics as OTLP/HTTP JSON to the configured endpoint, with its headers", async () => {
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The exporters read their endpoint and headers from the environment, as in a deployment.
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint;
  process.env.OTEL_EXPORTER_OTLP_HEADERS = "x-collector-key=test-key-123";
  const settings = telemetrySettings({
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_SERVICE_NAME: "portal-under-test",
    OTEL_TRACES_EXPORTER: "otlp",
    OTEL_METRICS_EXPORTER: "otlp",
    OTEL_TRACES_SAMPLER: "parentbased_always_on",
    OTEL_BSP_SCHEDULE_DELAY: 50,
    OTEL_BSP_EXPORT_TIMEOUT: 5000,
    OTEL_BSP_MAX_QUEUE_SIZE: 2048,
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: 512,
    OTEL_METRIC_EXPORT_INTERVAL: 60_000,
    OTEL_METRIC_EXPORT_TIMEOUT: 5000,
  });
  const registry = new Registry();
  const calls = new Counter({
    name: "test_calls_total",
    help: "calls",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "test_latency_seconds",
    help: "latency",
    buckets: [0.1, 1],
    registers: [registry],
  });
  calls.inc({ outcome: "ok" }, 3);
  for (const seconds of [0.05, 0.5, 0.7, 5]) latency.observe(seconds);

  const sdk = startSdk({ settings, role: "worker", version: "9.9.9", metrics: { registry } });
  await inSpan("billing stripe submit", { attributes: { "billing.outcome": "ok" } }, async () => undefined);
  await sdk.shutdown();

  const traces = posted.find((p) => p.path === "/v1/traces");
  const metricsPost = posted.find((p) => p.path === "/v1/metrics");
  if (!traces || !metricsPost)
    throw new Error(`expected traces and metrics, got ${posted.map((p) => p.path)}`);
  expect(traces.headers["content-type"]).toBe("application/json");
  expect(traces.headers["x-collector-key"]).toBe("test-key-123");
  type ResourceSpans = {
    resource: { attributes: KeyValue[] };
    scopeSpans: { spans: { name: string; traceId: string; attributes: KeyValue[] }[] }[];
  };
  const [resourceSpans] = (traces.body as { resourceSpans: ResourceSpans[] }).resourceSpans;
  expect(attribute(resourceSpans?.resource.attributes, "service.name")).toEqual({
    stringValue: "portal-under-test",
  });
  expect(attribute(resourceSpans?.resource.attributes, "service.version")).toEqual({ stringValue: "9.9.9" });
  expect(attribute(resourceSpans?.resource.attributes, "portal.process.role")).toEqual({
    stringValue: "worker",
  });
  const [span] = resourceSpans?.scopeSpans.flatMap((s) => s.spans) ?? [];
  expect(span?.name).toBe("billing stripe submit");
  expect(span?.traceId).toMatch(/^[0-9a-f]{32}$/);

  type Metric = {
    name: string;
    sum?: { isMonotonic: boolean; dataPoints: { asDouble: number; attributes: KeyValue[] }[] };
    histogram?: {
      dataPoints: {
        count: string | number;
        sum: number;
        explicitBounds: number[];
        bucketCounts: (string | number)[];
      }[];
    };
  };
  const metrics = (
    metricsPost.body as { resourceMetrics: { scopeMetrics: { metrics: Metric[] }[] }[] }
  ).resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
  const counter = metrics.find((m) => m.name === "test_calls_total");
  expect(counter?.sum?.isMonotonic).toBe(true);
  expect(counter?.sum?.dataPoints.map((p) => [p.asDouble, attribute(p.attributes, "outcome")])).toEqual([
    [3, { stringValue: "ok" }],
  ]);
  const histogram = metrics.find((m) => m.name === "test_latency_seconds")?.histogram?.dataPoints[0];
  expect(histogram?.explicitBounds).toEqual([0.1, 1]);
  expect(histogram?.bucketCounts.map(Number)).toEqual([1, 2, 1]);
  expect(Number(histogram?.count)).toBe(4);
  expect(histogram?.sum).toBeCloseTo(6.25);
});
