// Outbound HTTP to partner URLs: which URLs and addresses are refused (SSRF), and that a real request
// goes to the checked address only, follows no redirect, and is bounded in time and size.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { postOutbound } from "./outbound-http";
import { type OutboundPolicy, OutboundRefused, parseAllowHosts } from "./outbound-policy";
import { checkOutboundUrl, resolveOutbound } from "./outbound-urls";
import { hostResolver } from "./resolve-host";

const NONE: OutboundPolicy = { allowHosts: [] };
const allow = (...allowHosts: string[]): OutboundPolicy => ({ allowHosts });

function refusedBy(run: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(OutboundRefused);
  expect((caught as OutboundRefused).code).toBe("OUTBOUND_REFUSED");
  expect((caught as OutboundRefused).message).toMatch(message);
}

/** Answers names from a table, so they can point anywhere without a real resolver. */
function fakeDns(table: Record<string, { address: string; family: 4 | 6 }[]>) {
  const fake = async (hostname: string) => {
    const answers = table[hostname];
    if (answers === undefined) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return answers;
  };
  return vi.spyOn(hostResolver, "resolve").mockImplementation(fake);
}

type Received = { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string };
const servers: http.Server[] = [];

async function serve(handler: (request: http.IncomingMessage, response: http.ServerResponse) => void) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      handler(request, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, port, received };
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

describe("parseAllowHosts", () => {
  it("reads names, addresses and ranges, separated by commas or spaces", () => {
    expect(parseAllowHosts("a.example, 10.0.0.0/8, ::1/128")).toEqual(["a.example", "10.0.0.0/8", "::1/128"]);
    expect(parseAllowHosts(" Hooks.Example  127.0.0.1\n[::1]")).toEqual([
      "hooks.example",
      "127.0.0.1",
      "[::1]",
    ]);
    expect(parseAllowHosts(undefined)).toEqual([]);
    expect(parseAllowHosts("  ")).toEqual([]);
  });

  it("names the bad entry", () => {
    expect(() => parseAllowHosts("a.example, 10.0.0.0/33")).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseAllowHosts("::1/129")).toThrow(/::1\/129/);
    expect(() => parseAllowHosts("*.example.com")).toThrow(/\*\.example\.com/);
    expect(() => parseAllowHosts("a.example:8080")).toThrow(/a\.example:8080/);
    expect(() => parseAllowHosts("https://a.example/")).toThrow(/https:\/\/a\.example\//);
    expect(() => parseAllowHosts("0x7f.1")).toThrow(/0x7f\.1/);
  });
});

