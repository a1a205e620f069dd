// The OpenTelemetry settings, under their standard OTEL_* names, validated with the rest of the
// environment (server/infra/env/env.ts spreads `telemetryEnvShape` into its schema). Telemetry is on when an
// OTLP endpoint is set: OTEL_EXPORTER_OTLP_ENDPOINT for both signals, or the per-signal
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT / _METRICS_ENDPOINT. The SDK 3.x packages no longer read
// OTEL_BSP_*, OTEL_TRACES_SAMPLER or OTEL_SERVICE_NAME themselves, so they are read here; the
// exporter still reads its own (endpoints, OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, _COMPRESSION,
// certificates), which are therefore only checked here, not passed on.
import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();
// http or https only: "collector:4318" parses as a URL of scheme "collector", a common slip.
const optionalUrl = optionalText.pipe(
  z.url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" }).optional(),
);
const millis = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const exporterChoice = optionalText.pipe(
  z.enum(["otlp", "none"], { message: 'must be "otlp" or "none"' }).default("otlp"),
);

export const SAMPLERS = [
  "always_on",
  "always_off",
  "traceidratio",
  "parentbased_always_on",
  "parentbased_always_off",
  "parentbased_traceidratio",
] as const;
export type SamplerName = (typeof SAMPLERS)[number];

export const telemetryEnvShape = {
  OTEL_SDK_DISABLED: optionalText,
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalUrl,
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: optionalUrl,
  // The OTLP/HTTP exporter installed sends JSON; a collector's OTLP/HTTP receiver takes JSON and
  // protobuf alike, so both names are accepted. gRPC is another port and another exporter.
  OTEL_EXPORTER_OTLP_PROTOCOL: optionalText.pipe(
    z
      .enum(["http/json", "http/protobuf"], {
        message:
          "must be http/json or http/protobuf (traces are sent as OTLP/HTTP JSON; gRPC is not supported)",
      })
      .optional(),
  ),
  OTEL_TRACES_EXPORTER: exporterChoice,
  OTEL_METRICS_EXPORTER: exporterChoice,
  OTEL_SERVICE_NAME: optionalText,
  OTEL_TRACES_SAMPLER: optionalText.pipe(z.enum(SAMPLERS).default("parentbased_always_on")),
  OTEL_TRACES_SAMPLER_ARG: optionalText.pipe(z.coerce.number<string>().min(0).max(1).optional()),
  OTEL_BSP_SCHEDULE_DELAY: millis(5000),
  OTEL_BSP_EXPORT_TIMEOUT: millis(30_000),
  OTEL_BSP_MAX_QUEUE_SIZE: count(2048),
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: count(512),
  OTEL_METRIC_EXPORT_INTERVAL: count(60_000),
  OTEL_METRIC_EXPORT_TIMEOUT: count(30_000),
};

const telemetryEnvSchema = z.object(telemetryEnvShape);
type RawTelemetryEnv = z.infer<typeof telemetryEnvSchema>;

export type TelemetrySettings = Readonly<{
  /** Spans are exported (an endpoint for traces is set, and neither signal nor SDK is turned off). */
  traces: boolean;
  /** Prometheus metrics are also pushed over OTLP. */
  metrics: boolean;
  serviceName: string;
  sampler: SamplerName;
  /** The ratio of the *traceidratio samplers (OTEL_TRACES_SAMPLER_ARG; default 1). */
  samplerRatio: number;
  batch: {
    scheduledDelayMs: number;
    exportTimeoutMs: number;
    maxQueueSize: number;
    maxExportBatchSize: number;
  };
  metricExport: { intervalMs: number; timeoutMs: number };
}>;

export const DEFAULT_SERVICE_NAME = "partner-orders-portal";

/** The settings of one process, from the validated variables. */
export function telemetrySettings(raw: RawTelemetryEnv): TelemetrySettings {
  const disabled = raw.OTEL_SDK_DISABLED?.toLowerCase() === "true";
  const tracesEndpoint = raw.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? raw.OTEL_EXPORTER_OTLP_ENDPOINT;
  const metricsEndpoint = raw.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT ?? raw.OTEL_EXPORTER_OTLP_ENDPOINT;
  return Object.freeze({
    traces: !disabled && tracesEndpoint !== undefined && raw.OTEL_TRACES_EXPORTER === "otlp",
    metrics: !disabled && metricsEndpoint !== undefined && raw.OTEL_METRICS_EXPORTER === "otlp",
    serviceName: raw.OTEL_SERVICE_NAME ?? DEFAULT_SERVICE_NAME,
    sampler: raw.OTEL_TRACES_SAMPLER,
    samplerRatio: raw.OTEL_TRACES_SAMPLER_ARG ?? 1,
    batch: {
      scheduledDelayMs: raw.OTEL_BSP_SCHEDULE_DELAY,
      exportTimeoutMs: raw.OTEL_BSP_EXPORT_TIMEOUT,
      maxQueueSize: raw.OTEL_BSP_MAX_QUEUE_SIZE,
      // The SDK lowers a batch larger than the queue to the queue's size, with a warning.
      maxExportBatchSize: Math.min(raw.OTEL_BSP_MAX_EXPORT_BATCH_SIZE, raw.OTEL_BSP_MAX_QUEUE_SIZE),
    },
    // The SDK refuses an export timeout longer than the interval.
    metricExport: {
      intervalMs: raw.OTEL_METRIC_EXPORT_INTERVAL,
      timeoutMs: Math.min(raw.OTEL_METRIC_EXPORT_TIMEOUT, raw.OTEL_METRIC_EXPORT_INTERVAL),
    },
  });
}
