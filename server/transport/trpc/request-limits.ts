// Limits on what the portal's tRPC endpoint reads, as on the REST API: a POST body is streamed
// within BODY_LIMIT_BYTES (a larger one is refused with 413 before it is parsed), and a batch
// holds at most MAX_TRPC_BATCH calls (tRPC refuses a larger one with 400). The portal's own
// client batches fewer (portal-providers.tsx).
import { HttpError } from "../http/http-error";
import { readBodyText } from "../http/json-body";

export const MAX_TRPC_BATCH = 10;

/** The request with its body read within the limit, or the 413 answer. */
export async function withBodyLimit(request: Request, limitBytes: number): Promise<Request | Response> {
  if (request.method === "GET" || request.method === "HEAD") return request;
  try {
    const body = await readBodyText(request, limitBytes);
    return new Request(request.url, { method: request.method, headers: request.headers, body });
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return Response.json(
      { error: { message: error.detail, code: error.status === 413 ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST" } },
      { status: error.status, headers: { "cache-control": "no-store" } },
    );
  }
}
