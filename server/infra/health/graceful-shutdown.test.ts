// The shutdown sequence against a real node:http server, found the way Next's is (through the
// diagnostics channel, never handed over): a request in flight when the server stops accepting
// is still answered, connections are refused after the delay and not before, and the exit code
// says whether the grace was enough.
import { once } from "node:events";
import { Agent, createServer, request as httpRequest, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { log } from "../log/log";
import { type ShutdownPlan, shutDown } from "./graceful-shutdown";
import { type InFlightRequests, trackInFlightRequests } from "./in-flight-requests";
import { isReady } from "./readiness";
import { onShutdown } from "./shutdown-hooks";

type Answer = { status: number; connection: string | undefined; body: string } | { error: string };

/**
 * A server whose `/slow` requests wait until the test releases them (`/streaming` ones too, with
 * their headers and a first part sent).
 */
async function startServer() {
  const waiting: ServerResponse[] = [];
  const arrived: (() => void)[] = [];
  const server = createServer((req, res) => {
    if (req.url === "/slow" || req.url === "/streaming") {
      if (req.url === "/streaming") res.write("slow ");
      waiting.push(res);
      for (const notify of arrived.splice(0)) notify();
      return;
    }
    res.end("ok");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    /** Resolves once a `/slow` request is held by the server. */
    slowArrived: () => new Promise<void>((resolve) => arrived.push(resolve)),
    releaseSlow: () => {
      for (const res of waiting.splice(0)) res.end(res.headersSent ? "done" : "slow done");
    },
  };
}

function get(port: number, path: string, agent?: Agent): Promise<Answer> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("graceful shutdown", () => {
  let requests: InFlightRequests;
  let server: Server;
  let steps: string[];
  const agent = new Agent({ keepAlive: true });

  beforeEach(() => {
    requests = trackInFlightRequests();
    steps = [];
    for (const level of ["info", "warn", "error"] as const) {
      vi.spyOn(log, level).mockImplementation((message) => {
        steps.push(message);
      });
    }
  });

  afterEach(() => {
    requests.dispose();
    server?.closeAllConnections();
    server?.close();
    agent.destroy();
    vi.restoreAllMocks();
  });

  const plan = (overrides: Partial<ShutdownPlan>): ShutdownPlan => ({
    reason: "SIGTERM",
    delayMs: 200,
    graceMs: 2_000,
    requests,
    stopJobs: async () => {},
    closePools: async () => {
      steps.push("(pools closed)");
    },
    ...overrides,
  });

  it("keeps serving through the delay, then refuses connections while the request in flight is answered; exits 0", async () => {
    const app = await startServer();
    server = app.server;
    const arrived = app.slowArrived();
    const slow = get(app.port, "/slow", agent);
    await arrived;

    const exitCode = shutDown(plan({ delayMs: 300 }));
    expect(await isReady()).toBe(false);
    // Within the delay: a new connection is answered, and told not to come back on it.
    expect(await get(app.port, "/")).toEqual({ status: 200, connection: "close", body: "ok" });
    expect(requests.count()).toBe(1);

    await sleep(400);
    expect(await get(app.port, "/")).toEqual({ error: "ECONNREFUSED" });

    app.releaseSlow();
    expect(await slow).toMatchObject({ status: 200, body: "slow done" });
    expect(await exitCode).toBe(0);
    expect(steps).toEqual([
      "shutdown: not ready, still serving",
      "shutdown: stopped accepting connections, draining",
      "shutdown: requests drained",
      "shutdown: jobs ended",
      "shutdown: hooks run",
      "(pools closed)",
      "shutdown: database pools closed",
      "shutdown complete",
    ]);
  });

  it("answers a request begun before the signal on a kept-alive connection with Connection: close", async () => {
    const app = await startServer();
    server = app.server;
    const arrived = app.slowArrived();
    const slow = get(app.port, "/slow", agent);
    await arrived;

    const exitCode = shutDown(plan({ delayMs: 0 }));
    await sleep(50);
    app.releaseSlow();
    expect(await slow).toEqual({ status: 200, connection: "close", body: "slow done" });
    expect(await exitCode).toBe(0);
  });

  it("closes a kept-alive connection once its answer, begun before the signal, ends (not at its keep-alive timeout)", async () => {
    const app = await startServer();
    server = app.server;
    const arrived = app.slowArrived();
    const slow = get(app.port, "/streaming", agent);
    await arrived;
    const closed = once(server, "close");

    const exitCode = shutDown(plan({ delayMs: 0 }));
    await sleep(50);
    app.releaseSlow();
    expect(await slow).toEqual({ status: 200, connection: "keep-alive", body: "slow done" });
    const started = Date.now();
    await closed;
    // Node's default keep-alive timeout is 5 s.
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await exitCode).toBe(0);
  });

  it("exits 1 when the grace runs out with a request still in flight, and still closes the pools", async () => {
    const app = await startServer();
    server = app.server;
    const arrived = app.slowArrived();
    const slow = get(app.port, "/slow", agent);
    await arrived;

    const closePools = vi.fn(async () => {});
    expect(await shutDown(plan({ delayMs: 0, graceMs: 300, closePools }))).toBe(1);
    expect(steps).toContain("shutdown: grace period over with requests in flight");
    expect(closePools).toHaveBeenCalledOnce();
    app.releaseSlow();
    await slow;
  });

  it("waits for the jobs held, and exits 1 when they outlast the grace", async () => {
    const app = await startServer();
    server = app.server;
    // A worker stops claiming at once and resolves when its jobs end, or after its grace.
    let graceGiven = 0;
    const quickJobs = async (graceMs: number) => {
      graceGiven = graceMs;
      await sleep(100);
    };
    expect(await shutDown(plan({ delayMs: 50, graceMs: 500, stopJobs: quickJobs }))).toBe(0);
    expect(graceGiven).toBe(550);

    const slowJobs = async (graceMs: number) => {
      await sleep(graceMs + 10);
    };
    expect(await shutDown(plan({ delayMs: 0, graceMs: 200, stopJobs: slowJobs }))).toBe(1);
    expect(steps).toContain("shutdown: grace period over with jobs running; their leases will free them");
  });

  it("runs the shutdown hooks before the pools close; a failing one makes the exit 1 but not the others", async () => {
    const order: string[] = [];
    onShutdown(() => {
      order.push("telemetry flushed");
    }, "telemetry");
    onShutdown(() => {
      throw new Error("cannot flush");
    }, "broken");
    const exitCode = await shutDown(
      plan({
        delayMs: 0,
        closePools: async () => {
          order.push("pools closed");
        },
      }),
    );
    expect(order).toEqual(["telemetry flushed", "pools closed"]);
    expect(steps).toContain("shutdown hook failed");
    expect(exitCode).toBe(1);
  });
});
