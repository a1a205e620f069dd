// The one way the server sends HTTP requests to URLs a partner gave us (webhook deliveries,
// eligibility callouts). A partner-supplied URL is attacker-controlled input: without these checks it
// could point the server at its own loopback services, the private network or the cloud metadata
// endpoint (server-side request forgery). So every URL is checked as written, its host name is
// resolved once and every address checked, and the connection is pinned to the checked address so a
// second DNS answer cannot swap in another one (DNS rebinding). Redirects are never followed, since a
// redirect target would skip all of this. OUTBOUND_ALLOW_HOSTS lets an operator open specific hosts
// or ranges (a local test receiver, an internal partner gateway); cloud metadata stays shut regardless.
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { Family, OutboundPolicy } from "./outbound-policy";
import { resolveOutbound } from "./outbound-urls";

export type OutboundResponse = {
  status: number;
  headers: Record<string, string>;
  /** At most capBytes of the answer, decoded as UTF-8. */
  body: string;
  /** The answer had more than capBytes bytes; the rest was not read. */
  truncated: boolean;
  latencyMs: number;
};

/** A short, partner-readable reason for a failed connection or exchange. */
function networkError(error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const messages: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset",
    EPIPE: "connection reset",
    ETIMEDOUT: "connection timed out",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate does not match the host name",
    CERT_HAS_EXPIRED: "TLS certificate has expired",
    DEPTH_ZERO_SELF_SIGNED_CERT: "TLS certificate is self-signed",
    SELF_SIGNED_CERT_IN_CHAIN: "TLS certificate chain is self-signed",
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate could not be verified",
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "TLS certificate could not be verified",
  };
  let message = code === undefined ? undefined : messages[code];
  if (message === undefined && code?.startsWith("HPE_")) message = "invalid HTTP response";
  if (message === undefined && code?.startsWith("ERR_SSL_")) message = "TLS handshake failed";
  message ??= `request failed (${code ?? (error instanceof Error ? error.message : String(error))})`;
  return new Error(message, { cause: error });
}

/** Rejects with the signal's reason once it aborts, so a hung DNS lookup is bounded too. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    }),
  ]);
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

function exchange(
  target: { url: URL; address: string; family: Family },
  init: { headers: Record<string, string>; body: string },
  capBytes: number,
  signal: AbortSignal,
): Promise<Omit<OutboundResponse, "latencyMs">> {
  const { url, address, family } = target;
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const body = Buffer.from(init.body, "utf8");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers)) {
    // Host and framing are ours to set: Host stays the URL's host, the length is the body's.
    const lower = name.toLowerCase();
    if (
      lower !== "host" &&
      lower !== "content-length" &&
      lower !== "transfer-encoding" &&
      lower !== "connection"
    ) {
      headers[name] = value;
    }
  }
  headers["content-length"] = String(body.length);
  headers.connection = "close";

  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      outcome();
    };
    const fail = (error: Error) =>
      finish(() => {
        request.destroy();
        reject(error);
      });
    const onAbort = () =>
      fail(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));

    const options: https.RequestOptions = {
      method: "POST",
      host: hostname,
      port: url.port === "" ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers,
      // A fresh socket per request: a pooled one could have been opened for another address.
      agent: false,
      // Pinned: the socket goes to the address that was checked, whatever DNS would say now.
      lookup: (_name, lookupOptions, callback) => {
        if (lookupOptions.all) callback(null, [{ address, family }]);
        else callback(null, address, family);
      },
      // SNI carries host names only; for an IP literal the certificate is checked against the IP.
      servername: net.isIP(hostname) === 0 ? hostname : undefined,
    };
    const request = (url.protocol === "https:" ? https : http).request(options, (response) => {
      const chunks: Buffer[] = [];
      let received = 0;
      const result = (truncated: boolean) => {
        const bytes = Buffer.concat(chunks).subarray(0, capBytes);
        // A cut-off answer may end inside a multi-byte character; streaming decode drops that tail.
        const text = new TextDecoder("utf-8").decode(bytes, { stream: truncated });
        return {
          status: response.statusCode ?? 0,
          headers: flatHeaders(response.headers),
          body: text,
          truncated,
        };
      };
      response.on("data", (chunk: Buffer) => {
        if (settled) return;
        chunks.push(chunk);
        received += chunk.length;
        // One byte past the cap proves there is more; stop reading and drop the connection.
        if (received > capBytes) {
          finish(() => {
            resolve(result(true));
            response.destroy();
            request.destroy();
          });
        }
      });
      response.on("end", () => finish(() => resolve(result(false))));
      response.on("error", (error) => fail(networkError(error)));
      // After "end" or "error" this does nothing; alone it means the peer hung up mid-answer.
      response.on("close", () => fail(new Error("connection closed before the answer was complete")));
    });
    request.on("error", (error) => fail(networkError(error)));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    request.end(body);
  });
}

/**
 * POSTs `body` to `url` over a connection pinned to the checked address. Never follows redirects (a
 * 3xx is returned as the status). The whole exchange, DNS included, is bounded by timeoutMs; the
 * answer is read up to capBytes. Throws OutboundRefused for policy refusals, and an Error with a
 * short message ("timed out after 10000 ms", "connection refused", ...) for network failures.
 */
export async function postOutbound(
  url: string,
  init: { headers: Record<string, string>; body: string; timeoutMs?: number; capBytes?: number },
  policy: OutboundPolicy,
): Promise<OutboundResponse> {
  const timeoutMs = init.timeoutMs ?? 10_000;
  const capBytes = init.capBytes ?? 4096;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0))
    throw new RangeError("timeoutMs must be a positive number");
  if (!(Number.isInteger(capBytes) && capBytes >= 0))
    throw new RangeError("capBytes must be a whole number >= 0");

  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  try {
    const target = await untilAborted(resolveOutbound(url, policy), controller.signal);
    const answer = await exchange(target, init, capBytes, controller.signal);
    return { ...answer, latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}
