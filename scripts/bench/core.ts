// `npm run bench:core [-- --json] [-- --previews N --submits N --concurrent N --concurrency N --discount CODE|none]`
//
// Times the two core use cases in-process, on a fresh database: previewOrder and submitOrder,
// sequentially and (submit) with many requests in flight. The database is an embedded SQLite file
// in a temp folder, or, when DATABASE_URL is a postgresql:// server URL, a temporary database on
// that server (created, migrated, seeded, dropped). Figures: ops/s and latency percentiles; then a
// profile of where one call's time goes (database statements per call, stage timings).
// The aim on the embedded database: preview p50 < 2 ms, submit p50 < 5 ms.

import os from "node:os";
import { parseArgs } from "node:util";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { orderRequestSchema } from "../../server/domain/order-request-schemas";
import { DEFAULT_TAX_RATES } from "../../server/domain/tax";
import { parseOrThrow } from "../../server/domain/validation";
import { makePartnerScope, type PartnerScope } from "../../server/features/auth/partner-scope";
import { claimIdempotencyKey } from "../../server/features/orders/idempotency";
import { loadOrderContext } from "../../server/features/orders/load-order-context";
import type { OrderDeps } from "../../server/features/orders/order-deps";
import { PREVIEW_SETTINGS_MAX_AGE_MS } from "../../server/features/orders/partner-settings";
import { previewAnswer, previewOrder } from "../../server/features/orders/preview-order";
import { priceOrderRequest } from "../../server/features/orders/price-order-request";
import { providerOrderRequest } from "../../server/features/orders/provider-request";
import { requestHash } from "../../server/features/orders/request-hash";
import { submitOrder } from "../../server/features/orders/submit-order";
import { writeOrder } from "../../server/features/orders/write-order";
import { seedDemo } from "../../server/features/seed/seed-demo";
import { BuiltinBillingProvider } from "../../server/infra/billing/builtin-provider";
import { createDbClient, type Db } from "../../server/infra/db/client";
import { PrismaClient as PostgresPrismaClient } from "../../server/infra/db/generated/postgresql/client";
import { PrismaClient as SqlitePrismaClient } from "../../server/infra/db/generated/sqlite/client";
import { newOrderId } from "../../server/infra/db/ids";
import { serializedSqliteAdapter } from "../../server/infra/db/serialized-sqlite-adapter";
import { resolveDatabaseTarget } from "../../server/infra/db/target";
import { dataDirOf } from "../../server/infra/env/paths";
import { migrateDatabase } from "../prisma/deploy";
import { type BenchDb, freshDatabase } from "./fresh-database";
import { benchOrderBody } from "./order-body";

const { values: args } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    previews: { type: "string", default: "2000" },
    submits: { type: "string", default: "1000" },
    concurrent: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "20" },
    warmup: { type: "string", default: "200" },
    /** The discount code every order uses; "none" for orders without one. */
    discount: { type: "string", default: "WELCOME10" },
  },
  strict: true,
});
const count = (name: keyof typeof args) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`--${name} must be a positive whole number\n`);
    process.exit(2);
  }
  return n;
};
const N = {
  previews: count("previews"),
  submits: count("submits"),
  concurrent: count("concurrent"),
  concurrency: count("concurrency"),
  warmup: count("warmup"),
};
const log = (line: string) => {
  if (!args.json) process.stdout.write(`${line}\n`);
};

// ---------------------------------------------------------------- database

/** Counts the SQL statements the client sends (transaction BEGIN/COMMIT not included). */
function countingFactory(
  base: SqlDriverAdapterFactory,
  counter: { statements: number },
): SqlDriverAdapterFactory {
  const wrap = (adapter: SqlDriverAdapter): SqlDriverAdapter => ({
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (q) => {
      counter.statements++;
      return adapter.queryRaw(q);
    },
    executeRaw: (q) => {
      counter.statements++;
      return adapter.executeRaw(q);
    },
    executeScript: (s) => adapter.executeScript(s),
    dispose: () => adapter.dispose(),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    startTransaction: async (level) => {
      const tx = await adapter.startTransaction(level);
      return {
        provider: tx.provider,
        adapterName: tx.adapterName,
        options: tx.options,
        queryRaw: (q) => {
          if (!/^(COMMIT|ROLLBACK)/i.test(q.sql)) counter.statements++;
          return tx.queryRaw(q);
        },
        executeRaw: (q) => {
          if (!/^(COMMIT|ROLLBACK)/i.test(q.sql)) counter.statements++;
          return tx.executeRaw(q);
        },
        commit: () => tx.commit(),
        rollback: () => tx.rollback(),
      };
    },
  });
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => wrap(await base.connect()),
  };
}

