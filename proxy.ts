// Runs before pages and the non-REST routes (the REST API's own frame does the same for
// /partner and /oauth):
// - gives the request an id, passed on to the page or route (instrumentation.ts logs any error
//   it throws under that id) and answered in X-Request-Id;
// - redirects portal pages requested without a session cookie to the sign-in page early, keeping
//   the address asked for. It only looks for the cookie: the real check (signature, expiry, the
//   user still existing) is the session gate each page runs on the server.
import { type NextRequest, NextResponse } from "next/server";
import { REQUEST_ID_HEADER, requestIdOf } from "./server/http/request-id";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
const PORTAL_PAGES = /^\/(?:$|orders(?:\/|$)|subscriptions(?:\/|$)|customers(?:\/|$)|settings(?:\/|$))/;

export function proxy(request: NextRequest) {
  const requestId = requestIdOf(request.headers);
  const { pathname, search } = request.nextUrl;
  let response: NextResponse;
  if (PORTAL_PAGES.test(pathname) && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const target = new URL("/signin", request.url);
    if (pathname !== "/") target.searchParams.set("callbackUrl", `${pathname}${search}`);
    response = NextResponse.redirect(target);
  } else {
    const headers = new Headers(request.headers);
    headers.set(REQUEST_ID_HEADER, requestId);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  matcher: [
    "/",
    "/orders/:path*",
    "/subscriptions/:path*",
    "/customers/:path*",
    "/settings/:path*",
    "/signin",
    "/docs/:path*",
    "/api/trpc/:path*",
    "/api/auth/:path*",
    "/api/openapi.json",
    "/api/health",
  ],
};
