// The one way the server sends HTTP requests to URLs a partner gave us (webhook deliveries, later
// eligibility callouts). A partner-supplied URL is attacker-controlled input: without these checks it
// could point the server at its own loopback services, the private network or the cloud metadata
// endpoint (server-side request forgery). So every URL is checked as written, its host name is
// resolved once and every address checked, and the connection is pinned to the checked address so a
// second DNS answer cannot swap in another one (DNS rebinding). Redirects are never followed, since a
// redirect target would skip all of this. OUTBOUND_ALLOW_HOSTS lets an operator open specific hosts
// or ranges (a local test receiver, an internal partner gateway); cloud metadata stays shut regardless.
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { hostResolver } from "./resolve-host";

export type OutboundPolicy = {
  /** From the OUTBOUND_ALLOW_HOSTS setting: host names (exact, case-insensitive) and IPv4/IPv6 CIDR ranges or single addresses. */
  allowHosts: readonly string[];
};

/** A request the policy does not let through; the message is meant for the partner who gave the URL. */
export class OutboundRefused extends Error {
  readonly code = "OUTBOUND_REFUSED" as const;

  constructor(message: string) {
    super(message);
    this.name = "OutboundRefused";
  }
}

/** The URL's host did not resolve (no such name, or no answer in time); not the policy's refusal. */
export class HostUnresolved extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "HostUnresolved";
  }
}

export type OutboundResponse = {
  status: number;
  headers: Record<string, string>;
  /** At most capBytes of the answer, decoded as UTF-8. */
  body: string;
  /** The answer had more than capBytes bytes; the rest was not read. */
  truncated: boolean;
  latencyMs: number;
};

type Family = 4 | 6;
type Ip = { address: string; family: Family };

// ---------------------------------------------------------------------------------------------------
// Addresses

/** The 8 groups of an IPv6 address (including a dotted IPv4 tail), or null when it is not one. */
function ipv6Groups(text: string): number[] | null {
  if (net.isIPv6(text) === false) return null;
  let rest = text;
  const tail: number[] = [];
  const lastColon = rest.lastIndexOf(":");
  const last = rest.slice(lastColon + 1);
  if (net.isIPv4(last)) {
    const [a = 0, b = 0, c = 0, d = 0] = last.split(".").map(Number);
    tail.push((a << 8) | b, (c << 8) | d);
    rest = rest.slice(0, lastColon + 1);
    // "::1.2.3.4" leaves "::", "a::1.2.3.4" leaves "a::", "a:b:c:d:e:f:1.2.3.4" leaves "a:...:f:".
    if (rest.endsWith(":") && !rest.endsWith("::")) rest = rest.slice(0, -1);
  }
  const parseSide = (side: string) =>
    side === "" ? [] : side.split(":").map((group) => Number.parseInt(group, 16));
  const doubleColon = rest.indexOf("::");
  let groups: number[];
  if (doubleColon === -1) {
    groups = parseSide(rest);
  } else {
    const head = parseSide(rest.slice(0, doubleColon));
    const back = parseSide(rest.slice(doubleColon + 2));
    const missing = 8 - tail.length - head.length - back.length;
    groups = [...head, ...new Array<number>(missing).fill(0), ...back];
  }
  groups.push(...tail);
  return groups.length === 8 && groups.every((group) => Number.isInteger(group)) ? groups : null;
}

/**
 * An address in the form the rules judge: brackets and zone stripped, and an IPv4-mapped IPv6
 * address (::ffff:a.b.c.d, however written) turned into its IPv4 address, since that is where a
 * connection to it goes. Null when the text is not an IP address.
 */
function normaliseIp(text: string): Ip | null {
  let address = text.trim();
  if (address.startsWith("[") && address.endsWith("]")) address = address.slice(1, -1);
  const zone = address.indexOf("%");
  if (zone !== -1) address = address.slice(0, zone);
  if (net.isIPv4(address)) return { address, family: 4 };
  const groups = ipv6Groups(address);
  if (groups === null) return null;
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) {
    return { address: `${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`, family: 4 };
  }
  return { address: address.toLowerCase(), family: 6 };
}

function blockList(entries: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const entry of entries) addEntry(list, entry);
  return list;
}

/** Adds "a.b.c.d", "a.b.c.d/n", "v6" or "v6/n" (mapped IPv6 forms become IPv4 ones). */
function addEntry(list: net.BlockList, entry: string): void {
  const slash = entry.indexOf("/");
  const ip = normaliseIp(slash === -1 ? entry : entry.slice(0, slash));
  if (ip === null) throw new Error(`not an IP address: ${entry}`);
  const type = ip.family === 4 ? "ipv4" : "ipv6";
  if (slash === -1) {
    list.addAddress(ip.address, type);
    return;
  }
  const prefixText = entry.slice(slash + 1);
  let prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  // An IPv4-mapped range written in IPv6 ("::ffff:10.0.0.0/104") is the IPv4 range it maps.
  const writtenAsV6 = net.isIPv6(entry.slice(0, slash).replace(/^\[|\]$/g, ""));
  if (writtenAsV6 && ip.family === 4) prefix -= 96;
  if (!(prefix >= 0 && prefix <= (ip.family === 4 ? 32 : 128))) {
    throw new Error(`bad prefix length in ${entry}`);
  }
  list.addSubnet(ip.address, prefix, type);
}

