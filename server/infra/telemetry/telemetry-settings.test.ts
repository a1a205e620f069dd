// The OTEL_* settings as server/infra/env/env.ts reads them: telemetry is off without an endpoint, on with
// one (for each signal, with its own endpoint or the shared one), off again with
// OTEL_SDK_DISABLED or an exporter "none"; bad values stop start-up naming the variable.
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../env/env";

const base = { NODE_ENV: "test" as const, AUTH_SECRET: "a-test-secret-of-at-least-32-characters" };
const telemetry = (vars: Record<string, string>) => parseEnv({ ...base, ...vars }).telemetry;

describe("telemetry settings", () => {
  it("are off without an endpoint, with the standard defaults", () => {
    expect(telemetry({})).toEqual({
      traces: false,
      metrics: false,
      serviceName: "partner-orders-portal",
      sampler: "parentbased_always_on",
      samplerRatio: 1,
      batch: { scheduledDelayMs: 5000, exportTimeoutMs: 30_000, maxQueueSize: 2048, maxExportBatchSize: 512 },
      metricExport: { intervalMs: 60_000, timeoutMs: 30_000 },
    });
  });

  it("turn on with an endpoint, per signal or for both", () => {
    const both = telemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" });
    expect([both.traces, both.metrics]).toEqual([true, true]);
    const tracesOnly = telemetry({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://collector:4318/v1/traces" });
    expect([tracesOnly.traces, tracesOnly.metrics]).toEqual([true, false]);
    const noMetrics = telemetry({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318",
      OTEL_METRICS_EXPORTER: "none",
    });
    expect([noMetrics.traces, noMetrics.metrics]).toEqual([true, false]);
    const disabled = telemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_SDK_DISABLED: "TRUE" });
    expect([disabled.traces, disabled.metrics]).toEqual([false, false]);
  });

  it("read the service name, the sampler and the batch settings", () => {
    const settings = telemetry({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318",
      OTEL_SERVICE_NAME: "portal-eu",
      OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
      OTEL_TRACES_SAMPLER_ARG: "0.25",
      OTEL_BSP_SCHEDULE_DELAY: "200",
      OTEL_BSP_MAX_QUEUE_SIZE: "100",
      OTEL_METRIC_EXPORT_INTERVAL: "10000",
    });
    expect(settings).toMatchObject({
      serviceName: "portal-eu",
      sampler: "parentbased_traceidratio",
      samplerRatio: 0.25,
      // A batch larger than the queue is the queue's size.
      batch: { scheduledDelayMs: 200, maxQueueSize: 100, maxExportBatchSize: 100 },
      // The export timeout never exceeds the interval (the SDK refuses that).
      metricExport: { intervalMs: 10_000, timeoutMs: 10_000 },
    });
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" }, "OTEL_EXPORTER_OTLP_ENDPOINT"],
    [
      { OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" },
      "OTEL_EXPORTER_OTLP_PROTOCOL: must be http/json or http/protobuf",
    ],
    [{ OTEL_TRACES_SAMPLER: "jaeger_remote" }, "OTEL_TRACES_SAMPLER"],
    [{ OTEL_TRACES_SAMPLER_ARG: "1.5" }, "OTEL_TRACES_SAMPLER_ARG"],
    [{ OTEL_TRACES_EXPORTER: "zipkin" }, 'OTEL_TRACES_EXPORTER: must be "otlp" or "none"'],
    [{ OTEL_BSP_SCHEDULE_DELAY: "soon" }, "OTEL_BSP_SCHEDULE_DELAY"],
  ])("refuse %o at start-up, naming the variable", (vars, message) => {
    expect(() => parseEnv({ ...base, ...vars })).toThrow(EnvError);
    expect(() => parseEnv({ ...base, ...vars })).toThrow(message);
  });
});
