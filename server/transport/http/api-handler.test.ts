// The frame around every REST route: request ids, every thrown value turned into problem+json
// (never a stack trace), the success headers set by gates, and one log line per request.
import { afterEach, describe, expect, it } from "vitest";
import { DomainError } from "../../domain/domain-error";
import { log, sendLogsTo } from "../../infra/log/log";
import { apiHandler, json } from "./api-handler";
import { HttpError } from "./http-error";

// The security headers read the environment; give it what a deployment would instead of a dev
// secret file.
process.env.AUTH_SECRET ??= "unit-test-secret-unit-test-secret-0123456789";

const request = (headers: Record<string, string> = {}) =>
  new Request("http://127.0.0.1/partner/orders?x=1", { headers });

let restoreLogs: (() => void) | undefined;
afterEach(() => {
  restoreLogs?.();
});

/** The lines the log writes from now on, as pino writes them, every level. */
function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const capture = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
  restoreLogs = sendLogsTo({ out: capture, err: capture }, "debug");
  return lines;
}

describe("apiHandler", () => {
  it("keeps a caller's plain request id and makes one otherwise", async () => {
    captureLogs();
    const handler = apiHandler(async (_req, ctx) => json({ ok: true }, ctx));
    expect((await handler(request({ "x-request-id": "caller-id-1234" }))).headers.get("x-request-id")).toBe(
      "caller-id-1234",
    );
    for (const unfit of ["short", "has spaces in it", "x".repeat(101), 'quote"injection-123']) {
      expect((await handler(request({ "x-request-id": unfit }))).headers.get("x-request-id")).toMatch(
        /^[0-9a-f-]{36}$/,
      );
    }
  });

  it("adds the gates' headers to successes and failures alike", async () => {
    captureLogs();
    const ok = apiHandler(async (_req, ctx) => {
      ctx.headers.set("ratelimit-remaining", "7");
      return json({ ok: true }, ctx, 201);
    });
    const answer = await ok(request());
    expect(answer.status).toBe(201);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(answer.headers.get("ratelimit-remaining")).toBe("7");

    const failing = apiHandler(async (_req, ctx) => {
      ctx.headers.set("ratelimit-remaining", "6");
      throw new HttpError(415, "Unsupported media type", "Send JSON.");
    });
    const failed = await failing(request());
    expect(failed.headers.get("ratelimit-remaining")).toBe("6");
  });

  it("maps HttpError and DomainError to problem+json with the right status", async () => {
    captureLogs();
    const http = await apiHandler(async () => {
      throw new HttpError(401, "Unauthorized", "No token.", {
        headers: { "www-authenticate": "Bearer" },
        extra: { hint: "x" },
      });
    })(request());
    expect(http.status).toBe(401);
    expect(http.headers.get("content-type")).toBe("application/problem+json");
    expect(http.headers.get("www-authenticate")).toBe("Bearer");
    expect(await http.json()).toEqual({
      type: "https://partner-orders.dev/problems/unauthorized",
      title: "Unauthorized",
      status: 401,
      detail: "No token.",
      instance: "/partner/orders",
      message: "No token.",
      hint: "x",
    });

    const cases: [DomainError, number][] = [
      [new DomainError("VALIDATION", "bad", { errors: [{ path: "a", message: "b" }] }), 400],
      [new DomainError("NOT_FOUND", "no"), 404],
      [new DomainError("INELIGIBLE", "no", { problems: [] }), 422],
      [new DomainError("CONFLICT", "dup"), 409],
      [new DomainError("IN_FLIGHT", "wait"), 409],
      [new DomainError("IDEMPOTENCY_MISMATCH", "other body"), 422],
      [new DomainError("UPSTREAM_FAILED", "provider down"), 502],
    ];
    for (const [error, status] of cases) {
      const answer = await apiHandler(async () => {
        throw error;
      })(request());
      expect(answer.status, error.code).toBe(status);
      const body = (await answer.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status, code: error.code, detail: error.message, message: error.message });
    }
  });

  it("turns anything unexpected into a 500 without internals, and logs it with the request id", async () => {
    const logs = captureLogs();
    const answer = await apiHandler(async () => {
      throw new Error("SQLITE_BUSY at /srv/app/secret/path.ts:12");
    })(request({ "x-request-id": "trace-me-12345" }));
    expect(answer.status).toBe(500);
    const text = await answer.text();
    expect(text).not.toContain("SQLITE_BUSY");
    expect(text).not.toContain("path.ts");
    expect(JSON.parse(text)).toMatchObject({
      status: 500,
      title: "Internal error",
      instance: "/partner/orders",
    });
    const line = logs.find((l) => l.msg === "request failed");
    expect(line).toMatchObject({
      level: "error",
      requestId: "trace-me-12345",
      status: 500,
      path: "/partner/orders",
    });
  });

  it("logs one line per request with the caller, and never the Authorization header", async () => {
    const logs = captureLogs();
    await apiHandler(async (_req, ctx) => {
      ctx.caller = { partnerId: "ptn_1", clientId: "client-1" };
      return json({}, ctx);
    })(request({ authorization: "Bearer secret-token-value" }));
    const lines = logs.filter((l) => l.msg === "request");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      method: "GET",
      path: "/partner/orders",
      status: 200,
      partner: "ptn_1",
      client: "client-1",
    });
    expect(JSON.stringify(logs)).not.toContain("secret-token-value");
  });

  it("gives every line a request causes its request id, and keeps concurrent requests apart", async () => {
    const logs = captureLogs();
    // Work deep below the handler (a use case) logs without being handed the id, after awaits and
    // timers.
    const deepWork = async (step: string) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
      log.debug("use case step", { step });
      await Promise.resolve();
      log.warn("use case warning", { step });
    };
    const handler = apiHandler(async (_req, ctx) => {
      await deepWork("one");
      await Promise.all([deepWork("two"), deepWork("three")]);
      return json({}, ctx);
    });
    const failing = apiHandler(async () => {
      await deepWork("before the failure");
      throw new Error("unexpected");
    });
    const answers = await Promise.all([
      handler(request({ "x-request-id": "request-a-12345" })),
      handler(request({ "x-request-id": "request-b-12345" })),
      failing(request({ "x-request-id": "request-c-12345" })),
      handler(request()),
    ]);
    const ids = answers.map((answer) => answer.headers.get("x-request-id"));
    expect(ids.slice(0, 3)).toEqual(["request-a-12345", "request-b-12345", "request-c-12345"]);
    for (const id of ids) {
      const lines = logs.filter((line) => line.requestId === id);
      const last = lines.at(-1)?.msg;
      if (id === "request-c-12345") {
        expect(lines).toHaveLength(3);
        expect(last).toBe("request failed");
      } else {
        // Three steps of two lines each, then the frame's own line.
        expect(lines).toHaveLength(7);
        expect(last).toBe("request");
      }
    }
    expect(logs).toHaveLength(3 * 7 + 3);
    expect(logs.filter((line) => !line.requestId)).toEqual([]);
  });
});