// Never reachable, whatever OUTBOUND_ALLOW_HOSTS says: these hand out the server's cloud credentials.
// (192.0.0.192 is Oracle Cloud's older metadata address.)
const METADATA = blockList([
  "169.254.169.254",
  "169.254.170.2",
  "100.100.100.200",
  "192.0.0.192",
  "fd00:ec2::254",
]);

// Checked in order, so the more specific reason wins (::1 is loopback before it is "reserved").
const REFUSED: ReadonlyArray<readonly [string, net.BlockList]> = [
  ["a loopback address", blockList(["127.0.0.0/8", "::1/128"])],
  ["an unspecified address", blockList(["0.0.0.0/8", "::/128"])],
  ["a private address", blockList(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"])],
  ["a link-local address", blockList(["169.254.0.0/16", "fe80::/10"])],
  ["a carrier-grade NAT address", blockList(["100.64.0.0/10"])],
  ["a multicast address", blockList(["224.0.0.0/4", "ff00::/8"])],
  ["a broadcast address", blockList(["255.255.255.255/32"])],
  [
    "a documentation address",
    blockList(["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "3fff::/20"]),
  ],
  // NAT64 addresses reach whatever IPv4 address they embed, private ones included.
  ["a NAT64 address", blockList(["64:ff9b::/96", "64:ff9b:1::/48"])],
  [
    "a reserved address",
    blockList([
      "240.0.0.0/4",
      "192.0.0.0/24",
      "192.88.99.0/24",
      "198.18.0.0/15",
      // IPv4-compatible and IPv4-translated forms, discard-only, IETF protocol (Teredo), 6to4,
      // site-local: all either embed an IPv4 address by other means or are not for public hosts.
      "::/96",
      "::ffff:0:0:0/96",
      "100::/64",
      "2001::/23",
      "2002::/16",
      "fec0::/10",
    ]),
  ],
];

// Every public IPv6 host is in the global unicast block; anything else is not a partner's server.
const IPV6_GLOBAL_UNICAST = blockList(["2000::/3"]);

/** Why the address is refused, or null when it is permitted. */
function refusalOf(ip: Ip, hostAllowed: boolean, policy: OutboundPolicy): string | null {
  const type = ip.family === 4 ? "ipv4" : "ipv6";
  if (METADATA.check(ip.address, type)) return "a cloud metadata address, which is never allowed";
  if (hostAllowed || compiled(policy).ranges.check(ip.address, type)) return null;
  for (const [reason, list] of REFUSED) {
    if (list.check(ip.address, type)) return reason;
  }
  if (ip.family === 6 && !IPV6_GLOBAL_UNICAST.check(ip.address, "ipv6"))
    return "an address that is not public";
  return null;
}

// ---------------------------------------------------------------------------------------------------
// The allow list

type CompiledPolicy = { names: ReadonlySet<string>; ranges: net.BlockList };
const compiledPolicies = new WeakMap<readonly string[], CompiledPolicy>();

/** "Example.COM." and "example.com" are the same host. */
function hostKey(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

function isAddressEntry(entry: string): boolean {
  const slash = entry.indexOf("/");
  return normaliseIp(slash === -1 ? entry : entry.slice(0, slash)) !== null;
}

function compiled(policy: OutboundPolicy): CompiledPolicy {
  let result = compiledPolicies.get(policy.allowHosts);
  if (result === undefined) {
    const names = new Set<string>();
    const ranges = new net.BlockList();
    for (const entry of policy.allowHosts) {
      if (isAddressEntry(entry)) addEntry(ranges, entry);
      else names.add(hostKey(entry));
    }
    result = { names, ranges };
    compiledPolicies.set(policy.allowHosts, result);
  }
  return result;
}

/** Parses "a.example, 10.0.0.0/8, ::1/128" into the list; throws Error naming the bad entry. */
export function parseAllowHosts(text: string | undefined): string[] {
  const entries = (text ?? "").split(/[\s,]+/).filter((entry) => entry !== "");
  return entries.map((entry) => {
    if (isAddressEntry(entry) || entry.includes("/")) {
      try {
        addEntry(new net.BlockList(), entry);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`"${entry}" is not a valid address or CIDR range (${reason})`);
      }
      return entry.toLowerCase();
    }
    // A host name: exact names only, no wildcards, ports or paths.
    if (!/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/i.test(entry)) {
      throw new Error(`"${entry}" is not a host name, IP address or CIDR range`);
    }
    // The URL parser reads "0x7f.1" or "2130706433" as 127.0.0.1; such a name could never match.
    if (net.isIP(new URL(`http://${entry}/`).hostname) !== 0) {
      throw new Error(`"${entry}" looks like an address; write it in dotted form`);
    }
    return entry.toLowerCase();
  });
}

// ---------------------------------------------------------------------------------------------------
// URLs

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

// ---------------------------------------------------------------------------------------------------
// Sending

/** A short, partner-readable reason for a failed connection or exchange. */
function networkError(error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const messages: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset",
    EPIPE: "connection reset",
    ETIMEDOUT: "connection timed out",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate does not match the host name",
    CERT_HAS_EXPIRED: "TLS certificate has expired",
    DEPTH_ZERO_SELF_SIGNED_CERT: "TLS certificate is self-signed",
    SELF_SIGNED_CERT_IN_CHAIN: "TLS certificate chain is self-signed",
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate could not be verified",
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "TLS certificate could not be verified",
  };
  let message = code === undefined ? undefined : messages[code];
  if (message === undefined && code?.startsWith("HPE_")) message = "invalid HTTP response";
  if (message === undefined && code?.startsWith("ERR_SSL_")) message = "TLS handshake failed";
  message ??= `request failed (${code ?? (error instanceof Error ? error.message : String(error))})`;
  return new Error(message, { cause: error });
}

/** Rejects with the signal's reason once it aborts, so a hung DNS lookup is bounded too. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    }),
  ]);
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

function exchange(
  target: { url: URL; address: string; family: Family },
  init: { headers: Record<string, string>; body: string },
  capBytes: number,
  signal: AbortSignal,
): Promise<Omit<OutboundResponse, "latencyMs">> {
  const { url, address, family } = target;
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const body = Buffer.from(init.body, "utf8");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers)) {
    // Host and framing are ours to set: Host stays the URL's host, the length is the body's.
    const lower = name.toLowerCase();
    if (
      lower !== "host" &&
      lower !== "content-length" &&
      lower !== "transfer-encoding" &&
      lower !== "connection"
    ) {
      headers[name] = value;
    }
  }
  headers["content-length"] = String(body.length);
  headers.connection = "close";

  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      outcome();
    };
    const fail = (error: Error) =>
      finish(() => {
        request.destroy();
        reject(error);
      });
    const onAbort = () =>
      fail(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));

    const options: https.RequestOptions = {
      method: "POST",
      host: hostname,
      port: url.port === "" ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers,
      // A fresh socket per request: a pooled one could have been opened for another address.
      agent: false,
      // Pinned: the socket goes to the address that was checked, whatever DNS would say now.
      lookup: (_name, lookupOptions, callback) => {
        if (lookupOptions.all) callback(null, [{ address, family }]);
        else callback(null, address, family);
      },
      // SNI carries host names only; for an IP literal the certificate is checked against the IP.
      servername: net.isIP(hostname) === 0 ? hostname : undefined,
    };
    const request = (url.protocol === "https:" ? https : http).request(options, (response) => {
      const chunks: Buffer[] = [];
      let received = 0;
      const result = (truncated: boolean) => {
        const bytes = Buffer.concat(chunks).subarray(0, capBytes);
        // A cut-off answer may end inside a multi-byte character; streaming decode drops that tail.
        const text = new TextDecoder("utf-8").decode(bytes, { stream: truncated });
        return {
          status: response.statusCode ?? 0,
          headers: flatHeaders(response.headers),
          body: text,
          truncated,
        };
      };
      response.on("data", (chunk: Buffer) => {
        if (settled) return;
        chunks.push(chunk);
        received += chunk.length;
        // One byte past the cap proves there is more; stop reading and drop the connection.
        if (received > capBytes) {
          finish(() => {
            resolve(result(true));
            response.destroy();
            request.destroy();
          });
        }
      });
      response.on("end", () => finish(() => resolve(result(false))));
      response.on("error", (error) => fail(networkError(error)));
      // After "end" or "error" this does nothing; alone it means the peer hung up mid-answer.
      response.on("close", () => fail(new Error("connection closed before the answer was complete")));
    });
    request.on("error", (error) => fail(networkError(error)));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    request.end(body);
  });
}

/**
 * POSTs `body` to `url` over a connection pinned to the checked address. Never follows redirects (a
 * 3xx is returned as the status). The whole exchange, DNS included, is bounded by timeoutMs; the
 * answer is read up to capBytes. Throws OutboundRefused for policy refusals, and an Error with a
 * short message ("timed out after 10000 ms", "connection refused", ...) for network failures.
 */
export async function postOutbound(
  url: string,
  init: { headers: Record<string, string>; body: string; timeoutMs?: number; capBytes?: number },
  policy: OutboundPolicy,
): Promise<OutboundResponse> {
  const timeoutMs = init.timeoutMs ?? 10_000;
  const capBytes = init.capBytes ?? 4096;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0))
    throw new RangeError("timeoutMs must be a positive number");
  if (!(Number.isInteger(capBytes) && capBytes >= 0))
    throw new RangeError("capBytes must be a whole number >= 0");

  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  try {
    const target = await untilAborted(resolveOutbound(url, policy), controller.signal);
    const answer = await exchange(target, init, capBytes, controller.signal);
    return { ...answer, latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}
