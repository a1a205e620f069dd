// `npm run bench:api [-- --duration 10 --connections 50 --json --build --telemetry --database-url postgresql://... --pool-size N]`
//
// Load benchmark of the partner REST API over HTTP (autocannon, 127.0.0.1 only). It makes a fresh
// migrated and seeded embedded database in a temp folder, serves the production build with
// `next start` (rate limit set very high and LOG_LEVEL=warn, so neither dominates), gets a token,
// then measures POST /partner/order/preview and POST /partner/order (each submit a new order:
// unique external_id and customer email per request, no Idempotency-Key).
//
// Then the ceiling: the same use cases (previewOrder / submitOrder, with the PartnerScope the
// bearer gate gives for the token) behind a bare node:http server in a child process, and the
// ratio Next / bare. Two intermediate servers show where the difference goes: "gate" adds the
// bearer gate per request (token verification + API client lookup), "route" runs the app's own
// route handlers (gate, rate limiter, JSON body reader, request log, problem mapping) under
// node:http, without Next's server. And the floor: GET /.well-known/oauth-authorization-server, a
// route handler that answers a constant JSON, on Next and on the bare server; the difference in
// CPU per request is what Next itself costs a request, which bounds the ratio it can reach.
//
// The issue's aim on 2 cores: preview >= 1,000 req/s, submit >= 300 req/s, p99 < 100 ms, and
// Next >= 75% of the bare server's throughput, and a submit p99 at most 3x its p50. The run stops by itself and removes its processes
// and temp files. If .next has no production build, it builds one first (or always, with --build).
//
// With --telemetry it measures the cost of OpenTelemetry instead: `next start` twice, each on a
// fresh database of its own, without telemetry and then with OTEL_EXPORTER_OTLP_ENDPOINT pointing
// at a local OTLP sink that answers 200 at once (otlp-sink.ts), everything else at the defaults a
// deployment gets (other OTEL_* variables of the caller's environment pass through, e.g. a
// sampler). It prints both throughputs and the ratio on / off (aim: >= 0.9), and what the sink
// received; the bare servers are left out. `--rounds N` measures each N times, alternating the
// order, and compares the means.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { createServer as createNetServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type BenchDb, freshDatabase } from "./fresh-database";
import { benchOrderBody } from "./order-body";
import { type OtlpSink, startOtlpSink } from "./otlp-sink";
import { diagnose, type ServerDiagnosis, scrapeMetrics } from "./server-diagnosis";

const root = path.resolve(import.meta.dirname, "../..");
const HOST = "127.0.0.1"; // the only address this benchmark ever targets
const DEMO_CLIENT = { id: "demo-acme-erp", secret: "demo-acme-erp-secret-0123456789" };

type Mode = "service" | "gate" | "route";
type Operation = "preview" | "submit" | "floor";

/**
 * The floor: a route handler that only answers a constant JSON document (the OAuth metadata, no
 * database, outside proxy.ts), GET; what Next costs a request before any work of the app's.
 */
const FLOOR_PATH = "/.well-known/oauth-authorization-server";

/** The aims of issue 15: Next keeps 3/4 of the bare ceiling; a submit's p99 within 3x its p50. */
const RATIO_AIM = 0.75;
/** The servers' /api/metrics token: scraped around each Next run (server-diagnosis.ts). */
const METRICS_TOKEN = randomBytes(16).toString("hex");
const TAIL_AIM = 3;
const MODES: Mode[] = ["service", "gate", "route"];

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    "diagnostic-duration": { type: "string", default: "5" },
    connections: { type: "string", default: "50" },
    // A postgresql:// server URL: every server then runs on a temporary database of its own there
    // (created, migrated, seeded, dropped at the end) instead of an embedded file.
    "database-url": { type: "string" },
    // DATABASE_POOL_SIZE of the servers (PostgreSQL only; default: the app's).
    "pool-size": { type: "string" },
    warmup: { type: "string", default: "3" },
    json: { type: "boolean", default: false },
    build: { type: "boolean", default: false },
    "no-diagnostics": { type: "boolean", default: false },
    telemetry: { type: "boolean", default: false },
    // With --telemetry: how many times to measure each server, the order alternating (off, on,
    // on, off, ...) so that a machine getting busier favours neither.
    rounds: { type: "string", default: "1" },
    // Internal: run as one of the bare servers (a child process of the benchmark).
    serve: { type: "string" },
    port: { type: "string" },
  },
  strict: true,
});