/** The same client as createDbClient, plus a statement counter (for the profile only). */
function countingClient(kind: BenchDb["kind"], url: string, counter: { statements: number }): Db {
  const target = resolveDatabaseTarget(url, dataDirOf(process.env));
  if (target.kind === "postgresql" || kind === "postgresql") {
    const adapter = countingFactory(new PrismaPg({ connectionString: url, max: 5 }), counter);
    return new PostgresPrismaClient({ adapter: adapter as never }) as unknown as Db;
  }
  const adapter = countingFactory(
    serializedSqliteAdapter(new PrismaBetterSqlite3({ url: target.file, timeout: 10_000 })),
    counter,
  );
  return new SqlitePrismaClient({ adapter: adapter as never });
}

// ---------------------------------------------------------------- workload

const deps: OrderDeps = {
  now: () => new Date(),
  taxRates: { ...DEFAULT_TAX_RATES, GB: 2000, DE: 1900 },
  defaultProvider: "builtin",
  provider: (() => {
    const builtin = new BuiltinBillingProvider();
    return () => builtin;
  })(),
};

/** A typical new order: a plan, an add-on and a one-off fee, with a discount code. */
const orderBody = (n: number, run: string) =>
  benchOrderBody(n, run, {
    setupFee: true,
    discountCode: args.discount && args.discount !== "none" ? args.discount : undefined,
  });

type Stats = {
  /** Process CPU time (user + system) per operation: less sensitive to other load on the machine than latency. */
  cpuMsPerOp: number;
  name: string;
  ops: number;
  seconds: number;
  opsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
};

function stats(name: string, latencies: number[], seconds: number, cpu: NodeJS.CpuUsage): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    name,
    cpuMsPerOp: round((cpu.user + cpu.system) / 1000 / latencies.length),
    ops: latencies.length,
    seconds: round(seconds),
    opsPerSec: Math.round(latencies.length / seconds),
    p50Ms: round(at(50)),
    p95Ms: round(at(95)),
    p99Ms: round(at(99)),
    maxMs: round(sorted.at(-1) ?? 0),
  };
}

async function sequential(name: string, n: number, op: (i: number) => Promise<unknown>): Promise<Stats> {
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await op(i);
    latencies.push(performance.now() - t0);
  }
  return stats(name, latencies, (performance.now() - start) / 1000, process.cpuUsage(cpu));
}

async function concurrent(
  name: string,
  n: number,
  workers: number,
  op: (i: number) => Promise<unknown>,
): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t0 = performance.now();
        await op(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return stats(name, latencies, (performance.now() - start) / 1000, process.cpuUsage(cpu));
}

async function acmeScope(db: Db): Promise<PartnerScope> {
  const user = await db.staffUser.findUniqueOrThrow({
    where: { email: "staff@acme.test" },
    select: { id: true, partnerId: true, role: true, email: true },
  });
  return makePartnerScope(user.partnerId, {
    kind: "user",
    userId: user.id,
    role: user.role,
    email: user.email,
  });
}

