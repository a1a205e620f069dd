// SIGTERM under load, against a second server of the same build (e2e/support/spawn-server.ts),
// with the load balancer played by the test: a probe of /api/health/ready every 100 ms, and
// loops of real partner API calls (tokens, order previews, order lists) and portal calls (the
// sign-in page, /api/health) that keep coming until the probe has seen 503, and a little longer
// (a balancer takes a moment to act on it). One more request, a preview whose body arrives
// slowly, is in flight when the server stops accepting connections.
//
// What must hold (docs/operations.md, "Shutdown"): readiness turns 503 at once and connections
// are accepted for SHUTDOWN_DELAY after that; every request started got its proper answer (none
// refused, reset or cut); the one in flight at the close was answered after it; the process
// exited 0 within the grace; and its log shows the steps. Run both with NEXT_MANUAL_SIG_HANDLE
// set, as deployments do, and without it, when the app takes the signals over from Next.js.
import { expect, test } from "@playwright/test";
import { type SpawnedServer, spawnServer } from "../support/spawn-server";
import { basicAuthorization, type ClientCredentials, DEMO_ACME, DEMO_GLOBEX } from "./support/oauth";
import { newOrder } from "./support/orders";

const DELAY_MS = 2_000;
const GRACE_MS = 15_000;
/** How long the balancer still sends after its probe saw 503 (or no server). */
const BALANCER_LAG_MS = 300;
const PROBE_EVERY_MS = 100;

type Outcome = { what: string; startedAt: number; endedAt: number; ok: boolean; detail: string };

/** The answer, or the error of a request that got none (refused, reset). */
async function attempt(
  url: string,
  init: RequestInit,
  expected: number,
): Promise<{ ok: boolean; detail: string; status?: number; text?: string }> {
  try {
    const response = await fetch(url, init);
    const text = await response.text();
    return {
      ok: response.status === expected,
      status: response.status,
      text,
      detail: `${response.status} ${text.slice(0, 200)}`,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, detail: `no answer: ${cause?.code ?? cause?.message ?? String(error)}` };
  }
}

class Balancer {
  readonly outcomes: Outcome[] = [];
  /** When the probe first saw 503, and first found no server accepting. */
  readyOffAt: number | undefined;
  refusedAt: number | undefined;
  private stopSendingAt = Number.POSITIVE_INFINITY;
  private probing = true;

  constructor(readonly url: string) {}

  sending(): boolean {
    return Date.now() < this.stopSendingAt;
  }

  async probe(): Promise<void> {
    while (this.probing && this.refusedAt === undefined) {
      const answer = await attempt(`${this.url}/api/health/ready`, {}, 200);
      if (answer.status === 503 && this.readyOffAt === undefined) {
        this.readyOffAt = Date.now();
        this.stopSendingAt = this.readyOffAt + BALANCER_LAG_MS;
      }
      if (answer.status === undefined) {
        // A probe that finds no server takes the instance out too, after the same lag; requests
        // sent meanwhile are refused, and count as failed.
        this.refusedAt = Date.now();
        this.stopSendingAt = Math.min(this.stopSendingAt, this.refusedAt + BALANCER_LAG_MS);
      }
      await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
    }
  }

  stopProbing(): void {
    this.probing = false;
  }

  async call(what: string, path: string, init: RequestInit, expected: number): Promise<string | undefined> {
    const startedAt = Date.now();
    const answer = await attempt(`${this.url}${path}`, init, expected);
    this.outcomes.push({ what, startedAt, endedAt: Date.now(), ok: answer.ok, detail: answer.detail });
    return answer.ok ? answer.text : undefined;
  }

  async token(client: ClientCredentials): Promise<string | undefined> {
    const body = await this.call(
      "token",
      "/oauth/token",
      {
        method: "POST",
        headers: {
          authorization: basicAuthorization(client),
          "content-type": "application/x-www-form-urlencoded",
        },
        body: "grant_type=client_credentials",
      },
      200,
    );
    return body ? (JSON.parse(body) as { access_token: string }).access_token : undefined;
  }

  /** A partner's machine client and a portal visitor, one request after another, while sent to. */
  async loop(client: ClientCredentials): Promise<void> {
    let token = await this.token(client);
    for (let round = 0; this.sending(); round++) {
      if (round % 10 === 9) token = (await this.token(client)) ?? token;
      if (!this.sending()) break;
      const bearer = { authorization: `Bearer ${token}` };
      await this.call(
        "preview",
        "/partner/order/preview",
        {
          method: "POST",
          headers: { ...bearer, "content-type": "application/json" },
          body: JSON.stringify(newOrder()),
        },
        200,
      );
      if (!this.sending()) break;
      await this.call("orders", "/partner/orders?limit=5", { headers: bearer }, 200);
      if (!this.sending()) break;
      await this.call(round % 2 ? "signin page" : "health", round % 2 ? "/signin" : "/api/health", {}, 200);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** A preview whose body is sent in two parts, the second at `finishAt`: in flight until then. */
function slowPreview(balancer: Balancer, token: string, finishAt: number): Promise<string | undefined> {
  const text = JSON.stringify(newOrder());
  const half = Math.floor(text.length / 2);
  const encoder = new TextEncoder();
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent === 0) controller.enqueue(encoder.encode(text.slice(0, half)));
      else if (sent === 1) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, finishAt - Date.now())));
        controller.enqueue(encoder.encode(text.slice(half)));
      } else controller.close();
      sent++;
    },
  });
  return balancer.call(
    "slow preview",
    "/partner/order/preview",
    {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit,
    200,
  );
}