const positive = (name: keyof typeof args) => {
  const n = Number(args[name]);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`--${name} must be a positive number\n`);
    process.exit(2);
  }
  return n;
};

// ---------------------------------------------------------------- child: the bare servers

async function serveBare(mode: Mode, port: number) {
  // Imported only here: the environment (database, keys, issuer) comes from the parent.
  const { db } = await import("../../server/infra/db/db");
  const { authenticatePartner } = await import("../../server/transport/http/bearer-auth");
  const { previewOrder } = await import("../../server/features/orders/preview-order");
  const { submitOrder } = await import("../../server/features/orders/submit-order");
  const { errorToProblem } = await import("../../server/transport/http/problem");
  const previewRoute = await import("../../app/partner/order/preview/route");
  const submitRoute = await import("../../app/partner/order/route");

  // Each bare server runs on a fresh database of its own: it issues the demo client's token there
  // (the token endpoint's issueAccessToken, as a client-credentials grant would) and hands it to
  // the parent with "ready".
  const { issueAccessToken } = await import("../../server/features/auth/access-tokens");
  const { isScope } = await import("../../server/domain/scopes");
  const demo = await db().apiClient.findUniqueOrThrow({
    where: { clientId: DEMO_CLIENT.id },
    select: { clientId: true, partnerId: true, scopes: true, secretVersion: true },
  });
  const { token } = await issueAccessToken({
    clientId: demo.clientId,
    partnerId: demo.partnerId,
    scopes: demo.scopes.split(" ").filter(isScope),
    secretVersion: demo.secretVersion,
  });
  const gateRequest = new Request(`http://${HOST}/`, { headers: { authorization: `Bearer ${token}` } });
  // The scope the bearer gate makes for this token, computed once (the "service" ceiling).
  const scopes = {
    preview: await authenticatePartner(db(), gateRequest, "orders:preview"),
    submit: await authenticatePartner(db(), gateRequest, "orders:write"),
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(Buffer.concat(chunks)));
      req.on("error", reject);
    });

  const send = (res: ServerResponse, status: number, body: string, type = "application/json") => {
    res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
    res.end(body);
  };

  const { authorizationServerMetadata } = await import(
    "../../server/features/auth/authorization-server-metadata"
  );
  const server = createServer(async (req, res) => {
    try {
      if (req.method === "GET" && req.url === FLOOR_PATH) {
        res.setHeader("cache-control", "public, max-age=300");
        return send(res, 200, JSON.stringify(authorizationServerMetadata()));
      }
      const isPreview = req.url === "/partner/order/preview";
      if (req.method !== "POST" || (!isPreview && req.url !== "/partner/order")) return send(res, 404, "{}");
      const raw = await readBody(req);
      if (mode === "route") {
        const request = new Request(`http://${HOST}:${port}${req.url}`, {
          method: "POST",
          headers: req.headers as Record<string, string>,
          body: new Uint8Array(raw),
        });
        const response = await (isPreview ? previewRoute.POST : submitRoute.POST)(request);
        const text = await response.text();
        return send(res, response.status, text, response.headers.get("content-type") ?? "application/json");
      }
      const body = JSON.parse(raw.toString("utf8")) as unknown;
      const scope =
        mode === "gate"
          ? await authenticatePartner(
              db(),
              new Request(`http://${HOST}/`, { headers: { authorization: req.headers.authorization ?? "" } }),
              isPreview ? "orders:preview" : "orders:write",
            )
          : isPreview
            ? scopes.preview
            : scopes.submit;
      if (isPreview) return send(res, 200, JSON.stringify(await previewOrder(db(), scope, body)));
      const { order } = await submitOrder(db(), scope, body, { idempotencyKey: null });
      return send(res, 201, JSON.stringify(order));
    } catch (error) {
      const { response } = errorToProblem(error, req.url ?? "");
      return send(res, response.status, await response.text(), "application/problem+json");
    }
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, HOST, () => process.stdout.write(`ready ${token}\n`));
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

// ---------------------------------------------------------------- parent: setup and load

type AutocannonResult = {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  "2xx": number;
  statusCodeStats?: Record<string, { count: number }>;
};
type AutocannonRequest = { method: string; path: string; headers: Record<string, string>; body?: string };
type AutocannonOptions = {
  url: string;
  connections: number;
  duration: number;
  requests: (AutocannonRequest & { setupRequest?: (req: AutocannonRequest) => AutocannonRequest })[];
};
const autocannon = createRequire(import.meta.url)("autocannon") as (
  options: AutocannonOptions,
) => Promise<AutocannonResult>;

type Figures = {
  target: string;
  operation: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  /** Answers by HTTP status, to tell what the non-2xx were. */
  statuses: Record<string, number>;
  /** Connection errors and timeouts (autocannon gives up on a request after 10 s). */
  errors: number;
  /** Server CPU time per request (all its processes): what throughput costs, whatever else runs on the machine. */
  serverCpuMsPerRequest: number | null;
  /** Next targets only: the server's own view of the run (its handlers, event loop and GC). */
  server?: ServerDiagnosis;
};

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU milliseconds used so far by every process of a process group (Linux /proc; null elsewhere). */
function groupCpuMs(pgid: number): number | null {
  try {
    let ticks = 0;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue; // exited meanwhile
      }
      // Fields after the command name (which may contain spaces) start at index 3 (state).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      ticks += Number(fields[11]) + Number(fields[12]); // utime + stime
    }
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

const log = (line: string) => {
  if (!args.json) process.stdout.write(`${line}\n`);
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

const children = new Set<ChildProcess>();

/** Starts a child in its own process group, so stopping it also stops anything it started. */
function start(
  command: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  ready: (line: string) => boolean,
  onReady?: (line: string) => void,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let output = "";
    const timer = setTimeout(
      () => reject(new Error(`${command} ${argv.join(" ")} did not start in 60 s:\n${output}`)),
      60_000,
    );
    const onData = (data: Buffer) => {
      output += data.toString();
      const line = output.split("\n").find(ready);
      if (line !== undefined) {
        clearTimeout(timer);
        onReady?.(line);
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (data: Buffer) => {
      output += data.toString();
    });
    child.once("exit", (code) => {
      children.delete(child);
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before it was ready:\n${output}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const killer = setTimeout(() => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }, 5000);
  await exited;
  clearTimeout(killer);
  children.delete(child);
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url}/api/health did not answer 200 within 60 s`);
}

async function load(
  target: string,
  url: string,
  token: string,
  operation: Operation,
  duration: number,
  run: string,
  serverPgid: number,
): Promise<Figures> {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  let n = 0;
  const request =
    operation === "floor"
      ? { method: "GET", path: FLOOR_PATH, headers: {} }
      : operation === "preview"
        ? {
            method: "POST",
            path: "/partner/order/preview",
            headers,
            body: JSON.stringify(benchOrderBody(0, `${run}-preview`)),
          }
        : {
            method: "POST",
            path: "/partner/order",
            headers,
            // A new order each time: a new external_id and a new customer.
            setupRequest: (req: AutocannonRequest) => ({
              ...req,
              body: JSON.stringify(benchOrderBody(n++, run)),
            }),
          };
  const cpuBefore = groupCpuMs(serverPgid);
  const result = await autocannon({
    url,
    connections: positive("connections"),
    duration,
    requests: [request],
  });
  const cpuAfter = groupCpuMs(serverPgid);
  const cpu =
    cpuBefore !== null && cpuAfter !== null && result.requests.total > 0
      ? (cpuAfter - cpuBefore) / result.requests.total
      : null;
  return {
    target,
    operation,
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    statuses: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [status, count]),
    ),
    errors: result.errors + result.timeouts,
    serverCpuMsPerRequest: cpu === null ? null : Math.round(cpu * 100) / 100,
  };
}

async function measure(
  target: string,
  url: string,
  token: string,
  duration: number,
  server: ChildProcess,
  metricsToken?: string,
  floorDuration?: number,
): Promise<Figures[]> {
  const pgid = server.pid ?? -1;
  const run = `${target.replace(/\W+/g, "")}${randomBytes(3).toString("hex")}`;
  const warmup = positive("warmup");
  log(
    `  ${target}: warm-up ${warmup} s, then preview and submit ${duration} s each at ${positive("connections")} connections`,
  );
  await load(target, url, token, "preview", warmup, `${run}-warm`, pgid);
  await load(target, url, token, "submit", warmup, `${run}-warm`, pgid);
  // With a metrics token (the Next servers), the server's metrics are scraped around each run.
  const measured = async (operation: "preview" | "submit", route: string) => {
    const before = metricsToken ? await scrapeMetrics(url, metricsToken) : null;
    const figures = await load(target, url, token, operation, duration, run, pgid);
    if (!before || !metricsToken) return figures;
    return { ...figures, server: diagnose(before, await scrapeMetrics(url, metricsToken), route) };
  };
  const preview = await measured("preview", "/partner/order/preview");
  const submit = await measured("submit", "/partner/order");
  for (const f of [preview, submit]) {
    if (f.non2xx > 0 || f.errors > 0) {
      log(
        `  note: ${target} ${f.operation}: answers by status ${JSON.stringify(f.statuses)}, ${f.errors} connection errors/timeouts`,
      );
    }
  }
  if (floorDuration === undefined) return [preview, submit];
  await load(target, url, token, "floor", warmup, `${run}-warm`, pgid);
  return [preview, submit, await load(target, url, token, "floor", floorDuration, run, pgid)];
}

/**
 * Next's own cost a request, from the floor (the same constant JSON answered by Next and by the bare
 * server), and what it leaves of the ratio: with the work of the bare server (B CPU ms) plus Next's
 * own (E), a CPU-bound server keeps at most B / (B + E) of the bare throughput. An estimate: it
 * ignores what the app's frame (gate, rate limit, log) adds, so the real ratio is lower.
 */
function nextFloor(find: (target: string, operation: string) => Figures | undefined) {
  const nextCpu = find("next start", "floor")?.serverCpuMsPerRequest;
  const bareCpu = find("bare node:http", "floor")?.serverCpuMsPerRequest;
  if (nextCpu == null || bareCpu == null) return undefined;
  const extra = Math.max(nextCpu - bareCpu, 0);
  const bound = (operation: string) => {
    const work = find("bare node:http", operation)?.serverCpuMsPerRequest;
    return work == null ? null : Math.round((work / (work + extra)) * 100) / 100;
  };
  return {
    path: FLOOR_PATH,
    nextCpuMs: nextCpu,
    bareCpuMs: bareCpu,
    extraCpuMs: Math.round(extra * 100) / 100,
    ratioBound: { preview: bound("preview"), submit: bound("submit") },
  };
}

/**
 * A fixed CPU task (JSON round trips of an order body), in operations per second: the same on an
 * idle machine from run to run, lower when other processes compete for the cores. Printed with
 * the results so runs on a busy machine can be told apart.
 */
function cpuCalibration(): number {
  const body = benchOrderBody(1, "calibration");
  let ops = 0;
  const end = performance.now() + 500;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) JSON.parse(JSON.stringify(body));
    ops += 100;
  }
  return ops * 2;
}

/**
 * The caller's environment without OTLP endpoints: a server measured "without telemetry" must
 * not inherit one from the shell (the other OTEL_* settings pass through to the server with it).
 */
function withoutOtlpEndpoints(source: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const {
    OTEL_EXPORTER_OTLP_ENDPOINT: _all,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: _traces,
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: _metrics,
    ...rest
  } = source;
  return rest;
}

/** A migrated database with the demo data (its API client is the one the load uses). */
async function freshSeededDatabase(databaseUrl: string): Promise<void> {
  const { migrateDatabase } = await import("../prisma/deploy");
  const { createDbClient } = await import("../../server/infra/db/client");
  const { resolveDatabaseTarget } = await import("../../server/infra/db/target");
  const { dataDirOf } = await import("../../server/infra/env/paths");
  const { seedDemo } = await import("../../server/features/seed/seed-demo");
  await migrateDatabase(databaseUrl);
  const setupDb = createDbClient(resolveDatabaseTarget(databaseUrl, dataDirOf(process.env)));
  await seedDemo(setupDb);
  await setupDb.$disconnect();
}

async function demoToken(appUrl: string): Promise<string> {
  const answer = await fetch(`${appUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: DEMO_CLIENT.id,
      client_secret: DEMO_CLIENT.secret,
    }),
  });
  if (answer.status !== 200) throw new Error(`token request failed: ${answer.status} ${await answer.text()}`);
  return ((await answer.json()) as { access_token: string }).access_token;
}

