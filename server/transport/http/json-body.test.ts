// readJsonBody: the media type, the size limit on a streamed body (counted as it arrives, never
// buffered whole), and the 400s for bodies that are not JSON.
import { describe, expect, it } from "vitest";
import { HttpError } from "./http-error";
import { readBodyText, readJsonBody } from "./json-body";

const LIMIT = 1024;
const encoder = new TextEncoder();

/**
 * A body that produces `chunks` chunks of `size` bytes on demand and counts how many were pulled.
 * Each chunk takes a turn of the event loop, like data from a socket, so a count read right after
 * the answer is what the reader had taken by then.
 */
function countingStream(chunks: number, size: number, fill = 0x20) {
  const stats = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((resolve) => setImmediate(resolve));
      if (stats.pulled >= chunks) {
        controller.close();
        return;
      }
      stats.pulled++;
      controller.enqueue(new Uint8Array(size).fill(fill));
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { stream, stats };
}

function streamOf(parts: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
}

function post(
  body: BodyInit | null,
  headers: Record<string, string> = { "content-type": "application/json" },
): Request {
  return new Request("http://127.0.0.1/partner/order", {
    method: "POST",
    headers,
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe("readJsonBody", () => {
  it("parses a JSON object", async () => {
    expect(await readJsonBody(post('{"order_type":"new","n":[1,2]}'), LIMIT)).toEqual({
      order_type: "new",
      n: [1, 2],
    });
  });

  it("accepts application/json with parameters and +json types", async () => {
    expect(
      await readJsonBody(post("{}", { "content-type": "Application/JSON; charset=utf-8" }), LIMIT),
    ).toEqual({});
    expect(await readJsonBody(post("[]", { "content-type": "application/merge-patch+json" }), LIMIT)).toEqual(
      [],
    );
  });

  it.each([
    ["text/plain", "text/plain"],
    ["form", "application/x-www-form-urlencoded"],
    ["xml", "application/xml"],
    ["a prefix trick", "application/jsonp"],
  ])("refuses a %s body with 415", async (_name, type) => {
    const error = await failure(readJsonBody(post("{}", { "content-type": type }), LIMIT));
    expect(error.status).toBe(415);
  });

  it("refuses a body without a content type with 415", async () => {
    const request = new Request("http://127.0.0.1/x", {
      method: "POST",
      body: new Uint8Array(encoder.encode("{}")),
    });
    expect((await failure(readJsonBody(request, LIMIT))).status).toBe(415);
  });

  it.each([
    ["invalid JSON", "{order_type:new}"],
    ["truncated JSON", '{"a":'],
    ["an empty body", ""],
    ["only whitespace", "  \n "],
  ])("refuses %s with 400", async (_name, text) => {
    expect((await failure(readJsonBody(post(text), LIMIT))).status).toBe(400);
  });

  it("refuses a body that is not UTF-8 with 400", async () => {
    const request = post(streamOf([new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])]));
    const error = await failure(readJsonBody(request, LIMIT));
    expect(error.status).toBe(400);
    expect(error.detail).toMatch(/UTF-8/);
  });

  it("answers 400, not an unexpected error, when the body stream breaks off (client went away)", async () => {
    let sent = false;
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error("aborted"));
        sent = true;
        controller.enqueue(encoder.encode('{"order_type":'));
      },
    });
    const error = await failure(readJsonBody(post(broken), LIMIT));
    expect(error.status).toBe(400);
    expect(error.detail).toMatch(/could not be read/);
  });

  it("decodes a multi-byte character split across two chunks", async () => {
    const bytes = encoder.encode('{"name":"Zoë 😀"}');
    const split = bytes.indexOf(0xf0) + 2; // inside the four bytes of the emoji
    const request = post(streamOf([bytes.slice(0, split), bytes.slice(split)]));
    expect(await readJsonBody(request, LIMIT)).toEqual({ name: "Zoë 😀" });
  });

  it("accepts a body of exactly the limit", async () => {
    const text = `"${"x".repeat(LIMIT - 2)}"`;
    expect(encoder.encode(text).byteLength).toBe(LIMIT);
    expect(await readJsonBody(post(text), LIMIT)).toHaveLength(LIMIT - 2);
  });

  it("counts bytes, not characters, against the limit", async () => {
    const text = `"${"é".repeat(LIMIT / 2)}"`; // two bytes each: over the limit in bytes only
    expect(text.length).toBeLessThan(LIMIT);
    expect((await failure(readJsonBody(post(streamOf([encoder.encode(text)])), LIMIT))).status).toBe(413);
  });

  it("refuses a declared Content-Length over the limit before reading any of the body", async () => {
    const { stream, stats } = countingStream(10_000, 1024);
    const request = post(stream, {
      "content-type": "application/json",
      "content-length": String(10 * 1024 * 1024),
    });
    const error = await failure(readJsonBody(request, LIMIT));
    expect(error.status).toBe(413);
    expect(stats.pulled).toBeLessThanOrEqual(1); // a stream may pre-pull one chunk on creation
  });

  it("stops reading a streamed 10 MB body without a length soon after the limit and cancels it", async () => {
    const chunk = 16 * 1024;
    const { stream, stats } = countingStream((10 * 1024 * 1024) / chunk, chunk);
    const started = performance.now();
    const error = await failure(readJsonBody(post(stream), 256 * 1024));
    expect(error.status).toBe(413);
    expect(error.detail).toContain(String(256 * 1024));
    // 256 KiB is 16 chunks: the reader stops at the first chunk over it, not after all 640.
    expect(stats.pulled).toBeLessThanOrEqual(256 / 16 + 3);
    expect(stats.cancelled).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("never holds more than the limit: an endless body is refused and cancelled", async () => {
    const chunk = 64 * 1024;
    const { stream, stats } = countingStream(Number.POSITIVE_INFINITY, chunk);
    expect((await failure(readJsonBody(post(stream), LIMIT))).status).toBe(413);
    expect(stats.cancelled).toBe(true);
    expect(stats.pulled).toBeLessThanOrEqual(3);
  });

  it("does not trust a Content-Length that understates a streamed body", async () => {
    const { stream, stats } = countingStream(1000, 1024);
    const request = post(stream, { "content-type": "application/json", "content-length": "10" });
    expect((await failure(readJsonBody(request, LIMIT))).status).toBe(413);
    expect(stats.pulled).toBeLessThanOrEqual(3);
  });
});

describe("readBodyText (the token endpoint's form body)", () => {
  const form = { "content-type": "application/x-www-form-urlencoded" };

  it("reads a body within the limit, whatever its type", async () => {
    expect(await readBodyText(post("grant_type=client_credentials", form), 8192)).toBe(
      "grant_type=client_credentials",
    );
  });

  it("refuses a declared or streamed body over the limit without reading it whole", async () => {
    const declared = countingStream(10_000, 1024);
    const byLength = await failure(
      readBodyText(post(declared.stream, { ...form, "content-length": String(10 * 1024 * 1024) }), 8192),
    );
    expect(byLength.status).toBe(413);
    expect(declared.stats.pulled).toBeLessThanOrEqual(1);

    const streamed = countingStream(10_000, 1024);
    expect((await failure(readBodyText(post(streamed.stream, form), 8192))).status).toBe(413);
    expect(streamed.stats.pulled).toBeLessThanOrEqual(8 + 2);
    expect(streamed.stats.cancelled).toBe(true);
  });
});
