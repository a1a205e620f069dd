// A portal (tRPC) call over HTTP: every line it causes carries its request id (the one proxy.ts
// gave it, or a new one), down to the use case; an unexpected failure is logged with that id,
// and the call ends with its `portal call` line.
import { afterEach, describe, expect, it } from "vitest";
import { makePartnerScope } from "../../features/auth/partner-scope";
import type { Db } from "../../infra/db/db";
import { log, sendLogsTo } from "../../infra/log/log";
import type { StaffSession } from "../session/session";
import type { TrpcContext } from "./context";
import { portalHttpHandler } from "./portal-http-handler";

process.env.AUTH_SECRET ??= "unit-test-secret-unit-test-secret-0123456789";

let restoreLogs: (() => void) | undefined;
afterEach(() => {
  restoreLogs?.();
});

function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const capture = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
  restoreLogs = sendLogsTo({ out: capture, err: capture }, "debug");
  return lines;
}

const session = {
  user: { id: "usr_1", email: "staff@acme.test", name: "Staff", role: "staff", twoFactor: false },
  pending: null,
  partner: {
    id: "ptn_1",
    slug: "acme",
    name: "Acme",
    status: "active",
    defaultCurrency: "EUR",
    allowedCountries: null,
  },
  scope: makePartnerScope("ptn_1", {
    kind: "user",
    userId: "usr_1",
    role: "staff",
    email: "staff@acme.test",
  }),
} satisfies StaffSession;

// A database whose customer search logs, then fails as a lost connection would.
const failingDb = {
  customer: {
    findMany: async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.warn("database slow");
      throw new Error("connection lost");
    },
  },
} as unknown as Db;

const handler = portalHttpHandler(async (): Promise<TrpcContext> => ({ db: failingDb, session }));

const customerSearch = (headers: Record<string, string> = {}) =>
  new Request(
    `http://127.0.0.1/api/trpc/customers.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`,
    { headers },
  );

describe("a portal call", () => {
  it("gives every line it causes the request id proxy.ts gave it", async () => {
    const logs = captureLogs();
    const answer = await handler(customerSearch({ "x-request-id": "portal-call-12345" }));
    expect(answer.status).toBe(500);
    expect(logs.map((line) => [line.msg, line.requestId])).toEqual([
      ["database slow", "portal-call-12345"],
      ["trpc procedure failed", "portal-call-12345"],
      ["portal call", "portal-call-12345"],
    ]);
    expect(logs[1]).toMatchObject({
      level: "error",
      path: "customers.list",
      error: { name: "Error", message: "connection lost" },
    });
    expect(String(logs[1]?.stack)).toContain("connection lost");
    expect(logs[2]).toMatchObject({ method: "GET", procedures: ["customers.list"], status: 500 });
  });

  it("makes a request id when it has none, and keeps concurrent calls apart", async () => {
    const logs = captureLogs();
    await Promise.all([
      handler(customerSearch()),
      handler(customerSearch({ "x-request-id": "other-call-1234" })),
    ]);
    const ids = new Set(logs.map((line) => line.requestId));
    expect(ids.size).toBe(2);
    expect(ids).toContain("other-call-1234");
    for (const id of ids) {
      expect(String(id)).toMatch(/^[0-9a-f-]{36}$|^other-call-1234$/);
      expect(logs.filter((line) => line.requestId === id).map((line) => line.msg)).toEqual([
        "database slow",
        "trpc procedure failed",
        "portal call",
      ]);
    }
  });
});
