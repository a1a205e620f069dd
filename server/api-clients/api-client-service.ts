import { z } from "zod";
import { hashClientSecret, newClientSecret } from "../auth/client-secret";
import { SCOPES } from "../auth/scopes";
import type { Db } from "../db";
import { DomainError } from "../domain/domain-error";
import { newClientId, newRowId } from "../ids";
import { findPartnerBySlug } from "../partners/create-partner";
import { parseOrThrow } from "../validation";

const createApiClientInput = z.object({
  partner: z.string().trim().min(1, "is required"),
  name: z.string().trim().min(1, "is required").max(100),
  scopes: z.array(z.enum(SCOPES, `must be one of ${SCOPES.join(", ")}`)).min(1, "name at least one scope"),
  createdByUserId: z.string().optional(),
});

export type CreateApiClientInput = z.input<typeof createApiClientInput>;

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
} as const;

/** Creates a client and returns its secret: the only time the secret exists outside a hash. */
export async function createApiClient(
  db: Db,
  input: CreateApiClientInput,
  fixed?: { clientId: string; secret: string },
) {
  const data = parseOrThrow(createApiClientInput, input);
  const partner = await findPartnerBySlug(db, data.partner);
  const clientId = fixed?.clientId ?? newClientId();
  const secret = fixed?.secret ?? newClientSecret();
  const scopes = [...new Set(data.scopes)];
  await db.apiClient.create({
    data: {
      id: newRowId("apc"),
      clientId,
      partnerId: partner.id,
      name: data.name,
      secretHash: hashClientSecret(secret),
      scopes: scopes.join(" "),
      createdByUserId: data.createdByUserId,
    },
  });
  return { client_id: clientId, client_secret: secret, scopes, partner: partner.slug, name: data.name };
}

export async function revokeApiClient(db: Db, clientId: string) {
  const client = await db.apiClient.findUnique({ where: { clientId }, select: apiClientPublicSelect });
  if (!client) throw new DomainError("NOT_FOUND", `No API client with the id "${clientId}"`);
  const revokedAt = client.revokedAt ?? new Date();
  if (!client.revokedAt) await db.apiClient.update({ where: { clientId }, data: { revokedAt } });
  return {
    client_id: clientId,
    revoked: true,
    revoked_at: revokedAt.toISOString(),
    already_revoked: client.revokedAt !== null,
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
