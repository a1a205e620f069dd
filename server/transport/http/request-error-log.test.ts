// An error that escapes a page or route is one JSON log line under the request's id, with the
// route and the error's message and stack; a request id that is not plain is not repeated.
import { afterEach, describe, expect, it } from "vitest";
import { sendLogsTo } from "../../infra/log/log";
import { logRequestError } from "./request-error-log";

let restoreLogs: (() => void) | undefined;
afterEach(() => {
  restoreLogs?.();
});

/** The lines the log writes to stderr from now on, as pino writes them. */
function captureStderr() {
  const lines: Record<string, unknown>[] = [];
  const stdout = { write: () => undefined };
  const stderr = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
  restoreLogs = sendLogsTo({ out: stdout, err: stderr }, "info");
  return lines;
}

const context = {
  routerKind: "App Router",
  routePath: "/docs/api/assets/[file]",
  routeType: "route",
  renderSource: undefined,
  revalidateReason: undefined,
  renderType: undefined,
} as const;

describe("logRequestError", () => {
  it("writes one line with the request id, route and error", () => {
    const lines = captureStderr();
    const error = Object.assign(new Error("asset missing"), { digest: "123" });
    logRequestError(
      error,
      {
        path: "/docs/api/assets/swagger-ui.css?v=1",
        method: "GET",
        headers: { "x-request-id": "req-12345678" },
      },
      context,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "error",
      msg: "request failed",
      requestId: "req-12345678",
      method: "GET",
      path: "/docs/api/assets/swagger-ui.css",
      route: "/docs/api/assets/[file]",
      routeType: "route",
      digest: "123",
      error: { name: "Error", message: "asset missing" },
    });
    expect(String(lines[0]?.stack)).toContain("asset missing");
  });

  it("leaves out a request id that is not plain", () => {
    const lines = captureStderr();
    logRequestError(
      new Error("x"),
      { path: "/", method: "GET", headers: { "x-request-id": "a b\nc" } },
      context,
    );
    expect(lines[0]?.requestId).toBeUndefined();
  });
});
