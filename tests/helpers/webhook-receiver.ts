// A partner's webhook receiver, as a partner would write one: a real HTTP server on 127.0.0.1
// that verifies each request with the `standardwebhooks` library (its own copy of the check, not
// the app's signing code) and records it. Tests script its answers: a status per request in
// turn (then 200), a redirect, or closing the port to play a receiver that is down.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type Received = {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The parsed body when its signature verified with the receiver's secret, else null. */
  verified: { type: string; timestamp: string; data: Record<string, unknown> } | null;
  verifyError: string | null;
};

export type Receiver = {
  url: (path?: string) => string;
  port: number;
  received: Received[];
  /** The secrets the receiver verifies with (any one verifying is enough, as in the library). */
  secrets: string[];
  /**
   * Answers for the next requests, in turn (then 200): a status; a status with a body; a 302
   * elsewhere; or `hang`, no answer at all (until the server stops).
   */
  script: (number | { status: number; body: string } | { redirect: string } | "hang")[];
  stop(): Promise<void>;
  /** Listens again on the same port (after stop). */
  start(): Promise<void>;
};

function verify(secrets: string[], body: string, headers: IncomingHttpHeaders) {
  let lastError = "no secret";
  for (const secret of secrets) {
    try {
      const verified = new Webhook(secret).verify(body, headers as Record<string, string>);
      return { verified: verified as Received["verified"], verifyError: null };
    } catch (error) {
      lastError = (error as Error).message;
    }
  }
  return { verified: null, verifyError: lastError };
}

export async function startReceiver(port = 0): Promise<Receiver> {
  let server: Server | null = null;
  const receiver: Receiver = {
    url: (path = "/hook") => `http://127.0.0.1:${receiver.port}${path}`,
    port,
    received: [],
    secrets: [],
    script: [],
    async stop() {
      const current = server;
      server = null;
      if (current) {
        // Hung requests would keep close() waiting.
        current.closeAllConnections();
        await new Promise<void>((resolve) => current.close(() => resolve()));
      }
    },
    async start() {
      server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          receiver.received.push({
            path: request.url ?? "",
            headers: request.headers,
            body,
            ...verify(receiver.secrets, body, request.headers),
          });
          const next = receiver.script.shift() ?? 200;
          if (next === "hang") return;
          if (typeof next === "number") {
            response.writeHead(next, { "content-type": "text/plain" }).end(`answered ${next}`);
          } else if ("redirect" in next) {
            response.writeHead(302, { location: next.redirect }).end();
          } else {
            response.writeHead(next.status, { "content-type": "application/json" }).end(next.body);
          }
        });
      });
      const listening = server;
      await new Promise<void>((resolve) => listening.listen(receiver.port, "127.0.0.1", resolve));
      receiver.port = (listening.address() as AddressInfo).port;
    },
  };
  await receiver.start();
  return receiver;
}
