// Name resolution for partner URLs. Not `dns.lookup`: that runs getaddrinfo on libuv's small
// thread pool (4 threads, shared with scrypt password checks and file I/O), and a partner whose
// DNS never answers would hold those threads until the system resolver gives up, slowing every
// sign-in. The c-ares resolver behind `dns.Resolver` runs on the event loop with its own
// deadline. It does not read /etc/hosts, so the `localhost` names are answered here, as RFC 6761
// says they always resolve (to loopback, which the outbound rules then refuse unless allowed).
import { promises as dns } from "node:dns";

export type HostAnswer = { address: string; family: 4 | 6 };

/** Per query: how long one try may take, and how many tries. */
const RESOLVER_TIMEOUT_MS = 2000;
const RESOLVER_TRIES = 2;

const NOT_FOUND = new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN", "ENONAME"]);

/** The resolver partner URLs go through; an object, so tests can answer names from a table. */
export const hostResolver = {
  async resolve(hostname: string): Promise<HostAnswer[]> {
    const name = hostname.toLowerCase().replace(/\.$/, "");
    if (name === "localhost" || name.endsWith(".localhost")) {
      return [
        { address: "127.0.0.1", family: 4 },
        { address: "::1", family: 6 },
      ];
    }
    const resolver = new dns.Resolver({ timeout: RESOLVER_TIMEOUT_MS, tries: RESOLVER_TRIES });
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name)]);
    const answers: HostAnswer[] = [
      ...(v4.status === "fulfilled" ? v4.value.map((address) => ({ address, family: 4 as const })) : []),
      ...(v6.status === "fulfilled" ? v6.value.map((address) => ({ address, family: 6 as const })) : []),
    ];
    if (answers.length > 0) return answers;
    // Both failed: "no such name" only when both say so; else the resolver's own failure.
    const codes = [v4, v6].map((r) =>
      r.status === "rejected" ? (r.reason as NodeJS.ErrnoException).code : "ENODATA",
    );
    const code = codes.every((c) => c && NOT_FOUND.has(c))
      ? "ENOTFOUND"
      : (codes.find((c) => c && !NOT_FOUND.has(c)) ?? "EAI_FAIL");
    throw Object.assign(new Error(`${code} ${name}`), { code });
  },
};
