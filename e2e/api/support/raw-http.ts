// HTTP/1.1 over a plain socket, for what fetch will not do: a Content-Length that lies, a chunked
// body streamed for as long as the server keeps reading, and the exact moment the answer starts
// compared with how much of the body had been sent by then.
import { connect } from "node:net";

export type RawAnswer = {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from the first byte sent until the status line arrived. */
  msToAnswer: number;
  /** Body bytes written to the socket when the answer arrived (at most; some may sit in buffers). */
  bodyBytesSentBeforeAnswer: number;
  /** The server closed the connection without any answer (status is then 0). */
  closedWithoutAnswer: boolean;
};

export type RawRequest = {
  port: number;
  path: string;
  headers: Record<string, string>;
  /** Total body bytes to offer (written in chunks while the server has not answered). */
  bodyBytes: number;
  /** Send the body with Transfer-Encoding: chunked instead of as-is. */
  chunked?: boolean;
  /** The bytes of the body, in order; repeated to fill bodyBytes. */
  fill?: string;
  /**
   * Send the first `burstBytes` at once, then one 64 KiB chunk every `paceMs` (so a 10 MB body
   * takes seconds): an answer that comes sooner cannot have waited for the whole body.
   */
  pace?: { burstBytes: number; paceMs: number };
  timeoutMs?: number;
};

const CHUNK = 64 * 1024;

export function rawRequest(request: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port: request.port });
    const started = performance.now();
    let sent = 0;
    let answered = false;
    let msToAnswer = 0;
    let sentAtAnswer = 0;
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${request.timeoutMs ?? 10_000} ms`));
    }, request.timeoutMs ?? 10_000);

    const finish = () => {
      clearTimeout(timer);
      const text = received.toString("latin1");
      const headEnd = text.indexOf("\r\n\r\n");
      const [statusLine = "", ...headerLines] = text
        .slice(0, headEnd < 0 ? undefined : headEnd)
        .split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(":");
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      let body = headEnd < 0 ? "" : text.slice(headEnd + 4);
      if (headers["transfer-encoding"] === "chunked") body = dechunk(body);
      body = Buffer.from(body, "latin1").toString("utf8");
      const status = Number(statusLine.split(" ")[1] ?? 0);
      resolve({
        status,
        headers,
        body,
        msToAnswer,
        bodyBytesSentBeforeAnswer: sentAtAnswer,
        closedWithoutAnswer: false,
      });
    };
    const closedEarly = () => {
      clearTimeout(timer);
      resolve({
        status: 0,
        headers: {},
        body: "",
        msToAnswer: performance.now() - started,
        bodyBytesSentBeforeAnswer: sent,
        closedWithoutAnswer: true,
      });
    };

    socket.on("data", (data: Buffer) => {
      if (!answered) {
        answered = true;
        msToAnswer = performance.now() - started;
        sentAtAnswer = sent;
      }
      received = Buffer.concat([received, data]);
      const text = received.toString("latin1");
      const headEnd = text.indexOf("\r\n\r\n");
      if (headEnd < 0) return;
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, headEnd));
      const complete = length
        ? received.length >= headEnd + 4 + Number(length[1])
        : /\r\ntransfer-encoding:\s*chunked/i.test(text.slice(0, headEnd)) && text.endsWith("0\r\n\r\n");
      if (complete) {
        socket.destroy();
        settle(finish);
      }
    });
    let settled = false;
    const settle = (how: () => void) => {
      if (settled) return;
      settled = true;
      how();
    };
    socket.on("close", () => settle(received.length > 0 ? finish : closedEarly));
    // The server may reset the connection while we are still sending (EPIPE, ECONNRESET): what it
    // answered before that, or that it closed without answering, is the result.
    socket.on("error", () => socket.destroy());

    socket.on("connect", async () => {
      const head = [
        `POST ${request.path} HTTP/1.1`,
        "Host: 127.0.0.1",
        // Keep-alive, as HTTP/1.1 clients do by default. (With "Connection: close", Node's server
        // closes the socket right after an early answer; a client still sending then gets a reset
        // that can wipe the unread 413 from its receive buffer, about one time in 20 here.)
        ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`),
        ...(request.chunked ? ["Transfer-Encoding: chunked"] : []),
        "",
        "",
      ].join("\r\n");
      socket.write(head);
      const fill = Buffer.from((request.fill ?? " ").repeat(CHUNK)).subarray(0, CHUNK);
      while (sent < request.bodyBytes && !answered && !socket.destroyed) {
        const size = Math.min(CHUNK, request.bodyBytes - sent);
        const piece = fill.subarray(0, size);
        const framed = request.chunked
          ? Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), piece, Buffer.from("\r\n")])
          : piece;
        sent += size;
        if (!socket.write(framed)) await new Promise((r) => socket.once("drain", r).once("close", r));
        if (request.pace && sent >= request.pace.burstBytes)
          await new Promise((r) => setTimeout(r, request.pace?.paceMs));
      }
      if (request.chunked && !answered && !socket.destroyed) socket.write("0\r\n\r\n");
    });
  });
}

function dechunk(body: string): string {
  let out = "";
  let rest = body;
  for (;;) {
    const lineEnd = rest.indexOf("\r\n");
    if (lineEnd < 0) return out;
    const size = Number.parseInt(rest.slice(0, lineEnd), 16);
    if (!size) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}
