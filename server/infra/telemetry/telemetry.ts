// OpenTelemetry for this process: startTelemetry() from the web server's register()
// (instrumentation.ts) and from `npm run worker`, stopTelemetry() on shutdown, which exports what
// is still buffered. Telemetry is on when an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT,
// see telemetry-settings.ts); otherwise nothing of the SDK is even loaded: this module imports
// only the settings, and spans.ts turns our spans into direct calls.
//
// One SDK per process, kept on globalThis: Next bundles instrumentation.ts and the route handlers
// apart, each with its own copy of this module, and a second start must not register twice.
import { readFileSync } from "node:fs";
import path from "node:path";
import { env } from "../env/env";
import { onShutdown } from "../health/shutdown-hooks";
import { log } from "../log/log";
import type { ProcessRole, RunningSdk } from "./telemetry-sdk";

declare global {
  var portalTelemetry: Promise<RunningSdk | null> | undefined;
}

/** The portal's version, from the package.json of the folder it runs in (the checkout or bundle). */
function portalVersion(): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as {
      version?: unknown;
    };
    return typeof pkg.version === "string" ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

async function load(role: ProcessRole): Promise<RunningSdk | null> {
  const settings = env().telemetry;
  // Set once shutdown begins: the last export must not reopen a database pool already closed.
  let closing = false;
  try {
    const [{ startSdk }, { metrics }, { db }, { jobCounts }, { untraced }] = await Promise.all([
      import("./telemetry-sdk"),
      import("../metrics/metrics"),
      import("../db/db"),
      import("../queue/job-queue"),
      import("./spans"),
    ]);
    const sdk = startSdk({
      settings,
      role,
      version: portalVersion(),
      metrics: {
        registry: metrics().registry,
        // As at a scrape of /api/metrics, the queue's depth is read from the database; untraced, or
        // every export would make a trace of its own.
        beforeCollect: () =>
          untraced(async () => {
            if (!closing) metrics().queueDepth.set((await jobCounts(db())).pending);
          }),
      },
    });
    log.info("telemetry started", {
      traces: settings.traces,
      metrics: settings.metrics,
      serviceName: settings.serviceName,
      sampler: settings.sampler,
    });
    return {
      forceFlush: () => sdk.forceFlush(),
      shutdown: () => {
        closing = true;
        return sdk.shutdown();
      },
    };
  } catch (error) {
    // Telemetry is an aid: the server serves without it rather than not at all.
    log.error("telemetry could not start; running without it", { error });
    return null;
  }
}

/**
 * Starts traces (and OTLP metrics) when an endpoint is set; answers whether anything started.
 * Call it once the environment is known valid; a second call is a no-op.
 */
export async function startTelemetry(role: ProcessRole = "web"): Promise<boolean> {
  const { traces, metrics } = env().telemetry;
  if (!traces && !metrics) return false;
  if (!globalThis.portalTelemetry) {
    globalThis.portalTelemetry = load(role);
    // The web server flushes as it shuts down (server/infra/health/shutdown-on-signal.ts runs the hooks);
    // `npm run worker` calls stopTelemetry() itself.
    if (role === "web") onShutdown(stopTelemetry, "telemetry");
  }
  return (await globalThis.portalTelemetry) !== null;
}

/** Exports the spans and metrics still buffered, then shuts the SDK down (no-op when off). */
export async function stopTelemetry(): Promise<void> {
  const running = globalThis.portalTelemetry;
  globalThis.portalTelemetry = undefined;
  const sdk = await running;
  await sdk?.shutdown();
}
