// tRPC over HTTP for the portal's pages; the handler (origin check, body limit, log context, one
// log line per call) is server/transport/trpc/portal-http-handler.ts, and the session cookie is read by the
// context.
import { createTrpcContext } from "@/server/transport/trpc/context";
import { portalHttpHandler } from "@/server/transport/trpc/portal-http-handler";

export const dynamic = "force-dynamic";

const handler = portalHttpHandler(createTrpcContext);

export { handler as GET, handler as POST };
