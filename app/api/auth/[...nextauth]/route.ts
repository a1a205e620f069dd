// next-auth's endpoints (sign-in, sign-out, session, CSRF token). Options are built per request
// on first use: the build imports this module without the runtime settings. Each request runs in
// the log context of its id (given by proxy.ts), so a sign-in failure's line carries it.
import NextAuth from "next-auth";
import { withLogContext } from "@/server/infra/log/log-context";
import { requestIdOf } from "@/server/transport/http/request-id";
import { authOptions } from "@/server/transport/session/next-auth-options";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, context: RouteContext) {
  return withLogContext({ requestId: requestIdOf(req.headers) }, () =>
    NextAuth(req as never, context as never, authOptions()),
  );
}

export { handler as GET, handler as POST };
