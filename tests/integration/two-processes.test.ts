// Two processes on one database at once: operator CLI processes (`tsx server/transport/cli/main.ts`)
// import a catalogue and create a partner while this process keeps submitting orders to the same
// database (the embedded SQLite file by default). Nothing may fail, nothing may be lost, and the
// SQLite file must pass PRAGMA integrity_check afterwards.

import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PartnerScope } from "../../server/features/auth/partner-scope";
import { submitOrder } from "../../server/features/orders/submit-order";
import { seedPartners, staffScope, testDeps } from "../helpers/fixtures";
import { newOrder } from "../helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let acme: PartnerScope;
const OFFERS = 150;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  acme = await staffScope(t.db, "staff@acme.test");
});
afterAll(async () => t?.close());

type Run = { code: number | null; stdout: string; stderr: string };

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "server/transport/cli/main.ts", ...args, "--json"], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, DATABASE_URL: t.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the CLI and the order services writing to one database at once", () => {
  it("loses nothing, fails nothing and leaves a sound database", async () => {
    const file = path.join(tmpdir(), `two-process-offers-${process.pid}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        offers: Array.from({ length: OFFERS }, (_, i) => ({
          id: `bulk-${i}`,
          name: `Bulk offer ${i}`,
          productCode: `BULK-${i}`,
          billingPeriod: i % 2 ? "month" : "year",
          prices: { GBP: 1000 + i, EUR: 1100 + i },
        })),
      }),
    );
    const children = Promise.all([
      cli(["offers", "import", file]),
      cli(["partner", "create", "--slug", "parallel-one", "--name", "Parallel One", "--countries", "GB,DE"]),
    ]);
    let done = false;
    const finished = children.finally(() => {
      done = true;
    });

    // Submit orders for as long as the CLI processes run (and at least 20).
    const deps = testDeps();
    const placed: string[] = [];
    const failures: unknown[] = [];
    while (!done || placed.length < 20) {
      // On SQLite a submit completes without touching the event loop (the driver is synchronous):
      // pause so the children's exit events are seen (and the children get some CPU).
      await new Promise((resolve) => setTimeout(resolve, 20));
      try {
        const { order } = await submitOrder(
          t.db,
          acme,
          newOrder([{ id: "pro-monthly", quantity: 1 }]),
          { idempotencyKey: `two-proc-${placed.length}` },
          deps,
        );
        placed.push(order.id);
      } catch (error) {
        failures.push(error);
        break;
      }
    }
    const runs = await finished;
    expect(failures).toEqual([]);
    for (const run of runs) {
      if (run.code !== 0) console.error(run.stderr);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
      expect(() => JSON.parse(run.stdout)).not.toThrow();
    }
    expect(JSON.parse(runs[0]?.stdout ?? "{}")).toMatchObject({ imported: OFFERS, created: OFFERS });

    // Every row of both writers is there.
    expect(await t.db.order.count({ where: { id: { in: placed } } })).toBe(placed.length);
    expect(
      await t.db.idempotencyRecord.count({ where: { key: { startsWith: "two-proc-" }, state: "completed" } }),
    ).toBe(placed.length);
    expect(
      await t.db.partner.findUnique({ where: { slug: "parallel-one" }, select: { allowedCountries: true } }),
    ).toEqual({ allowedCountries: ["GB", "DE"] });
    expect(await t.db.offer.count({ where: { id: { startsWith: "bulk-" } } })).toBe(OFFERS);
    expect(await t.db.offerPrice.count({ where: { offerId: { startsWith: "bulk-" } } })).toBe(2 * OFFERS);
    const orphans = await t.db.order.count({
      where: { id: { in: placed }, OR: [{ items: { none: {} } }, { subscriptionId: null }] },
    });
    expect(orphans).toBe(0);

    if (t.kind === "sqlite") {
      const conn = new Database(t.url.slice("file:".length), { readonly: true });
      try {
        expect(conn.pragma("integrity_check", { simple: true })).toBe("ok");
        expect(conn.pragma("foreign_key_check")).toEqual([]);
        expect((conn.prepare('SELECT COUNT(*) AS n FROM "Order"').get() as { n: number }).n).toBe(
          await t.db.order.count(),
        );
      } finally {
        conn.close();
      }
    }
  }, 120_000);
});
