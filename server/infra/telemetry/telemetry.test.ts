// Without an OTLP endpoint, telemetry costs nothing: startTelemetry() starts nothing and does not
// even load the SDK, no tracer provider is registered, and our spans are plain calls.
import { trace } from "@opentelemetry/api";
import { expect, it, vi } from "vitest";
import { tracingActive } from "./spans";
import { startTelemetry, stopTelemetry } from "./telemetry";

const sdk = vi.hoisted(() => ({ loaded: false }));
vi.mock("./telemetry-sdk", () => {
  sdk.loaded = true;
  return {};
});

it("starts nothing and loads nothing without an endpoint", async () => {
  expect(process.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  expect(await startTelemetry("web")).toBe(false);
  expect(sdk.loaded).toBe(false);
  expect(tracingActive()).toBe(false);
  const provider = trace.getTracerProvider() as { getDelegate?: () => object };
  expect(provider.getDelegate?.().constructor.name).toBe("NoopTracerProvider");
  await stopTelemetry();
});
