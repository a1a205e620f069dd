// Log lines as pino writes them (read from the stream it writes to): their shape, the stream each
// level goes to, LOG_LEVEL, the fields of the log context and of the active span, and the
// redaction of secrets, whatever a caller passes by mistake.
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type LogLevel, log, REDACTED, sendLogsTo } from "./log";
import { withLogContext } from "./log-context";

// LOG_LEVEL as server/infra/env/env.ts would read it, set by each test that needs another.
const settings = vi.hoisted(() => ({ logLevel: "info" as LogLevel }));
vi.mock("../env/env", () => ({ env: () => settings }));

type Line = Record<string, unknown>;

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  settings.logLevel = "info";
});

/** Sends the lines of `log` to memory: every line in order, and those of stdout and of stderr. */
function captureLogs(level?: LogLevel) {
  const all: string[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const into = (stream: string[]) => ({
    write: (chunk: string) => {
      stream.push(chunk);
      all.push(chunk);
    },
  });
  restore = sendLogsTo({ out: into(out), err: into(err) }, level);
  const parsed = (chunks: string[]) => chunks.map((chunk) => JSON.parse(chunk) as Line);
  return {
    text: () => all.join(""),
    lines: () => parsed(all),
    out: () => parsed(out),
    err: () => parsed(err),
  };
}

describe("log lines", () => {
  it("are one JSON object per line: ISO time, level as a word, flat fields, msg", () => {
    const logs = captureLogs();
    log.info("request", { method: "POST", status: 201, ms: 14.2, nested: { a: 1 } });
    expect(logs.text()).toMatch(/^\{.*\}\n$/);
    const [line] = logs.lines();
    expect(Object.keys(line ?? {}).sort()).toEqual([
      "level",
      "method",
      "ms",
      "msg",
      "nested",
      "status",
      "time",
    ]);
    expect(line).toMatchObject({ level: "info", msg: "request", method: "POST", status: 201, ms: 14.2 });
    expect(line?.nested).toEqual({ a: 1 });
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
  });

  it("go to stdout for debug and info, to stderr for warn and error, once each", () => {
    const logs = captureLogs("debug");
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(logs.out().map((l) => [l.level, l.msg])).toEqual([
      ["debug", "d"],
      ["info", "i"],
    ]);
    expect(logs.err().map((l) => [l.level, l.msg])).toEqual([
      ["warn", "w"],
      ["error", "e"],
    ]);
  });

  it("below LOG_LEVEL are not written; silent writes none", () => {
    settings.logLevel = "warn";
    let logs = captureLogs();
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(logs.lines().map((l) => l.msg)).toEqual(["w", "e"]);

    settings.logLevel = "info";
    logs = captureLogs();
    log.debug("d");
    log.info("i");
    expect(logs.lines().map((l) => l.msg)).toEqual(["i"]);

    settings.logLevel = "silent";
    logs = captureLogs();
    log.error("e");
    expect(logs.text()).toBe("");
  });
});

describe("the log context", () => {
  it("is carried to every line caused inside it, across awaits and timers", async () => {
    const logs = captureLogs();
    await withLogContext({ requestId: "req-outer-1234" }, async () => {
      log.info("first");
      await new Promise((resolve) => setTimeout(resolve, 1));
      await Promise.resolve().then(() => log.warn("later"));
    });
    log.info("outside");
    expect(logs.lines().map((l) => [l.msg, l.requestId])).toEqual([
      ["first", "req-outer-1234"],
      ["later", "req-outer-1234"],
      ["outside", undefined],
    ]);
  });

  it("nests: an inner context adds to the outer one, and the caller's own fields win", () => {
    const logs = captureLogs();
    withLogContext({ requestId: "req-outer-1234", partner: "ptn_1" }, () => {
      withLogContext({ job: "job_9", partner: "ptn_2" }, () => log.info("inner", { status: 200 }));
      log.info("outer", { partner: "ptn_explicit" });
    });
    expect(logs.lines()).toEqual([
      expect.objectContaining({ msg: "inner", requestId: "req-outer-1234", job: "job_9", partner: "ptn_2" }),
      expect.objectContaining({ msg: "outer", requestId: "req-outer-1234", partner: "ptn_explicit" }),
    ]);
    expect(logs.lines()[1]).not.toHaveProperty("job");
  });

  it("keeps concurrent requests apart", async () => {
    const logs = captureLogs();
    const request = (id: string, delays: number[]) =>
      withLogContext({ requestId: id }, async () => {
        for (const ms of delays) {
          await new Promise((resolve) => setTimeout(resolve, ms));
          log.info(`step of ${id}`);
        }
      });
    await Promise.all([request("req-a-12345678", [3, 1, 4]), request("req-b-12345678", [1, 5, 1])]);
    const lines = logs.lines();
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line.msg).toBe(`step of ${line.requestId}`);
  });
});

