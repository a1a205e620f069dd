// tRPC over HTTP for the portal's pages. Queries go by GET (batched) except the order preview,
// which the client sends by POST (an order does not belong in a URL). Every POST must come from
// this site (see same-origin.ts); the session cookie is read by the context.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { env } from "@/server/env";
import { REQUEST_ID_HEADER } from "@/server/http/request-id";
import { log } from "@/server/log";
import { metrics } from "@/server/metrics/metrics";
import { appRouter } from "@/server/trpc/app-router";
import { createTrpcContext } from "@/server/trpc/context";
import { MAX_TRPC_BATCH, withBodyLimit } from "@/server/trpc/request-limits";
import { isSameOriginRequest } from "@/server/trpc/same-origin";

export const dynamic = "force-dynamic";

async function handler(incoming: Request) {
  if (incoming.method !== "GET" && !isSameOriginRequest(incoming.headers, env().appUrl, incoming.url)) {
    return Response.json(
      { error: { message: "Cross-site request refused.", code: "FORBIDDEN" } },
      { status: 403 },
    );
  }
  const req = await withBodyLimit(incoming, env().bodyLimitBytes);
  if (req instanceof Response) return req;
  const started = performance.now();
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    maxBatchSize: MAX_TRPC_BATCH,
    router: appRouter,
    createContext: createTrpcContext,
    allowMethodOverride: true,
    // Every answer carries partner data: never kept by a browser or a proxy.
    responseMeta: () => ({ headers: new Headers({ "cache-control": "no-store" }) }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR")
        log.error("trpc procedure failed", {
          requestId: req.headers.get(REQUEST_ID_HEADER),
          path,
          error: error.cause ?? error,
        });
    },
  });
  logPortalCall(req, response, started);
  return response;
}

/** One line and one count per portal call, like the REST frame's (a batch is one call). */
function logPortalCall(req: Request, response: Response, started: number) {
  const ms = Math.round((performance.now() - started) * 10) / 10;
  const procedures = new URL(req.url).pathname.slice("/api/trpc/".length).split(",").slice(0, 10);
  log.info("portal call", {
    requestId: req.headers.get(REQUEST_ID_HEADER),
    method: req.method,
    procedures,
    status: response.status,
    ms,
  });
  const m = metrics();
  m.httpRequests.inc({ method: req.method, route: "/api/trpc", status: String(response.status) });
  m.httpDuration.observe({ method: req.method, route: "/api/trpc" }, ms / 1000);
}

export { handler as GET, handler as POST };
