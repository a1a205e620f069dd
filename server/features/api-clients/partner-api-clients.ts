// The portal's view of a partner's API clients: list, create, revoke and rotate, always inside
// the scope's partner and only for its admins. A secret leaves this module exactly once (in the
// answer to create or rotate) and is otherwise kept only as a hash; hashes are never returned.
import "server-only";
import { z } from "zod";
import { DomainError } from "../../domain/domain-error";
import { isoDateTimeSchema } from "../../domain/order-response-schemas";
import { SCOPES, type Scope } from "../../domain/scopes";
import { parseOrThrow } from "../../domain/validation";
import type { DbTypes } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import { byScope } from "../audit/audit-actor";
import { auditEventData } from "../audit/record-audit";
import { hashClientSecret, newClientSecret } from "../auth/client-secret";
import type { PartnerScope } from "../auth/partner-scope";
import { apiClientPublicSelect, issueApiClient, revokeClient } from "./api-client-writes";

export const createPartnerApiClientSchema = z.strictObject({
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
  scopes: z.array(z.enum(SCOPES)).min(1, "choose at least one scope"),
});

// The answers, one schema each: the use cases are typed by them and the tRPC procedures check
// them (.output). A client never carries its secret or its hash; the secret is beside it only in
// the answers to create and rotate.

/** A client as the portal lists it. */
export const partnerApiClientSchema = z.strictObject({
  clientId: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  revokedAt: isoDateTimeSchema.nullable(),
  lastUsedAt: isoDateTimeSchema.nullable(),
  createdAt: isoDateTimeSchema,
  /** The name of the staff user who created it; null when an operator did, or the user is gone. */
  createdBy: z.string().nullable(),
});
export type PartnerApiClient = z.infer<typeof partnerApiClientSchema>;

/** The partner's clients, newest first. */
export const partnerApiClientListSchema = z.array(partnerApiClientSchema);

/** The answer to create and to rotate: the client and its new secret, shown this once. */
export const partnerApiClientWithSecretSchema = z.strictObject({
  client: partnerApiClientSchema,
  clientSecret: z.string().startsWith("pcs_"),
});
export type PartnerApiClientWithSecret = z.infer<typeof partnerApiClientWithSecretSchema>;

type Row = DbTypes.ApiClientGetPayload<{ select: typeof apiClientPublicSelect }>;

function toView(row: Row): PartnerApiClient {
  return {
    clientId: row.clientId,
    name: row.name,
    scopes: row.scopes.split(" ").filter((s): s is Scope => (SCOPES as readonly string[]).includes(s)),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy?.name ?? null,
  };
}

/** Managing machine credentials is an admin's job; checked here too, not only by the transport. */
function assertAdmin(scope: PartnerScope) {
  if (scope.actor.kind !== "user" || scope.actor.role !== "admin") {
    throw new DomainError("FORBIDDEN", "Only a partner admin can manage API clients.");
  }
}

async function findOwn(db: Db, scope: PartnerScope, clientId: string): Promise<Row> {
  const row = await db.apiClient.findFirst({
    where: { clientId, partnerId: scope.partnerId },
    select: apiClientPublicSelect,
  });
  if (!row) throw new DomainError("NOT_FOUND", `No API client ${clientId}`);
  return row;
}

export async function listPartnerApiClients(db: Db, scope: PartnerScope): Promise<PartnerApiClient[]> {
  assertAdmin(scope);
  const rows = await db.apiClient.findMany({
    where: { partnerId: scope.partnerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: apiClientPublicSelect,
  });
  return rows.map(toView);
}

export async function createPartnerApiClient(
  db: Db,
  scope: PartnerScope,
  input: z.input<typeof createPartnerApiClientSchema>,
): Promise<PartnerApiClientWithSecret> {
  assertAdmin(scope);
  const data = parseOrThrow(createPartnerApiClientSchema, input);
  const { row, secret } = await issueApiClient(db, byScope(scope), scope.partnerId, data);
  return { client: toView(row), clientSecret: secret };
}

export async function revokePartnerApiClient(
  db: Db,
  scope: PartnerScope,
  clientId: string,
): Promise<PartnerApiClient> {
  assertAdmin(scope);
  const revoked = await revokeClient(db, byScope(scope), scope.partnerId, clientId);
  if (!revoked) throw new DomainError("NOT_FOUND", `No API client ${clientId}`);
  return toView(revoked.row);
}

/** A new secret replaces the old one at once, and tokens issued under the old one are refused. */
export async function rotatePartnerApiClientSecret(
  db: Db,
  scope: PartnerScope,
  clientId: string,
): Promise<PartnerApiClientWithSecret> {
  assertAdmin(scope);
  const existing = await findOwn(db, scope, clientId);
  if (existing.revokedAt)
    throw new DomainError("CONFLICT", "A revoked API client cannot get a new secret; create a new client.");
  const secret = newClientSecret();
  const [row] = await db.$transaction([
    db.apiClient.update({
      where: { clientId },
      data: { secretHash: hashClientSecret(secret), secretVersion: { increment: 1 } },
      select: apiClientPublicSelect,
    }),
    db.auditEvent.create({
      data: auditEventData(
        scope,
        "api_client.secret_rotated",
        { type: "api_client", id: clientId },
        { clientId },
      ),
    }),
  ]);
  return { client: toView(row), clientSecret: secret };
}
