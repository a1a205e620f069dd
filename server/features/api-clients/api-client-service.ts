// An operator's management of API clients from the CLI: create, revoke and list any partner's
// clients, audited under the operator's name (the writes are the portal's, api-client-writes.ts).
import { z } from "zod";
import { DomainError } from "../../domain/domain-error";
import { SCOPES } from "../../domain/scopes";
import { parseOrThrow } from "../../domain/validation";
import type { Db } from "../../infra/db/db";
import { byOperator } from "../audit/audit-actor";
import type { Operator } from "../audit/operator-audit";
import { findPartnerBySlug } from "../partners/create-partner";
import { apiClientPublicSelect, issueApiClient, revokeClient } from "./api-client-writes";

const createApiClientInput = z.object({
  partner: z.string().trim().min(1, "is required"),
  name: z.string().trim().min(1, "is required").max(100),
  scopes: z.array(z.enum(SCOPES, `must be one of ${SCOPES.join(", ")}`)).min(1, "name at least one scope"),
});

/** As an operator types it: the schema checks each scope and names a wrong one. */
export type CreateApiClientInput = { partner: string; name: string; scopes: string[] };

/** Creates a client and returns its secret: the only time the secret exists outside a hash. */
export async function createApiClient(
  db: Db,
  operator: Operator,
  input: CreateApiClientInput,
  fixed?: { clientId: string; secret: string },
) {
  const data = parseOrThrow(createApiClientInput, input);
  const partner = await findPartnerBySlug(db, data.partner);
  const { row, secret } = await issueApiClient(db, byOperator(operator), partner.id, data, fixed);
  return {
    client_id: row.clientId,
    client_secret: secret,
    scopes: row.scopes.split(" "),
    partner: partner.slug,
    name: row.name,
  };
}

export async function revokeApiClient(db: Db, operator: Operator, clientId: string) {
  const client = await db.apiClient.findUnique({ where: { clientId }, select: { partnerId: true } });
  const revoked = client && (await revokeClient(db, byOperator(operator), client.partnerId, clientId));
  if (!revoked) throw new DomainError("NOT_FOUND", `No API client with the id "${clientId}"`);
  return {
    client_id: clientId,
    revoked: true,
    revoked_at: revoked.row.revokedAt?.toISOString() ?? null,
    already_revoked: revoked.alreadyRevoked,
  };
}

/** A partner's API clients for an operator: names, scopes and state, never a secret or its hash. */
export async function listApiClients(db: Db, partnerSlug: string) {
  const partner = await findPartnerBySlug(db, partnerSlug);
  const rows = await db.apiClient.findMany({
    where: { partnerId: partner.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: apiClientPublicSelect,
  });
  return rows.map((row) => ({
    client_id: row.clientId,
    name: row.name,
    scopes: row.scopes.split(" ").filter(Boolean),
    revoked_at: row.revokedAt?.toISOString() ?? null,
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  }));
}
