// GET /api/metrics: this process's Prometheus metrics, for a scraper that sends
// `Authorization: Bearer $METRICS_TOKEN`. Without METRICS_TOKEN the endpoint does not exist
// (404); a wrong or missing token is a 401. The job queue's depth is read from the database at
// scrape time (it is the same for every instance).
import { createHash, timingSafeEqual } from "node:crypto";
import { db } from "../../infra/db/db";
import { env } from "../../infra/env/env";
import { metrics } from "../../infra/metrics/metrics";
import { jobCounts } from "../../infra/queue/job-queue";
import { apiHandler } from "./api-handler";
import { HttpError } from "./http-error";

const digest = (text: string) => createHash("sha256").update(text).digest();

export const metricsRoute = apiHandler(async (request) => {
  const token = env().metricsToken;
  if (!token)
    throw new HttpError(404, "Not found", "Metrics are not enabled on this server (METRICS_TOKEN).");
  const sent = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  // Digests of equal length, so the comparison takes the same time whatever was sent.
  if (!timingSafeEqual(digest(sent), digest(token))) {
    throw new HttpError(401, "Unauthorized", "Send the metrics token as a bearer token.", {
      headers: { "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  const m = metrics();
  m.queueDepth.set((await jobCounts(db())).pending);
  return new Response(await m.registry.metrics(), {
    headers: { "content-type": m.registry.contentType, "cache-control": "no-store" },
  });
});
