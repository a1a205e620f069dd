// The address a request came from, as far as this server can tell: the last entry of
// X-Forwarded-For, which the nearest hop wrote (Next's own server, or the load balancer in front
// of it). Entries further left were written by the caller and may be anything.
export function clientAddressOf(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last ? last.slice(0, 64) : null;
}
