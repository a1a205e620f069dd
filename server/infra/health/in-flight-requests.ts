// The HTTP requests this process is answering, and the servers answering them. Next.js creates
// and owns the server (`next start` and the standalone server.js alike), so it is found, not
// passed in: Node's diagnostics channel `http.server.request.start` reports every request any
// server of the process starts, with its response and its server. A request ends when its
// response closes: answered in full, or its connection lost (a client that gave up must not hold
// the shutdown until the grace runs out).
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { Server, ServerResponse } from "node:http";

const REQUEST_START = "http.server.request.start";

type RequestStart = { response: ServerResponse; server: Server };

export type InFlightRequests = {
  /** Requests started and not yet answered. */
  count(): number;
  /** Servers seen answering a request so far. */
  serverCount(): number;
  /**
   * From now on every answer not yet begun says `Connection: close`, so clients open a new
   * connection for their next request, which the load balancer sends to another instance.
   */
  closeConnectionsAfterAnswers(): void;
  /**
   * Every server seen (and any seen from now on) stops accepting connections; connections with no
   * request in flight are closed, and each other one as soon as its request is answered.
   */
  stopAccepting(): void;
  /** Resolves true once no request is in flight, or false at `deadline` (epoch ms). */
  drained(deadline: number): Promise<boolean>;
  /** Stops watching (tests). */
  dispose(): void;
};

export function trackInFlightRequests(): InFlightRequests {
  const inFlight = new Set<ServerResponse>();
  const servers = new Set<Server>();
  let closeAfterAnswer = false;
  let accepting = true;
  let idleListeners: (() => void)[] = [];

  const close = (server: Server) => {
    // The callback takes the error of a server that was not listening (closed by someone else).
    server.close(() => {});
    server.closeIdleConnections();
  };

  const ended = (response: ServerResponse, server: Server) => {
    if (!inFlight.delete(response)) return;
    // Once closed, a connection left idle would wait for its keep-alive timeout (or carry one
    // more request into a process about to exit): close it now.
    if (!accepting) server.closeIdleConnections();
    if (inFlight.size === 0) {
      const listeners = idleListeners;
      idleListeners = [];
      for (const listener of listeners) listener();
    }
  };

  const onStart = (message: unknown) => {
    const { response, server } = message as RequestStart;
    if (!servers.has(server)) {
      servers.add(server);
      if (!accepting) close(server);
    }
    inFlight.add(response);
    response.once("close", () => ended(response, server));
    if (closeAfterAnswer && !response.headersSent) response.setHeader("connection", "close");
  };
  subscribe(REQUEST_START, onStart);

  return {
    count: () => inFlight.size,
    serverCount: () => servers.size,
    closeConnectionsAfterAnswers() {
      closeAfterAnswer = true;
      for (const response of inFlight) {
        if (!response.headersSent) response.setHeader("connection", "close");
      }
    },
    stopAccepting() {
      this.closeConnectionsAfterAnswers();
      accepting = false;
      for (const server of servers) close(server);
    },
    drained(deadline) {
      if (inFlight.size === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          idleListeners = idleListeners.filter((listener) => listener !== onIdle);
          resolve(false);
        }, deadline - Date.now());
        const onIdle = () => {
          clearTimeout(timer);
          resolve(true);
        };
        idleListeners.push(onIdle);
      });
    },
    dispose() {
      unsubscribe(REQUEST_START, onStart);
    },
  };
}
