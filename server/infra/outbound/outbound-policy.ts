// The outbound rules for URLs a partner gives us (webhook endpoints, eligibility callouts): which
// addresses are never reached (loopback, private, link-local, shared and other non-public ranges;
// cloud metadata whatever the operator allows) and the operator's allow list
// (OUTBOUND_ALLOW_HOSTS). outbound-urls.ts applies them to a URL and its resolved addresses;
// outbound-http.ts sends through them.
import net from "node:net";

export type OutboundPolicy = {
  /** From the OUTBOUND_ALLOW_HOSTS setting: host names (exact, case-insensitive) and IPv4/IPv6 CIDR ranges
   * or single addresses. */
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

export type Family = 4 | 6;
export type Ip = { address: string; family: Family };

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
export function normaliseIp(text: string): Ip | null {
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
export const METADATA = blockList([
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
export function refusalOf(ip: Ip, hostAllowed: boolean, policy: OutboundPolicy): string | null {
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
export function hostKey(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

function isAddressEntry(entry: string): boolean {
  const slash = entry.indexOf("/");
  return normaliseIp(slash === -1 ? entry : entry.slice(0, slash)) !== null;
}

export function compiled(policy: OutboundPolicy): CompiledPolicy {
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