describe("trace and span ids", () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer("log-test");

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });
  afterAll(async () => {
    context.disable();
    await provider.shutdown();
  });

  it("are on the lines written while a span is active, with the log context", async () => {
    const logs = captureLogs();
    const ids = await withLogContext({ requestId: "req-traced-1234" }, () =>
      tracer.startActiveSpan("outer", async (outer) => {
        log.info("in outer");
        const inner = await tracer.startActiveSpan("inner", async (span) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          log.info("in inner");
          span.end();
          return span.spanContext();
        });
        outer.end();
        return { outer: outer.spanContext(), inner };
      }),
    );
    log.info("no span");
    const [inOuter, inInner, noSpan] = logs.lines();
    expect(inOuter).toMatchObject({
      requestId: "req-traced-1234",
      trace_id: ids.outer.traceId,
      span_id: ids.outer.spanId,
    });
    expect(inInner).toMatchObject({
      requestId: "req-traced-1234",
      trace_id: ids.outer.traceId,
      span_id: ids.inner.spanId,
    });
    expect(ids.inner.spanId).not.toBe(ids.outer.spanId);
    expect(noSpan).not.toHaveProperty("trace_id");
    expect(noSpan).not.toHaveProperty("span_id");
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(["inner", "outer"]);
  });
});

describe("redaction", () => {
  it("censors fields named after secrets, at any depth and in arrays", () => {
    const logs = captureLogs();
    log.warn("x", {
      password: "hunter2hunter2",
      nested: { clientSecret: "abc", access_token: "eyJ.x.y", Authorization: "Basic Zm9v", apiKey: "k" },
      headers: { cookie: "next-auth.session-token=abc", "set-cookie": "a=b", accept: "application/json" },
      deep: { a: { b: { c: { zuoraClientSecret: "zzz", newPassword: "pw" } } } },
      list: [{ token: "t1" }, { refresh_token: "t2" }],
      code: "PROVIDER_REJECTED",
    });
    const [line] = logs.lines();
    expect(line?.password).toBe(REDACTED);
    expect(line?.nested).toEqual({
      clientSecret: REDACTED,
      access_token: REDACTED,
      Authorization: REDACTED,
      apiKey: REDACTED,
    });
    expect(line?.headers).toEqual({ cookie: REDACTED, "set-cookie": REDACTED, accept: "application/json" });
    expect(line?.deep).toEqual({ a: { b: { c: { zuoraClientSecret: REDACTED, newPassword: REDACTED } } } });
    expect(line?.list).toEqual([{ token: REDACTED }, { refresh_token: REDACTED }]);
    // Facts that only look alike stay.
    expect(line?.code).toBe("PROVIDER_REJECTED");
    for (const secret of ["hunter2", "eyJ.x.y", "Zm9v", "session-token=abc", "zzz", "t1", "t2"])
      expect(logs.text()).not.toContain(secret);
  });

  it("replaces secrets and card-like numbers inside any text: message, fields, errors, stacks", () => {
    const logs = captureLogs();
    const error = new Error("retry with sk_test_abc123 failed");
    log.error("Stripe said: Invalid API Key provided: sk_live_51HxYz0123456789abcdef", {
      detail: "card 4242 4242 4242 4242 and 4000-0566-5566-5556 refused; secret whsec_AbC123+/= leaked",
      header: "Authorization: Bearer eyJhbGciOiJFUzI1NiJ9.payload.sig",
      error,
      stack: error.stack,
      causes: [{ reason: new Error("rk_live_nested0123 refused") }],
      orderTotal: 14700,
      reference: "order-cdae54ae7428e514c8ee729bf75c2454",
      at: new Date("2026-12-01T06:48:48.310Z"),
    });
    const text = logs.text();
    for (const secret of [
      "sk_live_51HxYz",
      "4242 4242",
      "4000-0566",
      "whsec_AbC",
      "eyJhbGci",
      "sk_test_abc",
      "rk_live_nested",
    ]) {
      expect(text).not.toContain(secret);
    }
    const [line] = logs.lines();
    expect(line?.msg).toBe("Stripe said: Invalid API Key provided: [redacted key]");
    expect(line?.error).toEqual({ name: "Error", message: "retry with [redacted key] failed" });
    expect(line?.causes).toEqual([{ reason: { name: "Error", message: "[redacted key] refused" } }]);
    expect(String(line?.stack)).toContain("retry with [redacted key] failed");
    // Amounts, ids and dates are not card numbers.
    expect(line).toMatchObject({
      orderTotal: 14700,
      reference: "order-cdae54ae7428e514c8ee729bf75c2454",
      at: "2026-12-01T06:48:48.310Z",
    });
  });

  it("applies to the log context too, and survives a value that refers to itself", () => {
    const logs = captureLogs();
    const loop: Record<string, unknown> = { name: "loop" };
    loop.self = loop;
    withLogContext({ requestId: "req-12345678", note: "Bearer abc.def" }, () => log.info("x", { loop }));
    const [line] = logs.lines();
    expect(line?.note).toBe("Bearer [redacted]");
    expect(line?.loop).toEqual({ name: "loop", self: "[circular]" });
  });

  it("leaves the caller's objects as they were", () => {
    captureLogs();
    const fields = { password: "hunter2hunter2", nested: { secret: "s", text: "sk_live_abc" } };
    log.info("x", fields);
    expect(fields).toEqual({ password: "hunter2hunter2", nested: { secret: "s", text: "sk_live_abc" } });
  });
});
