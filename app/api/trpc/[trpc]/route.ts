// tRPC over HTTP for the portal's pages. Queries go by GET (batched) except the order preview,
// which the client sends by POST (an order does not belong in a URL). Every POST must come from
// this site (see same-origin.ts); the session cookie is read by the context.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { env } from "@/server/env";
import { REQUEST_ID_HEADER } from "@/server/http/request-id";
import { log } from "@/server/log";
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
  return fetchRequestHandler({
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
}

export { handler as GET, handler as POST };
