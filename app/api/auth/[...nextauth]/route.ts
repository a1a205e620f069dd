// next-auth's endpoints (sign-in, sign-out, session, CSRF token). Options are built per request
// on first use: the build imports this module without the runtime settings.
import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/next-auth-options";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, context: RouteContext) {
  return NextAuth(req as never, context as never, authOptions());
}

export { handler as GET, handler as POST };
