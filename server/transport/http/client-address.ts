// The address a request came from, as far as this server can tell. Each trusted proxy appends the
// address it was reached from to X-Forwarded-For, so with N trusted hops the Nth entry from the
// right is the last one no caller could write; entries further left may be anything. Next's own
// server fills the header with the socket's address only when it arrives empty, so a server
// reached directly (no proxy) cannot tell a forged header from its own: such a deployment sets
// TRUSTED_PROXY_HOPS=0 and the address brakes are skipped (docs/security.md).
import { env } from "../../infra/env/env";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function forwardedFor(headers: HeaderSource): string | undefined {
  if (headers instanceof Headers) return headers.get("x-forwarded-for") ?? undefined;
  const value = headers["x-forwarded-for"];
  return Array.isArray(value) ? value.join(",") : value;
}

export function clientAddressOf(headers: HeaderSource, hops: number = env().trustedProxyHops): string | null {
  if (hops <= 0) return null;
  const entries = (forwardedFor(headers) ?? "").split(",").map((entry) => entry.trim());
  // Fewer entries than hops: the request skipped a proxy that should be there; trust none.
  const entry = entries.length >= hops ? entries[entries.length - hops] : undefined;
  return entry ? entry.slice(0, 64) : null;
}
