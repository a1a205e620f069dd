// Where a load run's time went inside the Next server, from its own Prometheus metrics scraped
// before and after the run (/api/metrics): how long the route handlers took (a histogram, so
// bucket bounds, not exact percentiles), how late the event loop ran (prom-client's
// monitorEventLoopDelay, reset by each scrape, so the second scrape covers exactly the run) and
// how long garbage collection paused it, by kind. A client p99 far above the handlers' p99 means
// requests waited outside the handlers: in the event loop's queue, behind other requests' work.

export type Scrape = Map<string, number>;

export type ServerDiagnosis = {
  /** The handlers' latency for the route, as the upper bound of the bucket holding the percentile. */
  handlerP50Ms: number | null;
  handlerP99Ms: number | null;
  handlerRequests: number;
  eventLoopDelayP50Ms: number | null;
  eventLoopDelayP99Ms: number | null;
  eventLoopDelayMaxMs: number | null;
  /** Milliseconds of GC pause during the run, by kind (minor, major, incremental, weakcb). */
  gcMs: Record<string, number>;
};

/** Every sample line of a Prometheus text exposition, keyed by its name and labels as written. */
export function parseExposition(text: string): Scrape {
  const samples: Scrape = new Map();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const cut = line.lastIndexOf(" ");
    const value = Number(line.slice(cut + 1));
    if (cut > 0 && Number.isFinite(value)) samples.set(line.slice(0, cut), value);
  }
  return samples;
}

export async function scrapeMetrics(appUrl: string, token: string): Promise<Scrape> {
  const response = await fetch(`${appUrl}/api/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET /api/metrics answered ${response.status}`);
  return parseExposition(await response.text());
}

const HISTOGRAM = "portal_http_request_duration_seconds";

/** The smallest bucket bound holding the given share of the run's requests (diff of two scrapes). */
function bucketPercentile(buckets: { le: number; count: number }[], share: number): number | null {
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const hit = buckets.find((b) => b.count >= share * total);
  return hit ? hit.le * 1000 : null;
}

export function diagnose(before: Scrape, after: Scrape, route: string): ServerDiagnosis {
  const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
  const buckets = [...after.keys()]
    .filter((key) => key.startsWith(`${HISTOGRAM}_bucket{`) && key.includes(`route="${route}"`))
    .map((key) => {
      const le = /le="([^"]+)"/.exec(key)?.[1] ?? "+Inf";
      return { le: le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le), count: delta(key) };
    })
    .sort((a, b) => a.le - b.le);
  const gauge = (name: string) => {
    const value = after.get(`portal_process_nodejs_eventloop_lag_${name}_seconds`);
    return value === undefined ? null : Math.round(value * 100_000) / 100;
  };
  const gcMs: Record<string, number> = {};
  for (const key of after.keys()) {
    const kind = /^portal_process_nodejs_gc_duration_seconds_sum\{kind="([^"]+)"\}$/.exec(key)?.[1];
    if (kind) gcMs[kind] = Math.round(delta(key) * 1000);
  }
  return {
    handlerP50Ms: bucketPercentile(buckets, 0.5),
    handlerP99Ms: bucketPercentile(buckets, 0.99),
    handlerRequests: buckets.at(-1)?.count ?? 0,
    eventLoopDelayP50Ms: gauge("p50"),
    eventLoopDelayP99Ms: gauge("p99"),
    eventLoopDelayMaxMs: gauge("max"),
    gcMs,
  };
}