describe("checkOutboundUrl", () => {
  it("refuses private, loopback and metadata addresses written in the URL", () => {
    refusedBy(
      () => checkOutboundUrl("http://10.0.0.1/", NONE),
      /^http:\/\/10\.0\.0\.1\/ is a private address$/,
    );
    refusedBy(() => checkOutboundUrl("https://10.1.2.3/", NONE), /private address/);
    refusedBy(() => checkOutboundUrl("http://169.254.169.254/latest/meta-data", NONE), /cloud metadata/);
    refusedBy(() => checkOutboundUrl("https://[::ffff:169.254.169.254]/", NONE), /cloud metadata/);
    refusedBy(() => checkOutboundUrl("https://[::ffff:a9fe:a9fe]/", NONE), /cloud metadata/);
    refusedBy(() => checkOutboundUrl("https://[::ffff:10.0.0.1]/", NONE), /private address/);
    refusedBy(() => checkOutboundUrl("https://[::1]/", NONE), /loopback/);
    refusedBy(() => checkOutboundUrl("http://127.0.0.1:8080/hook", NONE), /loopback/);
    refusedBy(() => checkOutboundUrl("https://0x7f.1/", NONE), /loopback/);
    refusedBy(() => checkOutboundUrl("https://0.0.0.0/", NONE), /unspecified/);
    refusedBy(() => checkOutboundUrl("https://100.64.1.1/", NONE), /carrier-grade NAT/);
    refusedBy(() => checkOutboundUrl("https://[fd00:ec2::254]/", NONE), /cloud metadata/);
    refusedBy(() => checkOutboundUrl("https://100.100.100.200/", NONE), /cloud metadata/);
    refusedBy(() => checkOutboundUrl("https://[fe80::1]/", NONE), /link-local/);
    refusedBy(() => checkOutboundUrl("https://[64:ff9b::a00:1]/", NONE), /NAT64/);
    refusedBy(() => checkOutboundUrl("https://[::127.0.0.1]/", NONE), /reserved/);
    refusedBy(() => checkOutboundUrl("https://198.51.100.7/", NONE), /documentation/);
    refusedBy(() => checkOutboundUrl("https://255.255.255.255/", NONE), /broadcast/);
  });

  it("never lets cloud metadata through, even inside an allowed range", () => {
    refusedBy(() => checkOutboundUrl("http://169.254.169.254/", allow("169.254.0.0/16")), /cloud metadata/);
    refusedBy(
      () => checkOutboundUrl("https://[::ffff:a9fe:a9fe]/", allow("169.254.0.0/16")),
      /cloud metadata/,
    );
    refusedBy(() => checkOutboundUrl("https://169.254.170.2/", allow("0.0.0.0/0")), /cloud metadata/);
    expect(checkOutboundUrl("http://169.254.1.1/", allow("169.254.0.0/16")).hostname).toBe("169.254.1.1");
  });

  it("lets allowed addresses through, including their IPv4-mapped form", () => {
    expect(checkOutboundUrl("http://127.0.0.1:8080/", allow("127.0.0.1")).port).toBe("8080");
    expect(checkOutboundUrl("https://[::ffff:127.0.0.1]/", allow("127.0.0.0/8")).hostname).toBe(
      "[::ffff:7f00:1]",
    );
    expect(checkOutboundUrl("http://[::1]/", allow("::1/128")).hostname).toBe("[::1]");
  });

  it("refuses credentials, other schemes, plain http to hosts not allowed, and non-URLs", () => {
    refusedBy(() => checkOutboundUrl("https://user:pass@hooks.example/", NONE), /user name or password/);
    refusedBy(() => checkOutboundUrl("ftp://hooks.example/", NONE), /ftp: URLs are not supported/);
    refusedBy(
      () => checkOutboundUrl("http://hooks.example/", NONE),
      /^http:\/\/hooks\.example\/ must use https$/,
    );
    refusedBy(() => checkOutboundUrl("/relative/path", NONE), /not a valid URL/);
    expect(checkOutboundUrl("http://Hooks.Example/x", allow("hooks.example")).pathname).toBe("/x");
  });

  it("passes a public https URL", () => {
    const url = checkOutboundUrl("https://93.184.216.34/hooks?x=1", NONE);
    expect(url.hostname).toBe("93.184.216.34");
    expect(checkOutboundUrl("https://hooks.example/", NONE).hostname).toBe("hooks.example");
    expect(checkOutboundUrl("https://[2606:2800:220:1:248:1893:25c8:1946]/", NONE).protocol).toBe("https:");
  });
});

describe("resolveOutbound", () => {
  it("refuses a name that resolves to loopback unless the name or the range is allowed", async () => {
    await expect(resolveOutbound("https://localhost/", NONE)).rejects.toThrow(OutboundRefused);
    await expect(resolveOutbound("https://localhost/", NONE)).rejects.toThrow(/resolves to .*loopback/);
    const byName = await resolveOutbound("https://localhost/", allow("LOCALHOST"));
    expect(byName.address).toMatch(/^(127\.|::1$)/);
    const byRange = await resolveOutbound("https://localhost:9/", allow("127.0.0.0/8"));
    expect(byRange).toMatchObject({ address: "127.0.0.1", family: 4 });
    // Plain http is decided before DNS, so it needs the name itself (or an address literal) allowed.
    await expect(resolveOutbound("http://localhost:9/", allow("127.0.0.0/8"))).rejects.toThrow(
      /must use https/,
    );
    const plain = await resolveOutbound("http://localhost:9/", allow("localhost"));
    expect(plain.url.protocol).toBe("http:");
  });

  it("judges every address and returns the first permitted one", async () => {
    fakeDns({
      "inside.partner.test": [{ address: "10.0.0.5", family: 4 }],
      "mapped.partner.test": [{ address: "::ffff:a00:5", family: 6 }],
      "mixed.partner.test": [
        { address: "fd12::5", family: 6 },
        { address: "93.184.216.34", family: 4 },
      ],
      "meta.partner.test": [
        { address: "93.184.216.34", family: 4 },
        { address: "169.254.169.254", family: 4 },
      ],
    });
    await expect(resolveOutbound("https://inside.partner.test/", NONE)).rejects.toThrow(
      // The kind of address, never the address itself (no reading our internal DNS through refusals).
      "https://inside.partner.test/ resolves to a private address",
    );
    await expect(resolveOutbound("https://mapped.partner.test/", NONE)).rejects.toThrow(/private address/);
    await expect(resolveOutbound("https://mixed.partner.test/", NONE)).resolves.toMatchObject({
      address: "93.184.216.34",
      family: 4,
    });
    await expect(resolveOutbound("https://meta.partner.test/", allow("meta.partner.test"))).rejects.toThrow(
      /cloud metadata/,
    );
    await expect(resolveOutbound("https://missing.partner.test/", NONE)).rejects.toThrow(
      "host missing.partner.test not found",
    );
  });
});

