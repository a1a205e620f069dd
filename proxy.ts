// Runs before pages and the non-REST routes (the REST API's own frame does the same for
// /partner, /oauth and /.well-known):
// - gives the request an id, passed on to the page or route (instrumentation.ts logs any error
//   it throws under that id) and answered in X-Request-Id;
// - sets the security headers, with a fresh Content-Security-Policy nonce for the page's scripts
//   (server/transport/http/security-headers.ts);
// - redirects portal pages requested without a session cookie to the sign-in page early, keeping
//   the address asked for. It only looks for the cookie: the real check (signature, expiry, the
//   user still existing) is the session gate each page runs on the server.
import { type NextRequest, NextResponse } from "next/server";
import { env } from "./server/infra/env/env";
import { REQUEST_ID_HEADER, requestIdOf } from "./server/transport/http/request-id";
import {
  commonSecurityHeaders,
  contentSecurityPolicy,
  newNonce,
} from "./server/transport/http/security-headers";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
const PORTAL_PAGES =
  /^\/(?:$|orders(?:\/|$)|subscriptions(?:\/|$)|renewals(?:\/|$)|customers(?:\/|$)|settings(?:\/|$))/;

export function proxy(request: NextRequest) {
  const requestId = requestIdOf(request.headers);
  const https = env().appUrl.startsWith("https:");
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, https);
  const { pathname, search } = request.nextUrl;
  let response: NextResponse;
  if (PORTAL_PAGES.test(pathname) && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const target = new URL("/signin", request.url);
    if (pathname !== "/") target.searchParams.set("callbackUrl", `${pathname}${search}`);
    response = NextResponse.redirect(target);
  } else {
    const headers = new Headers(request.headers);
    headers.set(REQUEST_ID_HEADER, requestId);
    headers.set("x-nonce", nonce);
    headers.set("content-security-policy", csp);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set(REQUEST_ID_HEADER, requestId);
  response.headers.set("content-security-policy", csp);
  for (const [name, value] of Object.entries(commonSecurityHeaders(https))) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but Next's static files and the REST API (whose frame sets its own headers).
  matcher: ["/((?!_next/static|_next/image|partner/|oauth/|\\.well-known/|favicon\\.ico).*)"],
};