/** The JSON log lines of the server whose message starts with "shutdown". */
function shutdownLines(output: string): { msg: string; [field: string]: unknown }[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { msg: string })
    .filter((line) => line.msg.startsWith("shutdown"));
}

for (const manualSignals of [true, false]) {
  test(`SIGTERM under load: readiness 503 first, no failed request, a clean exit (NEXT_MANUAL_SIG_HANDLE ${manualSignals ? "set" : "not set"})`, async () => {
    test.setTimeout(120_000);
    let server: SpawnedServer | undefined;
    try {
      server = await spawnServer({
        NEXT_MANUAL_SIG_HANDLE: manualSignals ? "true" : "",
        SHUTDOWN_DELAY: `${DELAY_MS}ms`,
        SHUTDOWN_GRACE_PERIOD: `${GRACE_MS}ms`,
        // The load is not a test of the rate limit: each client's bucket holds all of it.
        RATE_LIMIT_PER_MINUTE: "100000",
        RATE_LIMIT_BURST: "10000",
      });
      const running = server;
      const balancer = new Balancer(running.url);
      const probe = balancer.probe();
      const loops = [DEMO_ACME, DEMO_ACME, DEMO_GLOBEX, DEMO_GLOBEX].map((client) => balancer.loop(client));
      await new Promise((resolve) => setTimeout(resolve, 1_500));

      const slowToken = await balancer.token(DEMO_ACME);
      expect(slowToken, "a token for the slow request").toBeTruthy();
      const slowFinishAt = Date.now() + 200 + DELAY_MS + 1_000;
      const slow = slowPreview(balancer, slowToken as string, slowFinishAt);
      await new Promise((resolve) => setTimeout(resolve, 200));

      const sigtermAt = Date.now();
      running.process.kill("SIGTERM");
      const exitedAt = running.exited.then((code) => ({ code, at: Date.now() }));
      await Promise.all(loops);
      const slowAnswer = await slow;
      const exit = await Promise.race([
        exitedAt,
        new Promise<{ code: string; at: number }>((resolve) =>
          setTimeout(() => resolve({ code: "still running", at: Date.now() }), DELAY_MS + GRACE_MS + 5_000),
        ),
      ]);
      balancer.stopProbing();
      await probe;

      const output = running.output();
      const failures = balancer.outcomes.filter((o) => !o.ok);
      expect(failures, `failed requests; server output:\n${output.slice(-3_000)}`).toEqual([]);
      // The balancer kept sending after the signal, and all of it was answered.
      const sentAfterSignal = balancer.outcomes.filter(
        (o) => o.startedAt > sigtermAt && o.what !== "slow preview",
      );
      expect(sentAfterSignal.length).toBeGreaterThan(5);

      // Readiness turned 503 at once; connections were accepted for the delay, refused after it.
      expect(balancer.readyOffAt, "readiness seen as 503").toBeDefined();
      expect(balancer.refusedAt, "connections refused at last").toBeDefined();
      const readyOffAt = balancer.readyOffAt as number;
      const refusedAt = balancer.refusedAt as number;
      expect(readyOffAt - sigtermAt).toBeLessThan(DELAY_MS);
      expect(refusedAt).toBeGreaterThan(readyOffAt);
      expect(refusedAt - sigtermAt).toBeGreaterThanOrEqual(DELAY_MS - PROBE_EVERY_MS);

      // The request in flight when the server stopped accepting was answered after that.
      expect(slowAnswer, "the slow preview's answer").toContain('"total"');
      const slowOutcome = balancer.outcomes.find((o) => o.what === "slow preview");
      expect(slowOutcome?.endedAt).toBeGreaterThan(refusedAt);

      // A clean exit within the grace, and the log of each step.
      expect(exit.code).toBe(0);
      expect(exit.at - sigtermAt).toBeLessThan(DELAY_MS + GRACE_MS);
      const steps = shutdownLines(output);
      expect(steps.map((line) => line.msg)).toEqual([
        ...(manualSignals ? [] : ["shutdown: took SIGTERM and SIGINT over from Next.js"]),
        "shutdown: not ready, still serving",
        "shutdown: stopped accepting connections, draining",
        "shutdown: requests drained",
        "shutdown: jobs ended",
        "shutdown: hooks run",
        "shutdown: database pools closed",
        "shutdown complete",
      ]);
      const draining = steps.find((line) => line.msg === "shutdown: stopped accepting connections, draining");
      expect(draining?.inFlight).toBeGreaterThanOrEqual(1);
      expect(steps.at(-1)).toMatchObject({ exitCode: 0 });
    } finally {
      await server?.stop(5_000);
    }
  });
}
