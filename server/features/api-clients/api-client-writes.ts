// Issuing and revoking an API client, once for the portal (a partner's admin) and the CLI (an
// operator): the row and its audit event in one transaction, whoever acts. The secret leaves
// here exactly once, in the answer to the issue; only its hash is stored.

import { SCOPES, type Scope } from "../../domain/scopes";
import type { Db } from "../../infra/db/db";
import { newClientId, newRowId } from "../../infra/db/ids";
import { type AuditActor, auditRowFor } from "../audit/audit-actor";
import { hashClientSecret, newClientSecret } from "../auth/client-secret";

/** Everything about a client except its secret hash. */
export const apiClientPublicSelect = {
  id: true,
  clientId: true,
  name: true,
  scopes: true,
  revokedAt: true,
  lastUsedAt: true,
  createdAt: true,
  partnerId: true,
  createdBy: { select: { name: true } },
} as const;

export async function issueApiClient(
  db: Db,
  actor: AuditActor,
  partnerId: string,
  input: { name: string; scopes: readonly Scope[] },
  /** The demo data's well-known credentials; anything else gets fresh random ones. */
  fixed?: { clientId: string; secret: string },
) {
  const clientId = fixed?.clientId ?? newClientId();
  const secret = fixed?.secret ?? newClientSecret();
  // In the catalogue's order, each once, whatever order they were asked for in.
  const scopes = SCOPES.filter((scope) => input.scopes.includes(scope));
  const [row] = await db.$transaction([
    db.apiClient.create({
      data: {
        id: newRowId("apc"),
        clientId,
        partnerId,
        name: input.name,
        secretHash: hashClientSecret(secret),
        scopes: scopes.join(" "),
        createdByUserId:
          actor.kind === "scope" && actor.scope.actor.kind === "user" ? actor.scope.actor.userId : null,
      },
      select: apiClientPublicSelect,
    }),
    db.auditEvent.create({
      data: auditRowFor(
        actor,
        partnerId,
        "api_client.created",
        { type: "api_client", id: clientId },
        { clientId, name: input.name, scopes },
      ),
    }),
  ]);
  return { row, secret };
}

/** Revokes a client of `partnerId`; revoking one already revoked changes and records nothing. */
export async function revokeClient(
  db: Db,
  actor: AuditActor,
  partnerId: string,
  clientId: string,
  now = new Date(),
) {
  const existing = await db.apiClient.findFirst({
    where: { clientId, partnerId },
    select: apiClientPublicSelect,
  });
  if (!existing) return null;
  if (existing.revokedAt) return { row: existing, alreadyRevoked: true };
  const [row] = await db.$transaction([
    db.apiClient.update({ where: { clientId }, data: { revokedAt: now }, select: apiClientPublicSelect }),
    db.auditEvent.create({
      data: auditRowFor(
        actor,
        partnerId,
        "api_client.revoked",
        { type: "api_client", id: clientId },
        { clientId },
      ),
    }),
  ]);
  return { row, alreadyRevoked: false };
}
