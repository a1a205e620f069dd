// The partner context every use case takes. Only the two gates create one: the session gate (portal
// staff, server/transport/trpc) and the bearer-token gate (machine clients, server/transport/http).
// Use cases never read cookies or headers; they filter every query on `partnerId` from here.
import type { Scope } from "../../domain/scopes";

declare const partnerScopeBrand: unique symbol;

export type Actor =
  | { kind: "user"; userId: string; role: "admin" | "staff"; email: string }
  | { kind: "api_client"; apiClientId: string; clientId: string; scopes: readonly Scope[] };

export type PartnerScope = {
  readonly partnerId: string;
  readonly actor: Actor;
  readonly [partnerScopeBrand]: true;
};

/**
 * Makes a PartnerScope. Call it only where the actor has been authenticated (a verified session
 * or bearer token) — or in tests. The brand stops a plain object from passing as a scope.
 */
export function makePartnerScope(partnerId: string, actor: Actor): PartnerScope {
  return Object.freeze({ partnerId, actor }) as PartnerScope;
}

/** The columns an order or audit row uses to say who acted. */
export function actorColumns(scope: PartnerScope) {
  return scope.actor.kind === "user"
    ? { createdByUserId: scope.actor.userId, createdByClientId: null }
    : { createdByUserId: null, createdByClientId: scope.actor.apiClientId };
}

export function actorAudit(scope: PartnerScope) {
  return scope.actor.kind === "user"
    ? { actorKind: "user" as const, actorId: scope.actor.userId }
    : { actorKind: "api_client" as const, actorId: scope.actor.apiClientId };
}
