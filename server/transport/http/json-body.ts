// Reads a JSON request body within a size limit. The body is streamed and counted, so a 10 MB
// upload is refused after the first 256 KiB instead of being held in memory whole; a declared
// Content-Length over the limit is refused before reading anything.
import { HttpError } from "./http-error";

export async function readJsonBody(request: Request, limitBytes: number): Promise<unknown> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type !== "application/json" && !type.endsWith("+json")) {
    throw new HttpError(
      415,
      "Unsupported media type",
      "Send the body as JSON with Content-Type: application/json.",
    );
  }
  const text = await readBodyText(request, limitBytes);
  if (text.trim() === "")
    throw new HttpError(400, "Invalid request", "The request body is empty; send a JSON object.");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(
      400,
      "Invalid request",
      `The request body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/**
 * The body as UTF-8 text within a size limit, whatever its media type (the token endpoint's form
 * body uses it too): a declared Content-Length over the limit is refused before reading, a
 * streamed body as soon as it passes the limit.
 */
export async function readBodyText(request: Request, limitBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  return readLimited(request, limitBytes);
}

async function readLimited(request: Request, limitBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      // The client closed the connection mid-body ("aborted"): its fault, not a server error, and
      // not worth an error log with a stack trace (which it was: a 500 logged as "request failed").
      throw new HttpError(400, "Invalid request", "The request body could not be read to its end.");
    }
    const { done, value } = next;
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new HttpError(400, "Invalid request", "The request body is not valid UTF-8.");
  }
}

function tooLarge(limitBytes: number): HttpError {
  return new HttpError(
    413,
    "Request body too large",
    `The request body is larger than the limit of ${limitBytes} bytes.`,
  );
}
