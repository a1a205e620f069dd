// The portal's view of a partner's API clients: list, create, revoke and rotate, always inside
// the scope's partner and only for its admins. A secret leaves this module exactly once (in the
// answer to create or rotate) and is otherwise kept only as a hash; hashes are never returned.
import "server-only";
import { z } from "zod";
import { auditEventData } from "../audit/record-audit";
import { hashClientSecret, newClientSecret } from "../auth/client-secret";
import type { PartnerScope } from "../auth/partner-scope";
import { SCOPES, type Scope } from "../auth/scopes";
import type { Db } from "../db";
import { DomainError } from "../domain/domain-error";
import { newClientId, newRowId } from "../ids";
import { parseOrThrow } from "../validation";
import { apiClientPublicSelect } from "./api-client-service";

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

const select = { ...apiClientPublicSelect, createdBy: { select: { name: true } } } as const;

type Row = {
  clientId: string;
  name: string;
  scopes: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  createdBy: { name: string } | null;
};

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
  const row = await db.apiClient.findFirst({ where: { clientId, partnerId: scope.partnerId }, select });
  if (!row) throw new DomainError("NOT_FOUND", `No API client ${clientId}`);
  return row as Row;
}

export async function listPartnerApiClients(db: Db, scope: PartnerScope): Promise<PartnerApiClient[]> {
  assertAdmin(scope);
  const rows = await db.apiClient.findMany({
    where: { partnerId: scope.partnerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select,
  });
  return (rows as Row[]).map(toView);
}

export async function createPartnerApiClient(
  db: Db,
  scope: PartnerScope,
  input: z.input<typeof createPartnerApiClientSchema>,
) {
  assertAdmin(scope);
  const data = parseOrThrow(createPartnerApiClientSchema, input);
  const id = newRowId("apc");
  const clientId = newClientId();
  const secret = newClientSecret();
  const scopes = SCOPES.filter((s) => data.scopes.includes(s));
  const [row] = await db.$transaction([
    db.apiClient.create({
      data: {
        id,
        clientId,
        partnerId: scope.partnerId,
        name: data.name,
        secretHash: hashClientSecret(secret),
        scopes: scopes.join(" "),
        createdByUserId: scope.actor.kind === "user" ? scope.actor.userId : null,
      },
      select,
    }),
    db.auditEvent.create({
      data: auditEventData(
        scope,
        "api_client.created",
        { type: "api_client", id: clientId },
        { clientId, name: data.name, scopes },
      ),
    }),
  ]);
  return { client: toView(row as Row), clientSecret: secret };
}

export async function revokePartnerApiClient(
  db: Db,
  scope: PartnerScope,
  clientId: string,
): Promise<PartnerApiClient> {
  assertAdmin(scope);
  const existing = await findOwn(db, scope, clientId);
  if (existing.revokedAt) return toView(existing);
  const [row] = await db.$transaction([
    db.apiClient.update({ where: { clientId }, data: { revokedAt: new Date() }, select }),
    db.auditEvent.create({
      data: auditEventData(scope, "api_client.revoked", { type: "api_client", id: clientId }, { clientId }),
    }),
  ]);
  return toView(row as Row);
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
      select,
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
  return { client: toView(row as Row), clientSecret: secret };
}
