// tRPC over HTTP for the portal's pages (app/api/trpc/[trpc]/route.ts). Queries go by GET
// (batched) except the order preview, which the client sends by POST (an order does not belong in
// a URL). Every POST must come from this site (see same-origin.ts). Each call runs in the log
// context of its request id (given by proxy.ts, or made here), so every line it causes carries
// that id, and ends with one `portal call` line and one count, like the REST frame's.
import "server-only";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { env } from "../../infra/env/env";
import { log } from "../../infra/log/log";
import { withLogContext } from "../../infra/log/log-context";
import { metrics } from "../../infra/metrics/metrics";
import { requestIdOf } from "../http/request-id";
import { appRouter } from "./app-router";
import type { TrpcContext } from "./context";
import { MAX_TRPC_BATCH, withBodyLimit } from "./request-limits";
import { isSameOriginRequest } from "./same-origin";

/** The handler of `/api/trpc/*`; `createContext` reads the session (tests give their own). */
export function portalHttpHandler(createContext: () => Promise<TrpcContext>) {
  return (request: Request): Promise<Response> =>
    withLogContext({ requestId: requestIdOf(request.headers) }, () => portalCall(request, createContext));
}

async function portalCall(incoming: Request, createContext: () => Promise<TrpcContext>): Promise<Response> {
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
    createContext,
    allowMethodOverride: true,
    // Every answer carries partner data: never kept by a browser or a proxy.
    responseMeta: () => ({ headers: new Headers({ "cache-control": "no-store" }) }),
    onError({ error, path }) {
      if (error.code !== "INTERNAL_SERVER_ERROR") return;
      const cause = error.cause ?? error;
      log.error("trpc procedure failed", { path, error: cause, stack: cause.stack });
    },
  });
  logPortalCall(req, response, started);
  return response;
}

/** One line and one count per portal call (a batch is one call). */
function logPortalCall(req: Request, response: Response, started: number) {
  const ms = Math.round((performance.now() - started) * 10) / 10;
  const procedures = new URL(req.url).pathname.slice("/api/trpc/".length).split(",").slice(0, 10);
  log.info("portal call", { method: req.method, procedures, status: response.status, ms });
  const m = metrics();
  m.httpRequests.inc({ method: req.method, route: "/api/trpc", status: String(response.status) });
  m.httpDuration.observe({ method: req.method, route: "/api/trpc" }, ms / 1000);
}
