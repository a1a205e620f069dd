// `npm run bench:jobs [-- --json] [-- --backlog N --rate N --seconds N --concurrency N]`
//
// Times orders processed later (process_immediately false) with the builtin provider, in-process,
// on a fresh database: an embedded SQLite file in a temp folder, or, when DATABASE_URL is a
// postgresql:// server URL, a temporary database on that server (created, migrated, seeded,
// dropped). Two figures:
//   1. throughput: a backlog of N submitted orders, then one worker drains it: jobs per second;
//   2. latency: orders submitted at a steady rate while the worker runs (woken by each submit, as
//      in the web server), with a webhook endpoint listening for order.completed on a receiver on
//      127.0.0.1: from the start of each submit to the moment the order is complete (its
//      processedAt), and to the moment the receiver got its signed order.completed, p50/p95/p99.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { migrateDatabase } from "../prisma/deploy";
import { freshDatabase } from "./fresh-database";
import { benchOrderBody } from "./order-body";

const { values: args } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    backlog: { type: "string", default: "500" },
    rate: { type: "string", default: "20" },
    seconds: { type: "string", default: "15" },
    concurrency: { type: "string", default: "4" },
  },
  strict: true,
});
const count = (name: "backlog" | "rate" | "seconds" | "concurrency") => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`--${name} must be a positive whole number\n`);
    process.exit(2);
  }
  return n;
};
const N = {
  backlog: count("backlog"),
  rate: count("rate"),
  seconds: count("seconds"),
  concurrency: count("concurrency"),
};
const say = (line: string) => {
  if (!args.json) process.stdout.write(`${line}\n`);
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted.at(-1) ?? Number.NaN),
  };
};
const line = (l: ReturnType<typeof summary>) =>
  `p50 ${l.p50_ms} ms, p95 ${l.p95_ms} ms, p99 ${l.p99_ms} ms, max ${l.max_ms} ms`;

/** A partner's receiver: when each order's order.completed arrived. */
async function startReceiver() {
  const arrived = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const message = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        type: string;
        data: { id: string };
      };
      if (message.type === "order.completed") arrived.set(message.data.id, Date.now());
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { arrived, url: `http://127.0.0.1:${port}/hook`, close: () => new Promise((r) => server.close(r)) };
}

async function main() {
  const target = await freshDatabase("bench_jobs");
  // The server modules read DATABASE_URL when first used: point them at the fresh database.
  process.env.DATABASE_URL = target.url;
  process.env.LOG_LEVEL = "error";
  // The receiver listens on loopback, which partner URLs may reach only when allowed.
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  const receiver = await startReceiver();
  try {
    say(`== ${target.kind}: migrating and seeding a fresh database`);
    await migrateDatabase(target.url);
    const { db } = await import("../../server/infra/db/db");
    const { seedDemo } = await import("../../server/features/seed/seed-demo");
    const { makePartnerScope } = await import("../../server/features/auth/partner-scope");
    const { submitOrder } = await import("../../server/features/orders/submit-order");
    const { startProcessWorker, stopProcessWorker } = await import(
      "../../server/transport/worker/job-runtime"
    );
    await seedDemo(db());
    const client = await db().apiClient.findFirstOrThrow({
      where: { clientId: "demo-acme-erp" },
      select: { id: true, clientId: true, partnerId: true },
    });
    const scope = makePartnerScope(client.partnerId, {
      kind: "api_client",
      apiClientId: client.id,
      clientId: client.clientId,
      scopes: ["orders:write"],
    });
    const run = randomBytes(3).toString("hex");
    const later = (n: number, phase: string) => ({
      ...benchOrderBody(n, `${run}-${phase}`),
      process_immediately: false,
    });

    // 1. Throughput: a backlog, then one worker drains it.
    say(`== throughput: ${N.backlog} orders waiting, one worker with ${N.concurrency} at a time`);
    for (let i = 0; i < N.backlog; i++) await submitOrder(db(), scope, later(i, "backlog"));
    const drainStart = performance.now();
    const worker = startProcessWorker(N.concurrency);
    if (!worker) throw new Error("no worker");
    await worker.drain();
    const drainMs = performance.now() - drainStart;
    const complete = await db().order.count({
      where: { status: "complete", externalId: { startsWith: `bench-${run}-backlog` } },
    });
    if (complete !== N.backlog) throw new Error(`only ${complete} of ${N.backlog} orders completed`);
    const jobsPerSecond = Math.round((N.backlog / drainMs) * 1000);
    say(`   ${jobsPerSecond} jobs/s (${N.backlog} in ${Math.round(drainMs)} ms)`);

    // 2. Latency at a steady rate, the worker woken by each submit, a partner listening.
    const { registerWebhookEndpoint } = await import(
      "../../server/features/webhooks/webhook-endpoint-service"
    );
    await registerWebhookEndpoint(db(), scope, { url: receiver.url, events: ["order.completed"] });
    const total = N.rate * N.seconds;
    say(
      `== latency: ${N.rate} orders/s for ${N.seconds} s, submit start to order complete and to its webhook received`,
    );
    const started = new Map<string, number>();
    const gapMs = 1000 / N.rate;
    const t0 = Date.now();
    const submits: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + i * gapMs;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const at = Date.now();
      submits.push(
        submitOrder(db(), scope, later(i, "rate")).then(({ order }) => {
          started.set(order.id, at);
        }),
      );
    }
    await Promise.all(submits);
    const deadline = Date.now() + 60_000;
    let rows: { id: string; processedAt: Date | null }[] = [];
    for (;;) {
      rows = await db().order.findMany({
        where: { id: { in: [...started.keys()] } },
        select: { id: true, processedAt: true, status: true },
      });
      const done = rows.every((r) => r.processedAt !== null) && receiver.arrived.size >= total;
      if (done || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await stopProcessWorker();
    const completedIn = rows
      .filter((r) => r.processedAt)
      .map((r) => (r.processedAt?.getTime() ?? 0) - (started.get(r.id) ?? 0));
    if (completedIn.length !== total)
      throw new Error(`only ${completedIn.length} of ${total} orders completed`);
    const receivedIn = [...started].flatMap(([id, at]) => {
      const arrived = receiver.arrived.get(id);
      return arrived === undefined ? [] : [arrived - at];
    });
    if (receivedIn.length !== total)
      throw new Error(`only ${receivedIn.length} of ${total} webhooks arrived`);
    const latency = summary(completedIn);
    const webhookLatency = summary(receivedIn);
    say(`   complete:         ${line(latency)}`);
    say(`   webhook received: ${line(webhookLatency)}`);
    if (args.json) {
      process.stdout.write(
        `${JSON.stringify({ database: target.kind, node: process.version, jobsPerSecond, backlog: N.backlog, rate: N.rate, orders: total, latency, webhookLatency })}\n`,
      );
    }
    await db().$disconnect();
  } finally {
    await receiver.close();
    await target.cleanup();
  }
}

await main();