/** Statements per call and where one preview's time goes, on a client that counts statements. */
async function profile(bench: BenchDb) {
  const counter = { statements: 0 };
  const db = countingClient(bench.kind, bench.url, counter);
  try {
    const scope = await acmeScope(db);
    const body = orderBody(0, "profile-preview");
    await previewOrder(db, scope, body, deps); // warm
    const statementsOf = async (run: () => Promise<unknown>) => {
      const before = counter.statements;
      await run();
      return counter.statements - before;
    };
    const previewStatements = await statementsOf(() => previewOrder(db, scope, body, deps));
    const submitNoKey = await statementsOf(() => submitOrder(db, scope, orderBody(1, "profile"), {}, deps));
    const submitWithKey = await statementsOf(() =>
      submitOrder(db, scope, orderBody(2, "profile"), { idempotencyKey: "profile-2" }, deps),
    );
    const replay = await statementsOf(() =>
      submitOrder(db, scope, orderBody(2, "profile"), { idempotencyKey: "profile-2" }, deps),
    );

    // Stage timings of a preview, averaged over 300 calls.
    const stages = { parse: 0, load: 0, price: 0, provider: 0 };
    const runs = 300;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const request = parseOrThrow(orderRequestSchema, body);
      const t1 = performance.now();
      const ctx = await loadOrderContext(db, scope, request, {
        partnerSettingsMaxAgeMs: PREVIEW_SETTINGS_MAX_AGE_MS,
      });
      const t2 = performance.now();
      const priced = priceOrderRequest(request, ctx, deps.now(), deps.taxRates);
      const t3 = performance.now();
      await previewAnswer(request, ctx, priced, deps);
      const t4 = performance.now();
      stages.parse += t1 - t0;
      stages.load += t2 - t1;
      stages.price += t3 - t2;
      stages.provider += t4 - t3;
    }
    const ms = (x: number) => Math.round((x / runs) * 1000) / 1000;

    // Stage timings of a submit (with an Idempotency-Key), averaged over 150 calls, through the
    // same functions submitOrder calls in the same order.
    const submitStages = { claim: 0, load: 0, price: 0, provider: 0, write: 0 };
    const submitRuns = 150;
    for (let i = 0; i < submitRuns; i++) {
      const raw = orderBody(i, "profile-stages");
      const t0 = performance.now();
      const request = parseOrThrow(orderRequestSchema, raw);
      const claim = await claimIdempotencyKey(db, scope.partnerId, `stages-${i}`, requestHash(raw));
      const t1 = performance.now();
      const ctx = await loadOrderContext(db, scope, request);
      const t2 = performance.now();
      const now = deps.now();
      const priced = priceOrderRequest(request, ctx, now, deps.taxRates);
      const t3 = performance.now();
      const submitted = await deps
        .provider("builtin")
        .submit(providerOrderRequest(request, ctx, priced), `stages-${i}`);
      const t4 = performance.now();
      await writeOrder(db, scope, {
        orderId: newOrderId(),
        request,
        ctx,
        priced,
        submitted,
        providerKind: "builtin",
        idempotencyRecordId: claim.kind === "claimed" ? claim.recordId : null,
        job: null,
        now,
      });
      const t5 = performance.now();
      submitStages.claim += t1 - t0;
      submitStages.load += t2 - t1;
      submitStages.price += t3 - t2;
      submitStages.provider += t4 - t3;
      submitStages.write += t5 - t4;
    }
    const sms = (x: number) => Math.round((x / submitRuns) * 1000) / 1000;
    return {
      submitStagesMs: {
        parseAndClaimKey: sms(submitStages.claim),
        loadContext: sms(submitStages.load),
        priceAndEligibility: sms(submitStages.price),
        provider: sms(submitStages.provider),
        writeTransaction: sms(submitStages.write),
      },
      statementsPerCall: {
        preview: previewStatements,
        submit: submitNoKey,
        submitWithIdempotencyKey: submitWithKey,
        idempotentReplay: replay,
      },
      previewStagesMs: {
        parse: ms(stages.parse),
        loadContext: ms(stages.load),
        priceAndEligibility: ms(stages.price),
        providerAnswer: ms(stages.provider),
      },
    };
  } finally {
    await db.$disconnect();
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const bench = await freshDatabase("bench_core");
  let db: Db | undefined;
  try {
    log(`Setting up ${bench.display} ...`);
    await migrateDatabase(bench.url);
    db = createDbClient(resolveDatabaseTarget(bench.url, dataDirOf(process.env)), {
      poolSize: Math.max(10, N.concurrency),
    });
    await seedDemo(db);
    const scope = await acmeScope(db);
    const previewBody = orderBody(0, "preview");

    log(`Warming up (${N.warmup} previews and submits) ...`);
    for (let i = 0; i < N.warmup; i++) {
      await previewOrder(db, scope, previewBody, deps);
      await submitOrder(db, scope, orderBody(i, "warm"), { idempotencyKey: `warm-${i}` }, deps);
    }

    const results: Stats[] = [];
    const live = db;
    log(
      `Timing ${N.previews} previews, ${N.submits} submits, ${N.concurrent} submits at concurrency ${N.concurrency} ...`,
    );
    results.push(
      await sequential("preview (sequential)", N.previews, () =>
        previewOrder(live, scope, previewBody, deps),
      ),
    );
    results.push(
      await sequential("submit (sequential)", N.submits, (i) =>
        submitOrder(live, scope, orderBody(i, "seq"), { idempotencyKey: `seq-${i}` }, deps),
      ),
    );
    results.push(
      await concurrent(`preview (concurrency ${N.concurrency})`, N.previews, N.concurrency, () =>
        previewOrder(live, scope, previewBody, deps),
      ),
    );
    results.push(
      await concurrent(`submit (concurrency ${N.concurrency})`, N.concurrent, N.concurrency, (i) =>
        submitOrder(live, scope, orderBody(i, "conc"), { idempotencyKey: `conc-${i}` }, deps),
      ),
    );
    const expectedOrders = 5 + N.warmup + N.submits + N.concurrent;
    const orders = await db.order.count();
    if (orders !== expectedOrders)
      throw new Error(`expected ${expectedOrders} orders after the run, found ${orders}`);

    await db.$disconnect();
    db = undefined;
    const prof = await profile(bench);

    const preview = results[0] as Stats;
    const submit = results[1] as Stats;
    const summary = {
      database: bench.kind,
      node: process.version,
      cpus: os.cpus().length,
      loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
      workload: `new order: 3 lines (plan x5, add-on x2, one-off fee), discount ${args.discount}, new customer; builtin billing provider`,
      results,
      profile: prof,
      aim: {
        previewP50Ms: 2,
        submitP50Ms: 5,
        previewMet: preview.p50Ms < 2,
        submitMet: submit.p50Ms < 5,
      },
    };
    if (args.json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return;
    }
    const pad = (s: string | number, n: number, left = false) =>
      left ? String(s).padEnd(n) : String(s).padStart(n);
    log("");
    log(
      `${pad("operation", 28, true)}${pad("ops", 7)}${pad("ops/s", 9)}${pad("p50 ms", 10)}${pad("p95 ms", 10)}${pad("p99 ms", 10)}${pad("max ms", 10)}${pad("CPU ms/op", 11)}`,
    );
    log("-".repeat(95));
    for (const r of results) {
      log(
        `${pad(r.name, 28, true)}${pad(r.ops, 7)}${pad(r.opsPerSec, 9)}${pad(r.p50Ms.toFixed(2), 10)}${pad(r.p95Ms.toFixed(2), 10)}${pad(r.p99Ms.toFixed(2), 10)}${pad(r.maxMs.toFixed(2), 10)}${pad(r.cpuMsPerOp.toFixed(2), 11)}`,
      );
    }
    log("");
    log(
      `database statements per call: preview ${prof.statementsPerCall.preview}, submit ${prof.statementsPerCall.submit} (with Idempotency-Key ${prof.statementsPerCall.submitWithIdempotencyKey}, replay ${prof.statementsPerCall.idempotentReplay})`,
    );
    const s = prof.previewStagesMs;
    log(
      `one preview: parse ${s.parse} ms, load context ${s.loadContext} ms, price + eligibility ${s.priceAndEligibility} ms, provider answer ${s.providerAnswer} ms`,
    );
    const w = prof.submitStagesMs;
    log(
      `one submit: parse + claim key ${w.parseAndClaimKey} ms, load context ${w.loadContext} ms, price + eligibility ${w.priceAndEligibility} ms, provider ${w.provider} ms, write transaction ${w.writeTransaction} ms`,
    );
    log(
      `aim (${bench.kind}): preview p50 < 2 ms: ${summary.aim.previewMet ? "met" : "MISSED"} (${preview.p50Ms.toFixed(2)} ms); submit p50 < 5 ms: ${summary.aim.submitMet ? "met" : "MISSED"} (${submit.p50Ms.toFixed(2)} ms)`,
    );
    log(`node ${process.version}, ${summary.cpus} CPUs, 1-minute load average ${summary.loadAverage1m}`);
  } finally {
    await db?.$disconnect();
    await bench.cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:core failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
