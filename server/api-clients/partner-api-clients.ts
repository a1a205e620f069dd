// The portal's view of a partner's API clients: list, create, revoke and rotate, always inside
// the scope's partner and only for its admins. A secret leaves this module exactly once (in the
// answer to create or rotate) and is otherwise kept only as a hash; hashes are never returned.
import "server-only";
import { z } from "zod";
import { byScope } from "../audit/audit-actor";
import { auditEventData } from "../audit/record-audit";
import { hashClientSecret, newClientSecret } from "../auth/client-secret";
import type { PartnerScope } from "../auth/partner-scope";
import type { Db } from "../db";
import type { Prisma } from "../db/generated/sqlite/client";
import { DomainError } from "../domain/domain-error";
import { SCOPES, type Scope } from "../domain/scopes";
import { parseOrThrow } from "../validation";
import { apiClientPublicSelect, issueApiClient, revokeClient } from "./api-client-writes";

export const createPartnerApiClientSchema = z.strictObject({
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
  scopes: z.array(z.enum(SCOPES)).min(1, "choose at least one scope"),
});

export type PartnerApiClient = {
  clientId: string;
  name: string;
  scopes: Scope[];
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  createdBy: string | null;
};

type Row = Prisma.ApiClientGetPayload<{ select: typeof apiClientPublicSelect }>;

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
) {
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
export async function rotatePartnerApiClientSecret(db: Db, scope: PartnerScope, clientId: string) {
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
