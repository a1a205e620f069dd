// tRPC over HTTP for the portal's pages. Queries go by GET (batched) except the order preview,
// which the client sends by POST (an order does not belong in a URL). Every POST must come from
// this site (see same-origin.ts); the session cookie is read by the context.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { env } from "@/server/env";
import { REQUEST_ID_HEADER } from "@/server/http/request-id";
import { log } from "@/server/log";
import { appRouter } from "@/server/trpc/app-router";
import { createTrpcContext } from "@/server/trpc/context";
import { isSameOriginRequest } from "@/server/trpc/same-origin";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  if (req.method !== "GET" && !isSameOriginRequest(req.headers, env().appUrl, req.url)) {
    return Response.json(
      { error: { message: "Cross-site request refused.", code: "FORBIDDEN" } },
      { status: 403 },
    );
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: createTrpcContext,
    allowMethodOverride: true,
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
