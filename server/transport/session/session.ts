// The session gate: the one place in the portal that turns a signed-in browser into a
// PartnerScope. The JWT says who signed in; the user row is read again on every request so that a
// deleted or disabled user loses access at once and a role change applies without signing in again.
import "server-only";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { z } from "zod";
import { makePartnerScope, type PartnerScope } from "../../features/auth/partner-scope";
import { type Db, db } from "../../infra/db/db";
import { authOptions, SESSION_MAX_AGE_SECONDS } from "./next-auth-options";

/**
 * What a signed-in user must do before anything else: choose a password after an admin's reset,
 * or set up two-factor sign-in once their partner requires it.
 */
export type PendingStep = "change_password" | "enrol_two_factor";

/** The one page each pending step may use. */
export const PENDING_STEP_PAGE: Record<PendingStep, string> = {
  change_password: "/settings/password",
  enrol_two_factor: "/settings/two-factor",
};

export type StaffSession = {
  user: { id: string; email: string; name: string; role: "admin" | "staff"; twoFactor: boolean };
  pending: PendingStep | null;
  partner: {
    id: string;
    slug: string;
    name: string;
    status: "active" | "suspended";
    defaultCurrency: string;
    /** null: the partner may sell in every country. */
    allowedCountries: string[] | null;
  };
  scope: PartnerScope;
};

const sessionClaims = z.object({
  user: z.object({
    id: z.string().min(1),
    partnerId: z.string().min(1),
    // Absent in sessions signed in before this claim existed: they count as the oldest.
    signedInAt: z.number().optional(),
  }),
});

/** Builds the session from verified claims; exported for tests (no cookies needed). */
export async function loadStaffSession(
  database: Db,
  claims: { userId: string; partnerId: string; signedInAt?: number },
): Promise<StaffSession | null> {
  const user = await database.staffUser.findUnique({
    where: { id: claims.userId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      partnerId: true,
      disabledAt: true,
      sessionsValidFrom: true,
      mustChangePassword: true,
      totpEnabledAt: true,
      partner: {
        select: {
          id: true,
          slug: true,
          name: true,
          status: true,
          defaultCurrency: true,
          allowedCountries: true,
          requireTwoFactor: true,
        },
      },
    },
  });
  // A user moved to another partner since sign-in gets no access under the old one, a disabled
  // user none at all, and a session from before a disable or password reset is over for good.
  if (!user || user.partnerId !== claims.partnerId || user.disabledAt) return null;
  if (user.sessionsValidFrom && (claims.signedInAt ?? 0) < user.sessionsValidFrom.getTime()) return null;
  // A session lasts one working day from sign-in: next-auth renews the cookie's own expiry on
  // use, so the limit is kept here (a session from before the claim existed counts as expired).
  if (Date.now() - (claims.signedInAt ?? 0) > SESSION_MAX_AGE_SECONDS * 1000) return null;
  const { requireTwoFactor, ...partner } = user.partner;
  // Read on every request, so an admin's new requirement reaches sessions already open.
  const pending: PendingStep | null = user.mustChangePassword
    ? "change_password"
    : requireTwoFactor && !user.totpEnabledAt
      ? "enrol_two_factor"
      : null;
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      twoFactor: !!user.totpEnabledAt,
    },
    pending,
    partner: {
      ...partner,
      allowedCountries: Array.isArray(partner.allowedCountries)
        ? partner.allowedCountries.filter((c): c is string => typeof c === "string")
        : null,
    },
    scope: makePartnerScope(user.partnerId, {
      kind: "user",
      userId: user.id,
      role: user.role,
      email: user.email,
    }),
  };
}

/** The current request's staff session, or null. Cached per request (layout and page share it). */
export const getStaffSession = cache(async (): Promise<StaffSession | null> => {
  const raw = await getServerSession(authOptions());
  const parsed = sessionClaims.safeParse(raw);
  if (!parsed.success) return null;
  const { id: userId, partnerId, signedInAt } = parsed.data.user;
  return loadStaffSession(db(), { userId, partnerId, signedInAt });
});

/**
 * For pages: the session, or a redirect to the sign-in page (which returns to `from`). A page
 * (one that names itself in `from`) also sends a user with a pending step to that step's page.
 */
export async function requireStaff(from?: string): Promise<StaffSession> {
  const session = await getStaffSession();
  if (!session) redirect(from ? `/signin?callbackUrl=${encodeURIComponent(from)}` : "/signin");
  if (from && session.pending && from !== PENDING_STEP_PAGE[session.pending])
    redirect(PENDING_STEP_PAGE[session.pending]);
  return session;
}

export function isAdmin(session: StaffSession): boolean {
  return session.user.role === "admin";
}
