// For tests: the real SDK of startTelemetry() (telemetry-sdk.ts: tracer provider, context manager,
// propagator, Prisma's instrumentation), exporting to memory instead of over OTLP.
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace";
import { startSdk } from "./telemetry-sdk";
import { telemetrySettings } from "./telemetry-settings";

export type TestTracing = {
  /** Every span ended so far (flushed from the batch first). */
  spans(): Promise<ReadableSpan[]>;
  /** Forgets every span ended so far (those still in the batch too). */
  reset(): Promise<void>;
  stop(): Promise<void>;
};

export function startTestTracing(): TestTracing {
  const exporter = new InMemorySpanExporter();
  const settings = telemetrySettings({
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:1",
    OTEL_TRACES_EXPORTER: "otlp",
    OTEL_METRICS_EXPORTER: "none",
    OTEL_TRACES_SAMPLER: "parentbased_always_on",
    OTEL_BSP_SCHEDULE_DELAY: 60_000,
    OTEL_BSP_EXPORT_TIMEOUT: 30_000,
    OTEL_BSP_MAX_QUEUE_SIZE: 100_000,
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: 100_000,
    OTEL_METRIC_EXPORT_INTERVAL: 60_000,
    OTEL_METRIC_EXPORT_TIMEOUT: 30_000,
  });
  const sdk = startSdk({ settings, role: "web", spanExporter: exporter });
  return {
    async spans() {
      await sdk.forceFlush();
      return exporter.getFinishedSpans();
    },
    async reset() {
      await sdk.forceFlush();
      exporter.reset();
    },
    stop: () => sdk.shutdown(),
  };
}
