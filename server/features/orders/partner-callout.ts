// A partner's own eligibility check: when the partner has set one up (`npm run cli -- partner
// callout`), every preview and submit POSTs the order to the partner's URL before it is priced,
// signed like a webhook (Standard Webhooks, the partner's callout secret), through the same
// outbound rules (public addresses only unless allowed, no redirects, a capped read) within the
// partner's timeout. A 2xx answer lets the order go on. One of the partner's rejecting statuses
// (403, 409 and 422 unless set otherwise) is the eligibility problem PARTNER_CALLOUT_REJECTED
// with the check's own message. Anything else (a time-out, a 5xx, an unreachable host) rejects
// the order as PARTNER_CALLOUT_UNAVAILABLE only when the partner made the check critical;
// otherwise the order goes on without it and the failure is logged.

import type { EligibilityProblem } from "../../domain/eligibility-codes";
import type { OrderRequest } from "../../domain/order-request-schemas";
import { newRowId } from "../../infra/db/ids";
import { env } from "../../infra/env/env";
import { log } from "../../infra/log/log";
import { postOutbound } from "../../infra/outbound/outbound-http";
import type { OutboundPolicy } from "../../infra/outbound/outbound-policy";
import { signedHeaders } from "../../infra/outbound/signed-request";
import { openSealedSecret } from "../auth/sealed-secrets";

export const DEFAULT_REJECT_STATUSES = [403, 409, 422] as const;
/** The schema's default of `calloutTimeoutMs`. */
export const DEFAULT_CALLOUT_TIMEOUT_MS = 2000;
/** How much of the check's message a problem carries. */
const MESSAGE_CHARS = 300;
const USER_AGENT = "PartnerOrdersPortal-Callout/1.0";

export type CalloutSettings = {
  id: string;
  slug: string;
  calloutUrl: string | null;
  calloutTimeoutMs: number;
  calloutCritical: boolean;
  calloutRejectStatuses: unknown;
  calloutSecretSealed: string | null;
};

export const rejectStatusesOf = (stored: unknown): number[] =>
  Array.isArray(stored) && stored.every((s) => Number.isInteger(s))
    ? (stored as number[])
    : [...DEFAULT_REJECT_STATUSES];

/** The problem the partner's check reports for this order, or null (none set up, or it passed). */
export async function partnerCalloutProblem(
  partner: CalloutSettings,
  request: OrderRequest,
  policy: OutboundPolicy = { allowHosts: env().outboundAllowHosts },
): Promise<EligibilityProblem | null> {
  if (!partner.calloutUrl) return null;
  const secret = partner.calloutSecretSealed
    ? openSealedSecret("callout-secret", partner.calloutSecretSealed)
    : null;
  const now = new Date();
  const body = JSON.stringify({
    type: "order.eligibility",
    timestamp: now.toISOString(),
    data: { order: request },
  });
  let failure: string;
  try {
    // A secret that no longer opens (AUTH_SECRET changed) is a failure of the check, never an
    // unsigned call the partner might take as ours.
    if (!secret) throw new Error("its signing secret cannot be read; the operator must rotate it");
    const headers = signedHeaders(newRowId("msg"), now, body, [secret], USER_AGENT);
    const answer = await postOutbound(
      partner.calloutUrl,
      { headers, body, timeoutMs: partner.calloutTimeoutMs, capBytes: 4096 },
      policy,
    );
    if (answer.status >= 200 && answer.status <= 299) return null;
    if (rejectStatusesOf(partner.calloutRejectStatuses).includes(answer.status)) {
      return { code: "PARTNER_CALLOUT_REJECTED", message: rejectionMessage(answer.body), path: "" };
    }
    failure = `answered ${answer.status}`;
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  log.warn("partner eligibility check failed", {
    partner: partner.slug,
    critical: partner.calloutCritical,
    failure,
  });
  if (!partner.calloutCritical) return null;
  return {
    code: "PARTNER_CALLOUT_UNAVAILABLE",
    message: `Your organisation's eligibility check did not pass the order through (${failure}); try again shortly.`,
    path: "",
  };
}

/** The check's reason: `message`, `detail` or `title` of a JSON answer, else its text. */
function rejectionMessage(text: string): string {
  let message = text.trim();
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const named = [parsed.message, parsed.detail, parsed.title].find(
      (v) => typeof v === "string" && v.trim(),
    );
    if (typeof named === "string") message = named.trim();
  } catch {
    // Not JSON: the text itself is the reason.
  }
  // One line of text: control characters and line breaks from the answer would garble logs and UIs.
  message = [...message]
    .map((c) => (c < " " || c === "\u007f" ? " " : c))
    .join("")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, MESSAGE_CHARS);
  return message || "Your organisation's eligibility check refused this order.";
}

/**
 * The priced order with the partner's own check's problem added to its eligibility, if any. The
 * check runs only for an order that passes every other check.
 */
export async function withPartnerCallout<
  P extends { eligibility: { eligible: boolean; problems: EligibilityProblem[] } },
>(priced: P, partner: CalloutSettings, request: OrderRequest): Promise<P> {
  // An order our own rules refuse is not worth the partner's time (nor the preview's wait).
  if (priced.eligibility.problems.length > 0) return priced;
  const problem = await partnerCalloutProblem(partner, request);
  if (!problem) return priced;
  return { ...priced, eligibility: { eligible: false, problems: [...priced.eligibility.problems, problem] } };
}
