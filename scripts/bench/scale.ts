// `npm run bench:scale -- --orders N [--database-url postgresql://...] [--repeat R] [--json]`
//
// How the partner-facing reads and writes cost as data grows. Fills a fresh database (an embedded
// SQLite file in a temp folder, or a temporary database on the PostgreSQL server named by
// --database-url or DATABASE_URL) with the demo data and N generated orders (a base of at most
// 20,000 written by scale-data.ts, then copied in SQL by scale-multiply.ts up to N), then
// times, in this process, the use cases the portal and the REST API call: submit; the first and a
// deep cursor page of the order list; each list filter; search by reference, email and name, and a
// search that matches nothing; the order page; the dashboard and its charts; the customer and subscription lists;
// and the CSV export (time to the first row, total time, bytes, and how much RSS grew, in a process
// of its own: export-memory.ts). Each timing is R runs after five unmeasured warm-up runs; p50 and p95 in ms.
// With --json it prints one object: {"orders": N, "timings": {name: {p50_ms, p95_ms}}, "export": {...}}.
// Run it at 10,000, 100,000 and 1,000,000 orders to see which reads grow with the data.
import { spawn } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { makePartnerScope, type PartnerScope } from "../../server/features/auth/partner-scope";
import { listCustomers } from "../../server/features/customers/customer-service";
import { dashboardSummary } from "../../server/features/dashboard/dashboard-summary";
import { rebuildSalesSummaries } from "../../server/features/dashboard/rebuild-sales-summaries";
import { salesInsight } from "../../server/features/dashboard/sales-insight";
import { getOrder } from "../../server/features/orders/get-order";
import { listOrders } from "../../server/features/orders/list-orders";
import { submitOrder } from "../../server/features/orders/submit-order";
import { seedDemo } from "../../server/features/seed/seed-demo";
import { listSubscriptions } from "../../server/features/subscriptions/subscription-service";
import { createDbClient, type Db, refreshPlannerStatistics } from "../../server/infra/db/client";
import { encodeOrderCursor } from "../../server/infra/db/keyset-paging";
import { resolveDatabaseTarget } from "../../server/infra/db/target";
import { dataDirOf } from "../../server/infra/env/paths";
import { migrateDatabase } from "../prisma/deploy";
import { explainStatement, StatementCapture, type StatementPlan, shortSql } from "./explain-plans";
import type { ExportFigures } from "./export-memory";
import { freshDatabase } from "./fresh-database";
import { benchOrderBody } from "./order-body";
import { fillOrders } from "./scale-multiply";
import { storageSize } from "./storage-size";

const root = path.resolve(import.meta.dirname, "../..");

const { values: args } = parseArgs({
  options: {
    orders: { type: "string", default: "10000" },
    repeat: { type: "string", default: "15" },
    "database-url": { type: "string" },
    json: { type: "boolean", default: false },
    // Leaves the filled database behind (its URL is printed), to look at query plans afterwards.
    keep: { type: "boolean", default: false },
    // Prints the query plan of every statement each read sends, flagging whole-table scans.
    explain: { type: "boolean", default: false },
  },
  strict: true,
});

function positive(name: "orders" | "repeat"): number {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`--${name} must be a positive whole number\n`);
    process.exit(2);
  }
  return n;
}
const ORDERS = positive("orders");
const REPEAT = positive("repeat");
const say = (line: string) => {
  // Progress goes to stderr with --json, so stdout stays one JSON object.
  (args.json ? process.stderr : process.stdout).write(`${line}\n`);
};

type Timing = { p50_ms: number; p95_ms: number };

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[index] ?? 0) * 100) / 100;
}

/**
 * Unmeasured runs before each timing. One was not enough at a million orders: the read that came
 * first measured 3.4-4.8 ms (p50 of 40) where the same read, run later in the process, took
 * 1.1-1.4 ms; what a partner meets is a server that has been answering for a while.
 */
const WARMUP = 5;

async function time(run: (i: number) => Promise<unknown>): Promise<Timing> {
  for (let i = 1; i <= WARMUP; i++) await run(-i);
  const samples: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50_ms: percentile(samples, 50), p95_ms: percentile(samples, 95) };
}

