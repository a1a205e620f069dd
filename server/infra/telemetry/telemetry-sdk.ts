// The OpenTelemetry SDK of this process, built from its settings: loaded (imported) only by
// startTelemetry() when an OTLP endpoint is set, so a process without one never loads it.
//
// Traces: one global tracer provider (Next's own spans appear once one is registered; ours come
// from server/infra/telemetry/spans.ts; Prisma's from its instrumentation), an AsyncLocalStorage context
// manager so spans nest across awaits, the W3C propagator (Next reads an incoming `traceparent`;
// jobs carry theirs in their data), and a batch processor exporting OTLP/HTTP JSON to the
// endpoint the exporter reads from OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, with its headers.
// Metrics: prom-client's registry pushed as OTLP by a periodic reader (prometheus-bridge.ts).
import { context, DiagLogLevel, diag, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  CompositePropagator,
  suppressTracing,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from "@opentelemetry/core";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import {
  defaultResource,
  detectResources,
  type Resource,
  resourceAttributesEnvDetector,
  resourceFromAttributes,
} from "@opentelemetry/resources";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  type SpanExporter,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import { PrismaInstrumentation, registerInstrumentations } from "@prisma/instrumentation";
import type { Registry } from "prom-client";
import { log } from "../log/log";
import { type BridgeOptions, prometheusMetricProducer } from "./prometheus-bridge";
import { PRISMA_SPANS_LEFT_OUT, selectingProcessor } from "./span-selection";
import { setTracingHooks } from "./spans";
import type { SamplerName, TelemetrySettings } from "./telemetry-settings";

export type ProcessRole = "web" | "worker";

export type SdkOptions = {
  settings: TelemetrySettings;
  role: ProcessRole;
  /** The portal's version, for `service.version`. */
  version?: string;
  /** Where spans go; default the OTLP/HTTP exporter (tests pass an in-memory one). */
  spanExporter?: SpanExporter;
  /** The metrics to push over OTLP (none: no metrics). */
  metrics?: { registry: Registry } & BridgeOptions;
};

export type RunningSdk = {
  /** Exports what is buffered, then stops every part; safe to call once. */
  shutdown(): Promise<void>;
  forceFlush(): Promise<void>;
};

function samplerFor(name: SamplerName, ratio: number): Sampler {
  switch (name) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return new TraceIdRatioBasedSampler(ratio);
    case "parentbased_always_on":
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}

function resourceOf(options: SdkOptions): Resource {
  // OTEL_RESOURCE_ATTRIBUTES adds to (and may override) the defaults; OTEL_SERVICE_NAME wins.
  return defaultResource()
    .merge(
      resourceFromAttributes({
        [ATTR_SERVICE_VERSION]: options.version ?? "unknown",
        "portal.process.role": options.role,
      }),
    )
    .merge(detectResources({ detectors: [resourceAttributesEnvDetector] }))
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.settings.serviceName }));
}

/** The SDK's own complaints (an export that failed, a bad setting) as our warning lines. */
function reportDiagnostics(): void {
  const warn = (message: string, ...detail: unknown[]) =>
    log.warn(`telemetry: ${message}`, detail.length > 0 ? { detail } : {});
  const ignore = () => {};
  diag.setLogger({ error: warn, warn, info: ignore, debug: ignore, verbose: ignore }, DiagLogLevel.WARN);
}

export function startSdk(options: SdkOptions): RunningSdk {
  const { settings } = options;
  reportDiagnostics();
  const resource = resourceOf(options);
  const parts: { shutdown(): Promise<void>; forceFlush(): Promise<void> }[] = [];
  let unregister = () => {};

  if (settings.traces) {
    const contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    propagation.setGlobalPropagator(
      new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    );
    const provider = new TracerProvider({
      resource,
      sampler: samplerFor(settings.sampler, settings.samplerRatio),
      spanProcessors: [
        selectingProcessor(
          new BatchSpanProcessor({
            exporter: options.spanExporter ?? new OTLPTraceExporter(),
            scheduledDelayMillis: settings.batch.scheduledDelayMs,
            exportTimeoutMillis: settings.batch.exportTimeoutMs,
            maxQueueSize: settings.batch.maxQueueSize,
            maxExportBatchSize: settings.batch.maxExportBatchSize,
          }),
        ),
      ],
    });
    trace.setGlobalTracerProvider(provider);
    // Prisma's client looks for its tracing helper at every call, wherever the client was made.
    // Its SQL statements and transactions are traced, not its in-memory steps (span-selection.ts).
    unregister = registerInstrumentations({
      tracerProvider: provider,
      instrumentations: [new PrismaInstrumentation({ ignoreSpanTypes: PRISMA_SPANS_LEFT_OUT })],
    });
    setTracingHooks({ suppress: suppressTracing });
    parts.push(provider);
  }

  if (settings.metrics && options.metrics) {
    const { registry, ...bridge } = options.metrics;
    const meterProvider = new MeterProvider({
      resource,
      readers: [
        new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter(),
          exportIntervalMillis: settings.metricExport.intervalMs,
          exportTimeoutMillis: settings.metricExport.timeoutMs,
          metricProducers: [prometheusMetricProducer(registry, bridge)],
        }),
      ],
    });
    parts.push(meterProvider);
  }

  let stopped: Promise<void> | null = null;
  return {
    forceFlush: async () => {
      await Promise.all(parts.map((p) => p.forceFlush()));
    },
    shutdown() {
      stopped ??= (async () => {
        setTracingHooks(null);
        unregister();
        await Promise.allSettled(parts.map((p) => p.shutdown()));
        trace.disable();
        propagation.disable();
        context.disable();
        diag.disable();
      })();
      return stopped;
    },
  };
}
