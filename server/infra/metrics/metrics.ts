// Prometheus metrics of this process (prom-client), answered at /api/metrics. Labels have bounded
// values only: route templates (`/partner/order/[id]`), never raw paths, ids or partners.
//
// One registry per process, kept on globalThis: Next bundles instrumentation.ts (where the job
// workers run) and the route handlers apart, each with its own copy of this module, and the
// route that answers a scrape must see what the workers counted.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "portal_process_" });
  return {
    registry,
    httpRequests: new Counter({
      name: "portal_http_requests_total",
      help: "REST requests answered, by method, route template and status",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "portal_http_request_duration_seconds",
      help: "REST request latency, by method and route template",
      labelNames: ["method", "route"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    providerCalls: new Counter({
      name: "portal_billing_provider_calls_total",
      help: "Calls to billing providers, by provider, operation and outcome",
      labelNames: ["provider", "operation", "outcome"] as const,
      registers: [registry],
    }),
    providerDuration: new Histogram({
      name: "portal_billing_provider_call_duration_seconds",
      help: "Latency of billing provider calls, by provider and operation",
      labelNames: ["provider", "operation"] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: "portal_webhook_delivery_attempts_total",
      help: "Webhook delivery attempts to partners, by outcome (delivered, failed)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    jobs: new Counter({
      name: "portal_jobs_total",
      help: "Job runs ended, by job name and outcome (done, retry, failed)",
      labelNames: ["name", "outcome"] as const,
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: "portal_job_duration_seconds",
      help: "How long a job run took, by job name",
      labelNames: ["name"] as const,
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: "portal_jobs_waiting",
      help: "Jobs waiting or running (all instances: read from the database at scrape time)",
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: "portal_rate_limit_refusals_total",
      help: "Requests refused with 429, by limit (api, token)",
      labelNames: ["limit"] as const,
      registers: [registry],
    }),
    signInFailures: new Counter({
      name: "portal_sign_in_failures_total",
      help: "Refused staff sign-ins, by reason (password, two_factor, braked)",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

declare global {
  var portalMetrics: Metrics | undefined;
}

export function metrics(): Metrics {
  globalThis.portalMetrics ??= createMetrics();
  return globalThis.portalMetrics;
}

/** The route template of a request: each path parameter's value replaced by its name. */
export function routeTemplate(pathname: string, params: Record<string, string | string[]>): string {
  let route = safeDecode(pathname);
  for (const [name, value] of Object.entries(params)) {
    const text = Array.isArray(value) ? value.join("/") : value;
    if (!text) continue;
    // A value not found as written would leave it in the label: name the route's first segment only.
    if (!route.includes(text)) return `/${pathname.split("/")[1] ?? ""}/[unmatched]`;
    route = route.replace(text, Array.isArray(value) ? `[...${name}]` : `[${name}]`);
  }
  return route;
}

function safeDecode(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}