async function scopeOf(db: Db, email: string): Promise<PartnerScope> {
  const user = await db.staffUser.findUniqueOrThrow({
    where: { email },
    select: { id: true, partnerId: true, role: true, email: true },
  });
  return makePartnerScope(user.partnerId, {
    kind: "user",
    userId: user.id,
    role: user.role,
    email: user.email,
  });
}

/** A generated order near the middle of the partner's history, and its customer: what searches look for. */
async function middleOrder(db: Db, scope: PartnerScope) {
  const total = await db.order.count({ where: { partnerId: scope.partnerId } });
  return db.order.findFirstOrThrow({
    where: { partnerId: scope.partnerId, externalId: { startsWith: "scale-" } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: Math.floor(total / 2),
    select: {
      id: true,
      reference: true,
      createdAt: true,
      customer: { select: { email: true, lastName: true } },
    },
  });
}

/**
 * The CSV export of the partner of `email`, run in a process of its own (export-memory.ts says
 * why: RSS depends on what the process did before).
 */
async function timeExport(databaseUrl: string, email: string): Promise<ExportFigures> {
  const tsx = path.join(root, "node_modules/.bin/tsx");
  const child = spawn(
    tsx,
    ["--conditions=react-server", path.join(root, "scripts/bench/export-memory.ts"), databaseUrl, email],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    out += text;
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const line = out.trim().split("\n").at(-1);
  if (code !== 0 || !line) throw new Error(`the export run failed (exit ${code})`);
  return JSON.parse(line) as ExportFigures;
}

const capture = new StatementCapture();

async function main() {
  const database = await freshDatabase("bench_scale", args["database-url"]);
  let db: Db | undefined;
  try {
    say(`Setting up ${database.display} ...`);
    await migrateDatabase(database.url);
    db = createDbClient(
      resolveDatabaseTarget(database.url, dataDirOf(process.env)),
      args.explain ? { onQuery: capture.onQuery } : {},
    );
    await seedDemo(db);
    const acme = await scopeOf(db, "staff@acme.test");
    const others = await Promise.all(["staff@globex.test"].map((email) => scopeOf(db as Db, email)));

    // Generating writes index entries at random keys (random ids), in the base and in its copies:
    // with SQLite's 2 MB page cache most of them miss; 1 GB made 50,000 orders (written row by row
    // from JavaScript) 122 s instead of 166 s. Reset before the timings.
    if (database.kind === "sqlite") await db.$executeRawUnsafe("PRAGMA cache_size = -1048576");
    say(`Generating ${ORDERS.toLocaleString("en")} orders ...`);
    let shown = 0;
    const started = performance.now();
    const generated = await fillOrders(db, [acme, ...others], ORDERS, (written) => {
      if (written - shown >= Math.max(ORDERS / 20, 1000) || written === ORDERS) {
        shown = written;
        say(
          `  ${written.toLocaleString("en")} / ${ORDERS.toLocaleString("en")} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
        );
      }
    });
    say(
      `  ${generated.orders} orders (${generated.copies} copies of ${generated.base}), ${generated.customers} customers, ${generated.subscriptions} subscriptions in ${generated.seconds.toFixed(1)} s (the base in ${generated.baseSeconds.toFixed(1)} s)`,
    );
    // The generator writes rows in bulk, beside the app's write path: the dashboard's summaries
    // are computed from them afterwards, as an operator would after a bulk import.
    const summaries = await rebuildSalesSummaries(db);
    if (database.kind === "sqlite") await db.$executeRawUnsafe("PRAGMA cache_size = -2000");
    // What the server's hourly purge does after writes: the planner learns the data's shape.
    await refreshPlannerStatistics(db);
    // PostgreSQL's autovacuum would analyze the new tables only later, in the background: a bulk
    // import is followed by ANALYZE, else the first timings plan with empty-table statistics.
    if (database.kind === "postgresql") await db.$executeRawUnsafe("ANALYZE");
    say(
      `  sales summaries rebuilt: ${summaries.orderDays} order-day rows in ${summaries.seconds.toFixed(1)} s`,
    );

    const storage = await storageSize(db, database.kind, ORDERS);
    say(
      `  storage: ${storage.database_mb} MB, ${storage.bytes_per_order} bytes an order (its stored pricing ${storage.pricing_bytes_per_order})`,
    );

    const live = db;
    const middle = await middleOrder(live, acme);
    const deepCursor = encodeOrderCursor({ createdAt: middle.createdAt, id: middle.id });
    const list = (query: Parameters<typeof listOrders>[2]) => () => listOrders(live, acme, query);
    const checks: [string, (i: number) => Promise<unknown>][] = [
      [
        "submit",
        (i) =>
          submitOrder(live, acme, benchOrderBody(i, `scale-submit-${ORDERS}`), {
            idempotencyKey: `scale-submit-${ORDERS}-${i}`,
          }),
      ],
      ["orders.first_page", list({ limit: 20 })],
      ["orders.deep_page", list({ limit: 20, cursor: deepCursor })],
      ["orders.status_failed", list({ status: "failed" })],
      ["orders.status_submitted", list({ status: "submitted" })],
      ["orders.type_cancel", list({ order_type: "cancel" })],
      ["orders.type_new", list({ order_type: "new" })],
      [
        "orders.created_last_30_days",
        list({ created_from: new Date(Date.now() - 30 * 864e5).toISOString() }),
      ],
      ["orders.search_reference", list({ q: middle.reference })],
      ["orders.search_email", list({ q: middle.customer.email })],
      ["orders.search_name", list({ q: middle.customer.lastName })],
      ["orders.search_no_match", list({ q: "no-such-order-anywhere" })],
      ["order.detail", () => getOrder(live, acme, middle.id)],
      ["dashboard", () => dashboardSummary(live, acme)],
      ["dashboard.chart_30_days", () => salesInsight(live, acme, { period: "30d", grain: "day" })],
      ["dashboard.chart_12_months", () => salesInsight(live, acme, { period: "12m", grain: "month" })],
      ["customers.first_page", () => listCustomers(live, acme, {})],
      ["customers.search_name", () => listCustomers(live, acme, { q: middle.customer.lastName })],
      // Part of an email: a substring, not a prefix, so no ordinary index could answer it.
      [
        "customers.search_email_part",
        () => listCustomers(live, acme, { q: middle.customer.email.slice(2, -6) }),
      ],
      // Every generated customer's email has it: the index gives way to the newest-first read.
      ["customers.search_common", () => listCustomers(live, acme, { q: "example" })],
      ["customers.search_no_match", () => listCustomers(live, acme, { q: "no-such-customer" })],
      ["subscriptions.first_page", () => listSubscriptions(live, acme, {})],
    ];
    const timings: Record<string, Timing> = {};
    for (const [name, run] of checks) {
      timings[name] = await time(run);
      say(
        `  ${name.padEnd(28)} p50 ${String(timings[name].p50_ms).padStart(9)} ms   p95 ${timings[name].p95_ms} ms`,
      );
    }
    const plans: Record<string, StatementPlan[]> = {};
    if (args.explain) {
      say("Query plans (statements of one run of each read; ! marks a whole-table scan):");
      for (const [name, run] of checks) {
        if (name === "submit") continue;
        const sent = await capture.during(() => run(REPEAT));
        plans[name] = [];
        for (const statement of sent)
          plans[name].push(await explainStatement(live, database.kind, statement));
        say(`  ${name}`);
        for (const plan of plans[name]) {
          say(`    ${plan.fullScans.length > 0 ? "!" : " "} ${shortSql(plan.sql)}`);
          for (const line of plan.plan) say(`        ${line}`);
        }
      }
    }
    say("Exporting the orders as CSV ...");
    const exported = await timeExport(database.url, "staff@acme.test");
    say(
      `  ${exported.rows} rows, ${(exported.bytes / 1e6).toFixed(1)} MB in ${exported.seconds} s (first row after ${exported.first_row_ms} ms), RSS +${exported.rss_growth_mb} MB in a fresh process (young generation ${exported.young_generation_mb} MB), +${exported.rss_growth_second_half_mb} MB over the second half of the rows, +${exported.rss_growth_again_mb} MB exporting again in the same process`,
    );
    if (args.json) {
      process.stdout.write(
        `${JSON.stringify({ orders: ORDERS, database: database.kind, generate_seconds: Math.round(generated.seconds * 10) / 10, timings, export: exported, storage, ...(args.explain ? { plans } : {}) })}\n`,
      );
    }
  } finally {
    await db?.$disconnect();
    if (args.keep) say(`Kept the database: ${database.url}`);
    else await database.cleanup();
  }
}

main().catch((error) => {
  process.stderr.write(
    `bench:scale failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
