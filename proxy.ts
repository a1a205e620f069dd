// Early redirect to the sign-in page for portal pages requested without a session cookie, keeping
// the address the person asked for so they land there after signing in. It only looks for the
// cookie: the real check (signature, expiry, the user still existing) is the session gate each
// page runs on the server. REST, OAuth and next-auth routes are not matched.
import { type NextRequest, NextResponse } from "next/server";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  const target = new URL("/signin", request.url);
  if (pathname !== "/") target.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(target);
}

export const config = {
  matcher: ["/", "/orders/:path*", "/subscriptions/:path*", "/customers/:path*", "/settings/:path*"],
};
