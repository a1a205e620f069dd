// An operator sets up, changes or removes a partner's eligibility callout (`partner callout`).
// The URL is checked against the outbound rules now; the signing secret is made when the callout
// gets its first URL (or on request) and returned that once, to hand to the partner.
import { z } from "zod";
import { parseOrThrow } from "../../domain/validation";
import { JsonColumnNull } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import { type Operator, operatorAuditData } from "../audit/operator-audit";
import {
  DEFAULT_CALLOUT_TIMEOUT_MS,
  DEFAULT_REJECT_STATUSES,
  rejectStatusesOf,
} from "../orders/partner-callout";
import { checkPartnerUrl } from "../webhooks/partner-url-check";
import { newWebhookSecret } from "../webhooks/webhook-secrets";
import { findPartnerBySlug } from "./create-partner";

export const calloutInput = z.object({
  partner: z.string().trim().min(1, "is required"),
  url: z
    .string()
    .trim()
    .max(2000)
    .refine((v) => URL.canParse(v), "must be an absolute https URL"),
  timeoutMs: z.int().min(100, "must be at least 100").max(10_000, "must be at most 10000").optional(),
  critical: z.boolean().optional(),
  rejectStatuses: z
    .array(z.int().min(400, "must be 4xx or 5xx").max(599, "must be 4xx or 5xx"))
    .min(1, "must name at least one status")
    .optional(),
  rotateSecret: z.boolean().optional(),
});

export type CalloutView = {
  partner: string;
  url: string | null;
  timeoutMs: number;
  critical: boolean;
  rejectStatuses: number[];
  /** Only when it was made by this call. */
  secret?: string;
};

export async function setPartnerCallout(
  db: Db,
  operator: Operator,
  input: z.input<typeof calloutInput>,
): Promise<CalloutView> {
  const body = parseOrThrow(calloutInput, input);
  const partner = await findPartnerBySlug(db, body.partner);
  await checkPartnerUrl(body.url);
  const current = await db.partner.findUniqueOrThrow({
    where: { id: partner.id },
    select: { calloutSecretSealed: true },
  });
  const fresh = !current.calloutSecretSealed || body.rotateSecret ? newWebhookSecret("callout-secret") : null;
  const data = {
    calloutUrl: body.url,
    ...(body.timeoutMs === undefined ? {} : { calloutTimeoutMs: body.timeoutMs }),
    ...(body.critical === undefined ? {} : { calloutCritical: body.critical }),
    ...(body.rejectStatuses === undefined ? {} : { calloutRejectStatuses: body.rejectStatuses }),
    ...(fresh ? { calloutSecretSealed: fresh.sealed } : {}),
  };
  const [after] = await db.$transaction([
    db.partner.update({
      where: { id: partner.id },
      data,
      select: {
        calloutUrl: true,
        calloutTimeoutMs: true,
        calloutCritical: true,
        calloutRejectStatuses: true,
      },
    }),
    db.auditEvent.create({
      data: operatorAuditData(
        partner.id,
        operator,
        "partner.callout_set",
        { type: "partner", id: partner.id },
        { url: body.url, timeoutMs: body.timeoutMs, critical: body.critical, newSecret: Boolean(fresh) },
      ),
    }),
  ]);
  return {
    partner: partner.slug,
    url: after.calloutUrl,
    timeoutMs: after.calloutTimeoutMs,
    critical: after.calloutCritical,
    rejectStatuses: rejectStatusesOf(after.calloutRejectStatuses),
    ...(fresh ? { secret: fresh.secret } : {}),
  };
}

/** Turns the callout off and forgets its secret; orders go on without the partner's check. */
export async function removePartnerCallout(db: Db, operator: Operator, slug: string): Promise<CalloutView> {
  const partner = await findPartnerBySlug(db, slug);
  await db.$transaction([
    db.partner.update({
      where: { id: partner.id },
      data: {
        calloutUrl: null,
        calloutSecretSealed: null,
        calloutTimeoutMs: DEFAULT_CALLOUT_TIMEOUT_MS,
        calloutCritical: false,
        calloutRejectStatuses: JsonColumnNull,
      },
      select: { id: true },
    }),
    db.auditEvent.create({
      data: operatorAuditData(partner.id, operator, "partner.callout_removed", {
        type: "partner",
        id: partner.id,
      }),
    }),
  ]);
  return {
    partner: partner.slug,
    url: null,
    timeoutMs: DEFAULT_CALLOUT_TIMEOUT_MS,
    critical: false,
    rejectStatuses: [...DEFAULT_REJECT_STATUSES],
  };
}