describe("postOutbound", () => {
  const LOCAL = allow("127.0.0.1");

  it("POSTs the body and headers and returns the answer", async () => {
    const target = await serve((_request, response) => {
      response.writeHead(202, { "content-type": "text/plain", "x-answer": "yes" });
      response.end("accepted ✓");
    });
    const answer = await postOutbound(
      `http://127.0.0.1:${target.port}/hooks/orders?attempt=1`,
      {
        headers: { "content-type": "application/json", "webhook-id": "msg_1", Host: "evil.example" },
        body: '{"type":"order.created","note":"é"}',
      },
      LOCAL,
    );
    expect(answer).toMatchObject({ status: 202, body: "accepted ✓", truncated: false });
    expect(answer.headers["x-answer"]).toBe("yes");
    expect(answer.latencyMs).toBeGreaterThanOrEqual(0);
    expect(target.received).toHaveLength(1);
    const [request] = target.received;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/hooks/orders?attempt=1");
    expect(request?.body).toBe('{"type":"order.created","note":"é"}');
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["webhook-id"]).toBe("msg_1");
    expect(request?.headers.host).toBe(`127.0.0.1:${target.port}`);
    expect(request?.headers["content-length"]).toBe(
      String(Buffer.byteLength('{"type":"order.created","note":"é"}')),
    );
  });

  it("connects to the checked address only, without asking DNS again", async () => {
    const target = await serve((_request, response) => response.end("pinned"));
    const lookup = fakeDns({ "hooks.partner.test": [{ address: "127.0.0.1", family: 4 }] });
    const answer = await postOutbound(
      `http://hooks.partner.test:${target.port}/`,
      { headers: {}, body: "{}" },
      allow("hooks.partner.test"),
    );
    expect(answer.body).toBe("pinned");
    // The name exists only in the fake table: a second lookup by Node itself would have failed.
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(target.received[0]?.headers.host).toBe(`hooks.partner.test:${target.port}`);
  });

  it("refuses before connecting when the address is not allowed", async () => {
    const target = await serve((_request, response) => response.end());
    await expect(
      postOutbound(`http://127.0.0.1:${target.port}/`, { headers: {}, body: "{}" }, NONE),
    ).rejects.toThrow(OutboundRefused);
    expect(target.received).toHaveLength(0);
  });

  it("returns a redirect as it is and does not follow it", async () => {
    const elsewhere = await serve((_request, response) => response.end("should not be reached"));
    const target = await serve((_request, response) => {
      response.writeHead(302, { location: `http://127.0.0.1:${elsewhere.port}/landing` });
      response.end();
    });
    const answer = await postOutbound(`http://127.0.0.1:${target.port}/`, { headers: {}, body: "{}" }, LOCAL);
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBe(`http://127.0.0.1:${elsewhere.port}/landing`);
    expect(target.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
  });

  it("gives up on a server that never answers", async () => {
    const target = await serve(() => {
      // Never answers.
    });
    const started = Date.now();
    await expect(
      postOutbound(`http://127.0.0.1:${target.port}/`, { headers: {}, body: "{}", timeoutMs: 300 }, LOCAL),
    ).rejects.toThrow("timed out after 300 ms");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("reads a large answer only up to capBytes", async () => {
    const target = await serve((_request, response) => {
      response.on("error", () => {
        // The client hangs up mid-answer on purpose.
      });
      response.writeHead(200, { "content-type": "text/plain" });
      const chunk = "x".repeat(64 * 1024);
      for (let sent = 0; sent < 1024 * 1024; sent += chunk.length) response.write(chunk);
      response.end();
    });
    const capped = await postOutbound(
      `http://127.0.0.1:${target.port}/`,
      { headers: {}, body: "{}", capBytes: 1000 },
      LOCAL,
    );
    expect(capped.status).toBe(200);
    expect(capped.truncated).toBe(true);
    expect(capped.body.length).toBeLessThanOrEqual(1000);
    expect(capped.body).toMatch(/^x+$/);

    const byDefault = await postOutbound(
      `http://127.0.0.1:${target.port}/`,
      { headers: {}, body: "{}" },
      LOCAL,
    );
    expect(byDefault.truncated).toBe(true);
    expect(byDefault.body.length).toBeLessThanOrEqual(4096);
  });

  it("does not split a multi-byte character at the cap", async () => {
    const target = await serve((_request, response) => response.end("ééééé"));
    const answer = await postOutbound(
      `http://127.0.0.1:${target.port}/`,
      { headers: {}, body: "{}", capBytes: 5 },
      LOCAL,
    );
    expect(answer).toMatchObject({ body: "éé", truncated: true });
  });

  it("reports a closed port as a plain error", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const failure = postOutbound(`http://127.0.0.1:${port}/`, { headers: {}, body: "{}" }, LOCAL);
    await expect(failure).rejects.toThrow("connection refused");
    await expect(failure).rejects.not.toBeInstanceOf(OutboundRefused);
  });
});
