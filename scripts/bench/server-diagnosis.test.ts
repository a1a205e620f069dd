// The bench:api diagnosis read from two scrapes of a server's Prometheus metrics.
import { describe, expect, it } from "vitest";
import { diagnose, parseExposition } from "./server-diagnosis";

const scrape = (submitBuckets: number[], majorGc: number, lagP99: number) =>
  parseExposition(
    [
      "# HELP portal_http_request_duration_seconds REST request latency",
      "# TYPE portal_http_request_duration_seconds histogram",
      ...["0.05", "0.1", "0.25", "0.5", "+Inf"].map(
        (le, i) =>
          `portal_http_request_duration_seconds_bucket{le="${le}",method="POST",route="/partner/order"} ${submitBuckets[i]}`,
      ),
      'portal_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/partner/order/preview"} 999',
      'portal_process_nodejs_gc_duration_seconds_sum{kind="major"} ' + majorGc,
      'portal_process_nodejs_gc_duration_seconds_sum{kind="minor"} 0.5',
      `portal_process_nodejs_eventloop_lag_p99_seconds ${lagP99}`,
      "portal_process_nodejs_eventloop_lag_p50_seconds 0.0101",
    ].join("\n"),
  );

describe("diagnose", () => {
  it("takes the run's requests as the difference of the scrapes, and the bucket bound of each percentile", () => {
    const before = scrape([10, 10, 10, 10, 10], 1, 0.9);
    // 100 submits in the run: 60 within 50 ms, 38 within 250 ms, 2 over 500 ms.
    const after = scrape([70, 70, 108, 108, 110], 1.25, 0.3456);
    expect(diagnose(before, after, "/partner/order")).toEqual({
      handlerP50Ms: 50,
      handlerP99Ms: Number.POSITIVE_INFINITY,
      handlerRequests: 100,
      eventLoopDelayP50Ms: 10.1,
      eventLoopDelayP99Ms: 345.6,
      eventLoopDelayMaxMs: null,
      gcMs: { major: 250, minor: 0 },
    });
  });

  it("has no percentiles for a route without requests in the run", () => {
    const same = scrape([5, 5, 5, 5, 5], 0, 0);
    expect(diagnose(same, same, "/partner/order")).toMatchObject({ handlerP50Ms: null, handlerRequests: 0 });
  });
});
