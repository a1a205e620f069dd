// A webhook endpoint's signing secrets: made here, kept sealed (server/features/auth/sealed-secrets.ts),
// and opened only to sign a delivery. The format is Standard Webhooks' own, `whsec_` + base64 of
// 24 random bytes, so a partner hands it to any Standard Webhooks library as it is.
import { randomBytes } from "node:crypto";
import { openSealedSecret, sealSecret } from "../auth/sealed-secrets";

/** After a rotation the previous secret keeps signing this long, so receivers can switch over. */
export const PREVIOUS_SECRET_VALID_MS = 24 * 3_600_000;

/** A new secret and its sealed form, for a webhook endpoint or a partner's eligibility callout. */
export function newWebhookSecret(purpose: "webhook-secret" | "callout-secret" = "webhook-secret"): {
  secret: string;
  sealed: string;
} {
  const secret = `whsec_${randomBytes(24).toString("base64")}`;
  return { secret, sealed: sealSecret(purpose, secret) };
}

/**
 * The secrets a delivery at `now` is signed with: the current one, and the previous one while
 * it is still valid. One that no longer opens (AUTH_SECRET changed) is left out.
 */
export function signingSecrets(
  endpoint: {
    secretSealed: string;
    previousSecretSealed: string | null;
    previousSecretExpiresAt: Date | null;
  },
  now: Date,
): string[] {
  const sealed = [endpoint.secretSealed];
  if (
    endpoint.previousSecretSealed &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt > now
  ) {
    sealed.push(endpoint.previousSecretSealed);
  }
  return sealed.map((s) => openSealedSecret("webhook-secret", s)).filter((s): s is string => s !== null);
}
