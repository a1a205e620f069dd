// A partner's URL against the outbound rules (outbound-policy.ts): as written (scheme, no
// credentials, an IP literal's address), then every address its host resolves to, answering the
// one address the connection must be pinned to, so a second DNS answer cannot swap in another
// (DNS rebinding).
import net from "node:net";
import {
  compiled,
  type Family,
  HostUnresolved,
  hostKey,
  METADATA,
  normaliseIp,
  type OutboundPolicy,
  OutboundRefused,
  refusalOf,
} from "./outbound-policy";
import { hostResolver } from "./resolve-host";

/** The URL's origin as a partner wrote it, without path or query (which may carry secrets). */
function originOf(url: URL): string {
  return `${url.protocol}//${url.host}/`;
}

/** Checks a URL as written (no DNS). Throws OutboundRefused. Returns the URL object. */
export function checkOutboundUrl(url: string, policy: OutboundPolicy): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutboundRefused(`${JSON.stringify(url.slice(0, 200))} is not a valid URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new OutboundRefused(`${parsed.protocol} URLs are not supported; use https`);
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw new OutboundRefused(`${originOf(parsed)} must not contain a user name or password`);
  }
  if (parsed.hostname === "") throw new OutboundRefused(`${JSON.stringify(url.slice(0, 200))} has no host`);

  const ip = normaliseIp(parsed.hostname);
  const allowedByName = ip === null && compiled(policy).names.has(hostKey(parsed.hostname));
  if (ip !== null) {
    const refusal = refusalOf(ip, false, policy);
    if (refusal !== null) throw new OutboundRefused(`${originOf(parsed)} is ${refusal}`);
  }
  // Plain http is for hosts the operator opened on purpose (a local receiver); partners use https.
  const allowedHost =
    allowedByName || (ip !== null && compiled(policy).ranges.check(ip.address, `ipv${ip.family}`));
  if (parsed.protocol === "http:" && !allowedHost) {
    throw new OutboundRefused(`${originOf(parsed)} must use https`);
  }
  return parsed;
}

/**
 * checkOutboundUrl, then resolves the host (all addresses) and checks every one; returns the first
 * permitted address to connect to. Throws OutboundRefused when none is permitted or any is a cloud
 * metadata address, and an Error when the name does not resolve.
 */
export async function resolveOutbound(
  url: string,
  policy: OutboundPolicy,
): Promise<{ url: URL; address: string; family: Family }> {
  const parsed = checkOutboundUrl(url, policy);
  const literal = parsed.hostname.replace(/^\[|\]$/g, "");
  const literalFamily = net.isIP(literal);
  // An IP literal was judged by checkOutboundUrl and needs no lookup.
  if (literalFamily === 4 || literalFamily === 6) {
    return { url: parsed, address: literal, family: literalFamily };
  }

  let answers: { address: string; family: number }[];
  try {
    answers = await hostResolver.resolve(parsed.hostname);
  } catch (error) {
    // Not a refusal: the name may exist later, or the resolver may be down. The code stays on the
    // error so a caller can tell "no such host" from a resolver failure.
    const code = (error as NodeJS.ErrnoException).code ?? "EAI_FAIL";
    const missing = code === "ENOTFOUND" || code === "ENODATA";
    const message = missing
      ? `host ${parsed.hostname} not found`
      : `could not resolve ${parsed.hostname} (${code})`;
    throw new HostUnresolved(message, code, { cause: error });
  }
  if (answers.length === 0) {
    throw new HostUnresolved(`host ${parsed.hostname} not found`, "ENOTFOUND");
  }

  // Every answer is judged. The connection is pinned to the one returned, so another answer being
  // refused does no harm (localhost is often 127.0.0.1 and ::1, and only one may be allowed) –
  // except a metadata address, which no honest partner host resolves to: that refuses the host.
  const allowedByName = compiled(policy).names.has(hostKey(parsed.hostname));
  let permitted: { address: string; family: Family } | undefined;
  let firstRefusal: string | undefined;
  for (const answer of answers) {
    const ip = normaliseIp(answer.address);
    const refusal = ip === null ? "not an IP address" : refusalOf(ip, allowedByName, policy);
    // The partner is told the kind of address, never the address: a refusal must not turn into a
    // way to read our internal DNS (which private address a name inside our network has).
    const explained = `${originOf(parsed)} resolves to ${refusal}`;
    if (ip !== null && METADATA.check(ip.address, `ipv${ip.family}`)) throw new OutboundRefused(explained);
    if (refusal === null) permitted ??= { address: answer.address, family: answer.family === 6 ? 6 : 4 };
    else firstRefusal ??= explained;
  }
  if (permitted === undefined) throw new OutboundRefused(firstRefusal ?? `host ${parsed.hostname} not found`);
  return { url: parsed, ...permitted };
}
