// OAuth scopes as data: each REST route declares the one it needs, the CLI and the portal offer
// exactly this list, and a 403 names the missing scope.
export const SCOPES = [
  "orders:preview",
  "orders:write",
  "orders:read",
  "catalog:read",
  "webhooks:manage",
] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  "orders:preview": "Price an order without creating anything",
  "orders:write": "Submit orders",
  "orders:read": "Read the partner's orders",
  "catalog:read": "List the offers the partner may sell",
  "webhooks:manage": "Register webhook endpoints and read their delivery logs",
};

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Parses a space- or comma-separated scope list; unknown names are returned separately. */
export function parseScopes(text: string): { scopes: Scope[]; unknown: string[] } {
  const names = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  return { scopes: names.filter(isScope), unknown: names.filter((n) => !isScope(n)) };
}
