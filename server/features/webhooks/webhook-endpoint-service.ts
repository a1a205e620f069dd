import type { DbTypes } from "../../infra/db/client";
// A partner's webhook endpoints: list, read, register, change, delete and rotate the secret.
// The same use cases serve the REST API (scope webhooks:manage), the portal (admins) and the
// CLI. Another partner's endpoint id is NOT_FOUND, exactly like an unknown one. A URL is checked
// against the outbound rules when it is registered or changed (and again at every delivery,
// since what a host name resolves to can change).

import { DomainError } from "../../domain/domain-error";
import { parseOrThrow } from "../../domain/validation";
import {
  createWebhookRequestSchema,
  MAX_WEBHOOK_ENDPOINTS,
  updateWebhookRequestSchema,
  type WebhookEndpointView,
  type WebhookEndpointWithSecret,
} from "../../domain/webhook-schemas";
import type { Db } from "../../infra/db/db";
import { newRowId } from "../../infra/db/ids";
import { type Operator, operatorAuditData } from "../audit/operator-audit";
import { type AuditSubject, auditEventData } from "../audit/record-audit";
import type { PartnerScope } from "../auth/partner-scope";
import { checkPartnerUrl } from "./partner-url-check";
import { toWebhookEndpointView, webhookEndpointSelect } from "./webhook-endpoint-view";
import { newWebhookSecret, PREVIOUS_SECRET_VALID_MS } from "./webhook-secrets";

/** Who manages the endpoints: a partner's user or API client (its scope), or an operator (the CLI). */
export type WebhookManager = PartnerScope | { partnerId: string; operator: Operator };

const subject = (id: string): AuditSubject => ({ type: "webhook_endpoint", id });

function auditRow(who: WebhookManager, action: string, id: string, data?: DbTypes.InputJsonObject) {
  return "operator" in who
    ? operatorAuditData(who.partnerId, who.operator, action, subject(id), data)
    : auditEventData(who, action, subject(id), data);
}

export async function listWebhookEndpoints(
  db: Db,
  scope: WebhookManager,
): Promise<{ items: WebhookEndpointView[] }> {
  const rows = await db.webhookEndpoint.findMany({
    where: { partnerId: scope.partnerId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: webhookEndpointSelect,
  });
  return { items: rows.map((row) => toWebhookEndpointView(row)) };
}

export async function showWebhookEndpoint(
  db: Db,
  scope: WebhookManager,
  id: string,
): Promise<WebhookEndpointView> {
  return toWebhookEndpointView(await findEndpoint(db, scope, id));
}

async function findEndpoint(db: Db, scope: WebhookManager, id: string) {
  const row = await db.webhookEndpoint.findFirst({
    where: { id, partnerId: scope.partnerId },
    select: webhookEndpointSelect,
  });
  if (!row) throw notFound(id);
  return row;
}

export async function registerWebhookEndpoint(
  db: Db,
  scope: WebhookManager,
  input: unknown,
): Promise<WebhookEndpointWithSecret> {
  const body = parseOrThrow(createWebhookRequestSchema, input);
  await checkPartnerUrl(body.url);
  const count = await db.webhookEndpoint.count({ where: { partnerId: scope.partnerId } });
  if (count >= MAX_WEBHOOK_ENDPOINTS) {
    throw new DomainError(
      "CONFLICT",
      `A partner may register at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints; delete one first`,
    );
  }
  const { secret, sealed } = newWebhookSecret();
  const id = newRowId("whe");
  const [row] = await db.$transaction([
    db.webhookEndpoint.create({
      data: {
        id,
        partnerId: scope.partnerId,
        url: body.url,
        events: body.events,
        description: body.description || null,
        enabled: body.enabled ?? true,
        secretSealed: sealed,
      },
      select: webhookEndpointSelect,
    }),
    db.auditEvent.create({
      data: auditRow(scope, "webhook_endpoint.created", id, {
        url: body.url,
        events: body.events,
      }),
    }),
  ]);
  return { ...toWebhookEndpointView(row), secret };
}

export async function changeWebhookEndpoint(
  db: Db,
  scope: WebhookManager,
  id: string,
  input: unknown,
): Promise<WebhookEndpointView> {
  const body = parseOrThrow(updateWebhookRequestSchema, input);
  await findEndpoint(db, scope, id);
  if (body.url !== undefined) await checkPartnerUrl(body.url);
  await db.$transaction(async (tx) => {
    const changed = await tx.webhookEndpoint.updateMany({
      where: { id, partnerId: scope.partnerId },
      data: {
        url: body.url,
        events: body.events,
        description: body.description === undefined ? undefined : body.description || null,
        enabled: body.enabled,
        // Turned on again (by hand): the failure streak that turned it off starts over.
        ...(body.enabled ? { disabledReason: null, failingSince: null } : {}),
      },
    });
    // Deleted meanwhile (another request, another admin): as if it had never been.
    if (changed.count === 0) throw notFound(id);
    await tx.auditEvent.create({
      data: auditRow(scope, "webhook_endpoint.updated", id, { changed: Object.keys(body) }),
    });
  });
  return showWebhookEndpoint(db, scope, id);
}

/** Deletes the endpoint with its delivery log; deliveries not yet sent are dropped. */
export async function removeWebhookEndpoint(
  db: Db,
  scope: WebhookManager,
  id: string,
): Promise<{ id: string; deleted: true }> {
  const row = await findEndpoint(db, scope, id);
  await db.$transaction(async (tx) => {
    const deleted = await tx.webhookEndpoint.deleteMany({ where: { id, partnerId: scope.partnerId } });
    if (deleted.count === 0) throw notFound(id);
    await tx.auditEvent.create({ data: auditRow(scope, "webhook_endpoint.deleted", id, { url: row.url }) });
  });
  return { id, deleted: true };
}

/**
 * A new signing secret, shown once. The old one keeps signing too (every delivery carries both
 * signatures) for 24 hours, so a receiver that has not switched yet still verifies.
 */
export async function rotateWebhookSecret(
  db: Db,
  scope: WebhookManager,
  id: string,
  now = new Date(),
): Promise<WebhookEndpointWithSecret> {
  const current = await db.webhookEndpoint.findFirst({
    where: { id, partnerId: scope.partnerId },
    select: { secretSealed: true },
  });
  if (!current) throw notFound(id);
  const { secret, sealed } = newWebhookSecret();
  await db.$transaction(async (tx) => {
    const rotated = await tx.webhookEndpoint.updateMany({
      // Only from the secret read above: of two rotations at once one wins, and the other is told
      // so, rather than overwriting a secret its caller was just shown.
      where: { id, partnerId: scope.partnerId, secretSealed: current.secretSealed },
      data: {
        secretSealed: sealed,
        previousSecretSealed: current.secretSealed,
        previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_VALID_MS),
      },
    });
    if (rotated.count === 0) {
      throw new DomainError(
        "CONFLICT",
        "The secret was rotated or the endpoint deleted meanwhile; reload and try again",
      );
    }
    await tx.auditEvent.create({ data: auditRow(scope, "webhook_endpoint.secret_rotated", id) });
  });
  return { ...(await showWebhookEndpoint(db, scope, id)), secret };
}

const notFound = (id: string) => new DomainError("NOT_FOUND", `No webhook endpoint ${id}`);
