// One way to talk to the running app in the API tests: plain fetch (so tests control every
// header and can stream bodies), with each answer read, parsed and checked against the
// published contract before the test sees it.
import { randomBytes } from "node:crypto";
import { type Answer, type ApiContract, mediaType, type OperationId } from "./contract";

export function baseUrl(): string {
  return `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
}

/** A value no other test (or earlier run) uses: for external ids, emails, names. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(5).toString("hex")}`;
}

export type SendInit = {
  method?: string;
  headers?: Record<string, string>;
  /** A value to send as JSON (sets Content-Type: application/json unless given). */
  json?: unknown;
  /** A raw body, sent as is. */
  body?: BodyInit;
  /**
   * Skip the automatic contract check. Only where a test checks the answer itself, or around a
   * known, pinned contract bug (each use says which).
   */
  unchecked?: boolean;
};

export async function send<T = unknown>(
  contract: ApiContract | null,
  operationId: OperationId,
  path: string,
  init: SendInit = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...init.headers };
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers["content-type"] ??= "application/json";
  }
  const started = performance.now();
  const method = init.method ?? (body === undefined ? "GET" : "POST");
  const request = () =>
    fetch(`${baseUrl()}${path}`, {
      method,
      headers,
      body,
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);
  let response: Response;
  try {
    response = await request();
  } catch (error) {
    // The server closes a connection after refusing an over-limit body; fetch may have picked
    // that kept-alive socket for the next request and sees ECONNRESET before anything was
    // processed. Requests that are safe to repeat (reads, token requests) get one more try.
    const reset = (error as { cause?: { code?: string } }).cause?.code === "ECONNRESET";
    const repeatable = method === "GET" || path === "/oauth/token";
    if (!reset || !repeatable || body instanceof ReadableStream) throw error;
    response = await request();
  }
  const text = await response.text();
  const ms = performance.now() - started;
  let parsed: unknown;
  if (/json$/.test(mediaType(response.headers))) {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(
        `${path} answered ${response.status} with a JSON content type but not JSON: ${text.slice(0, 200)}`,
      );
    }
  }
  const answer: Answer<T> = {
    status: response.status,
    headers: response.headers,
    body: parsed as T,
    text,
    ms,
  };
  if (contract && !init.unchecked)
    contract.check(operationId, answer, { requestId: headers["x-request-id"] });
  return answer;
}
