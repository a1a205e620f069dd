// The plumbing shared by the provider fakes: a node:http server on 127.0.0.1 (port 0, so parallel
// test files never collide) that records every request and can be told to misbehave the ways a
// real provider does: fail with a 5xx, hang (hold the request, never answer), do the work but
// never deliver the answer ("late": the client times out though the provider acted), answer garbage
// (not JSON) or JSON of the wrong shape; and to recover. Faults apply to every request, or only
// to those `match` selects, for ever or for the next `times` requests.
// A test can also hold requests in flight (`hold`): the provider fake has begun executing them
// (it calls `begin`), and they stay unanswered until the test releases them, so a second request
// can arrive while the first is still running.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FaultMode = "normal" | "fail" | "timeout" | "late" | "garbage" | "wrong-shape";

export type RecordedRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Parsed by the fake: nested form fields (Stripe) or JSON (Zuora); undefined if unreadable. */
  body: unknown;
  /** What the fake answered (absent while a request is held). */
  response?: { status: number; body: string };
};

export type FakeAnswer = {
  status: number;
  headers?: Record<string, string>;
} & ({ json: unknown } | { text: string; contentType: string });

export type FaultOptions = {
  /** Only requests this selects are affected (default: all). */
  match?: (request: RecordedRequest) => boolean;
  /** Affect only the next N selected requests, then behave normally again. */
  times?: number;
};

export type HoldOptions = FaultOptions & {
  /** Release each held request by itself after this many milliseconds (a slow provider). */
  forMs?: number;
};

/** Requests a test holds in flight (see FakeServerControls.hold). */
export type HeldRequests = {
  /** The requests held so far, in order of arrival. */
  held: RecordedRequest[];
  /** Resolves with the first held request once the fake has begun executing it. */
  arrived: Promise<RecordedRequest>;
  /** Lets every held request finish, and stops holding new ones. */
  release(): void;
};

export type FakeServerControls = {
  url: string;
  requests: RecordedRequest[];
  setMode(mode: FaultMode, options?: FaultOptions): void;
  /** Back to normal; requests already held stay unanswered (their clients have given up). */
  recover(): void;
  /**
   * Holds the requests `match` selects (all by default; the next `times` only, if given) at the
   * point the provider fake begins executing them, until `release()` (or `forMs`).
   */
  hold(options?: HoldOptions): HeldRequests;
  close(): Promise<void>;
};

/**
 * Called by a provider fake's handler at the point its endpoint begins executing a request; it
 * resolves at once unless a test holds that request (FakeServerControls.hold).
 */
export type BeginExecution = () => Promise<void>;

type FakeServerConfig = {
  parseBody: (raw: string, contentType: string) => unknown;
  handle: (request: RecordedRequest, begin: BeginExecution) => FakeAnswer | Promise<FakeAnswer>;
  /** The provider's own shape of a server error. */
  failure: () => FakeAnswer;
};

const GARBAGE: FakeAnswer = {
  status: 200,
  text: "<html><body><h1>502 Bad Gateway</h1>upstream connect error</body></html>",
  contentType: "text/html",
};
const WRONG_SHAPE: FakeAnswer = {
  status: 200,
  json: { object: "unexpected", data: [42], note: "not what you asked for" },
};

function send(res: ServerResponse, answer: FakeAnswer, recorded: RecordedRequest): void {
  const headers = { ...(answer.headers ?? {}) };
  const payload = "json" in answer ? JSON.stringify(answer.json) : answer.text;
  headers["Content-Type"] = "json" in answer ? "application/json" : answer.contentType;
  recorded.response = { status: answer.status, body: payload };
  res.writeHead(answer.status, headers);
  res.end(payload);
}

export async function startFakeHttpServer(config: FakeServerConfig): Promise<FakeServerControls> {
  const requests: RecordedRequest[] = [];
  let fault: { mode: FaultMode; options: FaultOptions; remaining: number } = {
    mode: "normal",
    options: {},
    remaining: Number.POSITIVE_INFINITY,
  };
  type Hold = {
    options: HoldOptions;
    remaining: number;
    released: boolean;
    gate: Promise<void>;
    open: () => void;
    handle: HeldRequests;
    arrive: (request: RecordedRequest) => void;
  };
  const holds: Hold[] = [];

  function beginFor(recorded: RecordedRequest): BeginExecution {
    return () => {
      const hold = holds.find((h) => !h.released && h.remaining > 0 && (h.options.match?.(recorded) ?? true));
      if (!hold) return Promise.resolve();
      hold.remaining -= 1;
      hold.handle.held.push(recorded);
      hold.arrive(recorded);
      if (hold.options.forMs === undefined) return hold.gate;
      const ms = hold.options.forMs;
      return Promise.race([hold.gate, new Promise<void>((resolve) => setTimeout(resolve, ms))]);
    };
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake.invalid");
      const rawBody = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body =
          rawBody === "" ? undefined : config.parseBody(rawBody, String(req.headers["content-type"] ?? ""));
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        rawBody,
        body,
      };
      requests.push(recorded);

      const selected =
        fault.mode !== "normal" && (fault.options.match?.(recorded) ?? true) && fault.remaining > 0;
      if (selected) {
        fault.remaining -= 1;
        const mode = fault.mode;
        if (fault.remaining <= 0)
          fault = { mode: "normal", options: {}, remaining: Number.POSITIVE_INFINITY };
        if (mode === "timeout") return; // held: never answered
        if (mode === "late") {
          // Done, and the answer recorded (an idempotent replay returns it), but never sent.
          Promise.resolve()
            .then(() => config.handle(recorded, beginFor(recorded)))
            .then((answer) => {
              const payload = "json" in answer ? JSON.stringify(answer.json) : answer.text;
              recorded.response = { status: answer.status, body: payload };
            })
            .catch(() => {});
          return;
        }
        if (mode === "fail") return send(res, config.failure(), recorded);
        if (mode === "garbage") return send(res, GARBAGE, recorded);
        return send(res, WRONG_SHAPE, recorded);
      }
      Promise.resolve()
        .then(() => config.handle(recorded, beginFor(recorded)))
        .then(
          (answer) => send(res, answer, recorded),
          (error: unknown) =>
            send(
              res,
              { status: 500, text: `fake crashed: ${String(error)}`, contentType: "text/plain" },
              recorded,
            ),
        );
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setMode(mode, options = {}) {
      fault = { mode, options, remaining: options.times ?? Number.POSITIVE_INFINITY };
    },
    recover() {
      fault = { mode: "normal", options: {}, remaining: Number.POSITIVE_INFINITY };
    },
    hold(options = {}) {
      let open = () => {};
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      let arrive: (request: RecordedRequest) => void = () => {};
      const arrived = new Promise<RecordedRequest>((resolve) => {
        arrive = resolve;
      });
      const hold: Hold = {
        options,
        remaining: options.times ?? Number.POSITIVE_INFINITY,
        released: false,
        gate,
        open,
        arrive,
        handle: {
          held: [],
          arrived,
          release() {
            hold.released = true;
            open();
          },
        },
      };
      holds.push(hold);
      return hold.handle;
    },
    close() {
      for (const hold of holds) hold.handle.release();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