async function main() {
  const work = mkdtempSync(path.join(os.tmpdir(), "bench-api-"));
  let sink: OtlpSink | undefined;
  const databases: BenchDb[] = [];
  const cleanup = async () => {
    await Promise.all([...children].map(stop));
    await sink?.close();
    await Promise.all(databases.map((d) => d.cleanup()));
    rmSync(work, { recursive: true, force: true });
  };
  const serverUrl = args["database-url"];
  if (serverUrl !== undefined && !/^postgres(ql)?:\/\//.test(serverUrl)) {
    process.stderr.write("--database-url must be a postgresql:// server URL\n");
    process.exit(2);
  }
  /** A fresh database for one server: an embedded file in the work folder, or a PostgreSQL one. */
  const databaseFor = async (name: string): Promise<string> => {
    if (serverUrl === undefined) return `file:${path.join(work, `${name}.db`)}`;
    const database = await freshDatabase(`bench_api_${name.replace(/-/g, "_")}`, serverUrl);
    databases.push(database);
    return database.url;
  };
  const interrupted = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    const nextBin = path.join(root, "node_modules/next/dist/bin/next");
    if (args.build || !existsSync(path.join(root, ".next/BUILD_ID"))) {
      log("Building the production bundle (next build) ...");
      const build = await new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [nextBin, "build"], {
          cwd: root,
          stdio: args.json ? "ignore" : "inherit",
          env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
        });
        child.once("exit", resolve);
      });
      if (build !== 0) throw new Error("next build failed");
    }

    const { generateSigningJwk } = await import("../../server/features/auth/signing-keys");
    const signingKeys = JSON.stringify({ keys: [await generateSigningJwk()] });
    const authSecret = randomBytes(32).toString("base64url");
    /** The environment of a server on `databaseUrl` (Next or bare), answering at `appUrl`. */
    const serverEnv = (databaseUrl: string, appUrl: string): NodeJS.ProcessEnv => ({
      ...withoutOtlpEndpoints(process.env),
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      PORTAL_DATA_DIR: path.join(work, "data"),
      APP_URL: appUrl,
      AUTH_SECRET: authSecret,
      OAUTH_SIGNING_KEYS: signingKeys,
      RATE_LIMIT_PER_MINUTE: "1000000",
      RATE_LIMIT_BURST: "1000000",
      LOG_LEVEL: "warn",
      METRICS_TOKEN,
      ...(args["pool-size"] ? { DATABASE_POOL_SIZE: String(positive("pool-size")) } : {}),
    });

    const nextTargets: { target: string; extraEnv: Record<string, string> }[] = [
      { target: "next start", extraEnv: {} },
    ];
    if (args.telemetry) {
      sink = await startOtlpSink(HOST);
      nextTargets.push({
        target: "next start + OTLP",
        extraEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_SERVICE_NAME: "bench-api" },
      });
    }

    const calibrationBefore = cpuCalibration();
    const loadBefore = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
    const duration = positive("duration");
    const results: Figures[] = [];
    let token = "";
    let env: NodeJS.ProcessEnv = process.env;
    const rounds = args.telemetry ? positive("rounds") : 1;
    const runs = Array.from({ length: rounds }, (_, round) =>
      round % 2 === 0 ? nextTargets : [...nextTargets].reverse(),
    ).flat();
    for (const [i, { target, extraEnv }] of runs.entries()) {
      // Each server gets a fresh database: the submits of one would slow the next one down.
      const databaseUrl = await databaseFor(`bench-${i}`);
      log(`Setting up a fresh database ${serverUrl === undefined ? databaseUrl : "on PostgreSQL"} ...`);
      await freshSeededDatabase(databaseUrl);
      const port = await freePort();
      const appUrl = `http://${HOST}:${port}`;
      if (i === 0) env = serverEnv(databaseUrl, appUrl);
      log(`Starting ${target} on ${appUrl} ...`);
      const next = await start(
        process.execPath,
        [nextBin, "start", "-p", String(port), "-H", HOST],
        { ...serverEnv(databaseUrl, appUrl), ...extraEnv },
        (line) => /Ready|ready/.test(line),
      );
      await waitForHealth(appUrl);
      token = await demoToken(appUrl);
      if (i === 0) log("Measuring:");
      // The floor is measured on the Next server and the bare ceiling (not with --telemetry).
      const floor = args.telemetry ? undefined : positive("diagnostic-duration");
      results.push(...(await measure(target, appUrl, token, duration, next, METRICS_TOKEN, floor)));
      await stop(next);
    }
    const tsx = path.join(root, "node_modules/.bin/tsx");
    // With --telemetry the question is Next with and without it; the bare servers answer another.
    const modes: Mode[] = args.telemetry ? [] : args["no-diagnostics"] ? ["service"] : MODES;
    for (const [m, mode] of modes.entries()) {
      // A fresh database, as each Next run has: on the first run's, the bare servers would run on
      // all the orders the runs before them wrote.
      const databaseUrl = await databaseFor(`bench-bare-${m}`);
      await freshSeededDatabase(databaseUrl);
      const barePort = await freePort();
      let bareToken = "";
      const bare = await start(
        tsx,
        [path.join(root, "scripts/bench/api.ts"), "--serve", mode, "--port", String(barePort)],
        { ...env, DATABASE_URL: databaseUrl },
        (line) => line.startsWith("ready "),
        (line) => {
          bareToken = line.slice("ready ".length).trim();
        },
      );
      const target = mode === "service" ? "bare node:http" : `node:http + ${mode}`;
      results.push(
        ...(await measure(
          target,
          `http://${HOST}:${barePort}`,
          bareToken,
          mode === "service" ? duration : positive("diagnostic-duration"),
          bare,
          undefined,
          mode === "service" ? positive("diagnostic-duration") : undefined,
        )),
      );
      await stop(bare);
    }

    /** The figures of a target and operation (the mean of its rounds, with --rounds). */
    const find = (target: string, operation: string): Figures | undefined => {
      const all = results.filter((r) => r.target === target && r.operation === operation);
      const first = all[0];
      if (all.length <= 1 || !first) return first;
      const mean = (pick: (f: Figures) => number) => all.reduce((sum, f) => sum + pick(f), 0) / all.length;
      const cpu = all.every((f) => f.serverCpuMsPerRequest !== null)
        ? Math.round(mean((f) => f.serverCpuMsPerRequest ?? 0) * 100) / 100
        : null;
      return { ...first, reqPerSec: Math.round(mean((f) => f.reqPerSec)), serverCpuMsPerRequest: cpu };
    };
    const ratio = (operation: string) => {
      const through = find("next start", operation);
      const ceiling = find("bare node:http", operation);
      return through && ceiling ? Math.round((through.reqPerSec / ceiling.reqPerSec) * 100) / 100 : null;
    };
    const floor = nextFloor(find);
    const nextPreview = find("next start", "preview");
    const nextSubmit = find("next start", "submit");
    const aim = {
      previewReqPerSec: { target: 1000, met: (nextPreview?.reqPerSec ?? 0) >= 1000 },
      submitReqPerSec: { target: 300, met: (nextSubmit?.reqPerSec ?? 0) >= 300 },
      p99Ms: {
        target: 100,
        met: (nextPreview?.p99Ms ?? Infinity) < 100 && (nextSubmit?.p99Ms ?? Infinity) < 100,
      },
      ratioToBare: {
        target: RATIO_AIM,
        preview: ratio("preview"),
        submit: ratio("submit"),
        met: (ratio("preview") ?? 0) >= RATIO_AIM && (ratio("submit") ?? 0) >= RATIO_AIM,
      },
      submitTail: {
        target: TAIL_AIM,
        p99OverP50: nextSubmit
          ? Math.round((nextSubmit.p99Ms / Math.max(nextSubmit.p50Ms, 1)) * 10) / 10
          : null,
        met: nextSubmit ? nextSubmit.p99Ms <= TAIL_AIM * nextSubmit.p50Ms : false,
      },
    };
    const withOtlp = (operation: string) => {
      const off = find("next start", operation);
      const on = find("next start + OTLP", operation);
      return off && on ? Math.round((on.reqPerSec / off.reqPerSec) * 100) / 100 : null;
    };
    const telemetry = sink
      ? {
          sink: sink.counts(),
          ratioOnToOff: {
            target: 0.9,
            preview: withOtlp("preview"),
            submit: withOtlp("submit"),
            met: (withOtlp("preview") ?? 0) >= 0.9 && (withOtlp("submit") ?? 0) >= 0.9,
          },
        }
      : undefined;
    const summary = {
      node: process.version,
      cpus: os.cpus().length,
      loadAverage1m: { before: loadBefore, after: Math.round((os.loadavg()[0] ?? 0) * 100) / 100 },
      cpuCalibrationOpsPerSec: { before: calibrationBefore, after: cpuCalibration() },
      connections: positive("connections"),
      durationSeconds: duration,
      database: "embedded SQLite (fresh temp file, WAL)",
      workload:
        "new order: 2 lines (plan x5, add-on x2), new customer, builtin provider; submit: unique external_id and email, no Idempotency-Key",
      results,
      aim,
      ...(floor ? { floor } : {}),
      ...(telemetry ? { telemetry } : {}),
    };
    if (args.json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return;
    }
    const pad = (s: string | number, n: number, left = false) =>
      left ? String(s).padEnd(n) : String(s).padStart(n);
    log("");
    log(
      `${pad("server", 22, true)}${pad("operation", 10, true)}${pad("req/s", 8)}${pad("p50 ms", 9)}${pad("p99 ms", 9)}${pad("requests", 10)}${pad("failed", 8)}${pad("server CPU ms/req", 19)}`,
    );
    log("-".repeat(105));
    for (const r of results) {
      log(
        `${pad(r.target, 22, true)}${pad(r.operation, 10, true)}${pad(r.reqPerSec, 8)}${pad(r.p50Ms, 9)}${pad(r.p99Ms, 9)}${pad(r.requests, 10)}${pad(r.non2xx + r.errors, 8)}${pad(r.serverCpuMsPerRequest ?? "-", 19)}`,
      );
    }
    const diagnosed = results.filter((r) => r.server);
    if (diagnosed.length > 0) {
      log("");
      log(
        "Inside the Next server during each run (its /api/metrics; handler figures are histogram bucket bounds):",
      );
      log(
        `${pad("server", 22, true)}${pad("operation", 10, true)}${pad("handler p50", 13)}${pad("handler p99", 13)}${pad("loop delay p50/p99/max ms", 27)}  GC pause ms by kind`,
      );
      for (const r of diagnosed) {
        const d = r.server as ServerDiagnosis;
        const bound = (ms: number | null) => (ms === null ? "-" : Number.isFinite(ms) ? `<=${ms}` : ">10000"); // 10 s: the last bucket
        log(
          `${pad(r.target, 22, true)}${pad(r.operation, 10, true)}${pad(bound(d.handlerP50Ms), 13)}${pad(bound(d.handlerP99Ms), 13)}${pad(`${d.eventLoopDelayP50Ms}/${d.eventLoopDelayP99Ms}/${d.eventLoopDelayMaxMs}`, 27)}  ${JSON.stringify(d.gcMs)}`,
        );
      }
    }
    log("");
    if (telemetry) {
      const { sink: got, ratioOnToOff: r } = telemetry;
      const onRequests = results
        .filter((x) => x.target === "next start + OTLP")
        .reduce((sum, x) => sum + x.requests, 0);
      for (const operation of ["preview", "submit"]) {
        const off = find("next start", operation);
        const on = find("next start + OTLP", operation);
        log(
          `${operation}: ${off?.reqPerSec} req/s without telemetry, ${on?.reqPerSec} with OTLP export${rounds > 1 ? ` (means of ${rounds} rounds)` : ""}; server CPU ${off?.serverCpuMsPerRequest ?? "-"} -> ${on?.serverCpuMsPerRequest ?? "-"} ms/request`,
        );
      }
      log(
        `With OTLP export / without, throughput: preview ${r.preview}, submit ${r.submit} (aim >= 0.9: ${r.met ? "met" : "MISSED"})`,
      );
      log(
        `The OTLP sink received ${got.traceRequests} trace exports (${got.spans} spans, ${(got.bytes / 1024 / 1024).toFixed(1)} MiB in all) and ${got.metricRequests} metric exports, for ${onRequests} measured requests (warm-up included in the spans)`,
      );
    } else {
      if (floor) {
        log(
          `Next's own cost a request (GET ${FLOOR_PATH}, a constant JSON): ${floor.nextCpuMs} CPU ms against ${floor.bareCpuMs} on bare node:http, ${floor.extraCpuMs} ms more; at that cost the most Next could keep of the bare ceiling is about preview ${floor.ratioBound.preview}, submit ${floor.ratioBound.submit}`,
        );
      }
      log(
        `Next / bare node:http throughput: preview ${aim.ratioToBare.preview}, submit ${aim.ratioToBare.submit} (aim >= ${RATIO_AIM}: ${aim.ratioToBare.met ? "met" : "MISSED"})`,
      );
      log(
        `Next submit p99 / p50: ${aim.submitTail.p99OverP50} (aim <= ${TAIL_AIM}: ${aim.submitTail.met ? "met" : "MISSED"})`,
      );
    }
    log(
      `preview >= 1,000 req/s: ${aim.previewReqPerSec.met ? "met" : "MISSED"}; submit >= 300 req/s: ${aim.submitReqPerSec.met ? "met" : "MISSED"}; p99 < 100 ms: ${aim.p99Ms.met ? "met" : "MISSED"}`,
    );
    log(
      `node ${process.version}, ${summary.cpus} CPUs; 1-minute load average ${summary.loadAverage1m.before} before, ${summary.loadAverage1m.after} after; CPU calibration ${summary.cpuCalibrationOpsPerSec.before} / ${summary.cpuCalibrationOpsPerSec.after} ops/s before/after (lower = other processes compete for the cores)`,
    );
  } finally {
    await cleanup();
    process.removeListener("SIGINT", interrupted);
    process.removeListener("SIGTERM", interrupted);
  }
}

if (args.serve) {
  const mode = args.serve as Mode;
  if (!MODES.includes(mode)) throw new Error(`--serve must be one of ${MODES.join(", ")}`);
  void serveBare(mode, Number(args.port));
} else {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `bench:api failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
