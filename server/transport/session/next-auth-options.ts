// next-auth configuration: email + password (checked by sign-in.ts, with its brake) and a signed
// JWT session cookie carrying who the user is, their partner and role. The session lasts one
// working day from sign-in; after that the portal asks for the password again.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { SIGN_IN_ERRORS } from "@/components/auth/sign-in-messages";
import { endStaffSessions } from "../../features/auth/end-sessions";
import { checkStaffCredentials } from "../../features/auth/sign-in";
import { db } from "../../infra/db/db";
import { env } from "../../infra/env/env";
import { clientAddressOf } from "../http/client-address";

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

let cached: NextAuthOptions | undefined;

/**
 * Built on first use, not at import: `next build` imports route modules without the runtime
 * environment, and env() refuses to run in production without APP_URL and AUTH_SECRET.
 */
export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const settings = env();
  // next-auth reads its base URL from NEXTAUTH_URL only; the project's APP_URL is the same
  // setting (docs/operations.md, "Settings"), so it is passed on here rather than required twice.
  // env() already prefers APP_URL over NEXTAUTH_URL; next-auth must follow the same choice.
  process.env.NEXTAUTH_URL = settings.appUrl;
  cached = {
    secret: settings.authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          code: { label: "One-time code", type: "text" },
        },
        async authorize(credentials, request) {
          const result = await checkStaffCredentials(db(), {
            email: credentials?.email,
            password: credentials?.password,
            code: credentials?.code,
            address: clientAddressOf(request?.headers ?? {}),
          });
          if (result.ok) return result.user;
          // Thrown messages become `?error=`; null becomes the generic CredentialsSignin.
          if (result.reason === "delayed")
            throw new Error(`${SIGN_IN_ERRORS.delayed}:${result.retryAfterSeconds}`);
          if (result.reason === "disabled") throw new Error(SIGN_IN_ERRORS.disabled);
          if (result.reason === "code_required") throw new Error(SIGN_IN_ERRORS.codeRequired);
          if (result.reason === "invalid_code") throw new Error(SIGN_IN_ERRORS.invalidCode);
          return null;
        },
      }),
    ],
    events: {
      // Signing out ends the session for good, not only in this browser: a copied or stolen
      // cookie stops working too (and so do the user's sessions elsewhere).
      async signOut({ token }) {
        if (typeof token?.sub === "string") await endStaffSessions(db(), token.sub);
      },
    },
    callbacks: {
      jwt({ token, user }) {
        // `user` is only present at sign-in: copy what the portal needs into the signed token.
        if (user) {
          const u = user as unknown as {
            id: string;
            partnerId: string;
            role: string;
            name: string;
            email: string;
          };
          token.sub = u.id;
          token.partnerId = u.partnerId;
          token.role = u.role;
          token.name = u.name;
          token.email = u.email;
          // When this sign-in happened, for the session gate to compare with the user's
          // sessionsValidFrom (a disable or password reset ends earlier sessions). Not `iat`:
          // next-auth renews that every time it re-issues the cookie.
          token.signedInAt = Date.now();
        }
        return token;
      },
      session({ session, token }) {
        return {
          ...session,
          user: {
            id: token.sub,
            email: token.email,
            name: token.name,
            partnerId: token.partnerId,
            role: token.role,
            signedInAt: token.signedInAt,
          },
        } as typeof session;
      },
    },
  };
  return cached;
}
