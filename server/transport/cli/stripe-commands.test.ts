// `catalog sync-stripe`, `offers import` and `discount create` run as an operator runs them (a
// child process on the test database, embedded or PostgreSQL) against the Stripe fake: the sync
// makes what is missing and stores the ids, a second run asks Stripe nothing, a Stripe failure is
// reported with exit status 1, and the import and the code creation sync what they add.
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StripeFake, startStripeFake } from "../../../tests/fakes/stripe-fake-server";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { jsonOf, runCli } from "../../../tests/helpers/run-cli";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import type { StripeSyncReport } from "../../features/catalog/sync-stripe";

let t: TestDatabase;
let fake: StripeFake;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  fake = await startStripeFake();
});
afterAll(async () => {
  await fake?.close();
  await t?.close();
});

const stripeEnv = () => ({ STRIPE_SECRET_KEY: fake.secretKey, STRIPE_API_BASE: fake.url });
const cli = (args: string[], env: Record<string, string> = stripeEnv()) => runCli(t.url, args, { env });
const posts = () => fake.requests.filter((r) => r.method === "POST").length;

describe("catalog sync-stripe", () => {
  it("needs STRIPE_SECRET_KEY", async () => {
    const run = await cli(["catalog", "sync-stripe"], { STRIPE_SECRET_KEY: "" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("STRIPE_SECRET_KEY");
  });

  it("a dry run reports what is not synced and creates nothing", async () => {
    const run = await cli(["catalog", "sync-stripe", "--dry-run", "--json"]);
    expect(run.code).toBe(0);
    const report = jsonOf(run) as unknown as StripeSyncReport;
    expect(report.counts.offers.pending).toBeGreaterThan(0);
    expect(report.counts.offers.synced).toBe(0);
    expect(report.offers.filter((o) => o.outcome === "pending").every((o) => o.product === "created")).toBe(
      true,
    );
    expect(fake.products.size + fake.prices.size + fake.coupons.size).toBe(0);
    const text = await cli(["catalog", "sync-stripe", "--dry-run"]);
    expect(text.stdout).toMatch(/to sync +pro-monthly: product to make; prices v1 EUR, v1 GBP, v1 USD\n/);
  });

  it("a Stripe failure stops the run with status 1; what is not synced is listed", async () => {
    fake.setMode("fail", { match: (r) => r.method === "POST" && r.path === "/v1/prices" });
    const run = await cli(["catalog", "sync-stripe"]);
    fake.recover();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/failed +\S+/);
    expect(run.stdout).toContain("Stripe failed:");
    expect(run.stdout).toContain("catalog sync-stripe");
  });

  it("syncs every offer and code, showing progress; a second run asks Stripe nothing", async () => {
    const run = await cli(["catalog", "sync-stripe", "--json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/checked: \d+\/\d+/);
    const report = jsonOf(run) as unknown as StripeSyncReport;
    expect(report.failure).toBeNull();
    expect(report.counts.offers.failed + report.counts.offers.skipped + report.counts.offers.pending).toBe(0);
    const unsynced = await t.db.offerPrice.count({ where: { stripePriceId: null } });
    expect(unsynced).toBe(0);
    const codes = await t.db.discountCode.count({ where: { stripeCouponIdMonthly: null } });
    expect(codes).toBe(0);

    const before = posts();
    const again = await cli(["catalog", "sync-stripe"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/offers 0 synced, \d+ already synced/);
    expect(posts()).toBe(before);
  });

  it("with STRIPE_TAX=rates it makes the tax rates of TAX_RATES, once; other modes make none", async () => {
    const taxEnv = { ...stripeEnv(), TAX_RATES: "GB:2000,FR:550,IE:0" };
    const none = await cli(["catalog", "sync-stripe"], { ...taxEnv, STRIPE_TAX: "automatic" });
    expect(none.code).toBe(0);
    expect(fake.requestsTo("POST", "/v1/tax_rates")).toHaveLength(0);

    const dry = await cli(["catalog", "sync-stripe", "--dry-run"], taxEnv);
    expect(dry.stdout).toContain("Stripe: tax rates 2 to sync, 0 already synced");
    expect(dry.stdout).toMatch(/to sync +tax GB 20 %/);
    expect(fake.requestsTo("POST", "/v1/tax_rates")).toHaveLength(0);

    const run = await cli(["catalog", "sync-stripe"], taxEnv);
    expect(run.code).toBe(0);
    // The table is the deployment's: GB and FR as set, the other countries at 0 need none.
    expect(run.stdout).toContain("Stripe: tax rates 2 synced, 0 already synced");
    expect(run.stdout).toMatch(/synced +tax FR 5\.5 % -> txr_/);
    expect(
      [...fake.taxRates.values()].map((r) => [r.country, r.percentage, r.inclusive, r.active]).sort(),
    ).toEqual([
      ["FR", 5.5, false, true],
      ["GB", 20, false, true],
    ]);

    const before = posts();
    const again = await cli(["catalog", "sync-stripe"], taxEnv);
    expect(again.stdout).toContain("Stripe: tax rates 0 synced, 2 already synced");
    expect(posts()).toBe(before);
  });

  it("offers import and discount create sync what they add", async () => {
    const file = path.join(os.tmpdir(), `stripe-import-${process.pid}.json`);
    await writeFile(
      file,
      JSON.stringify({
        offers: [
          {
            id: "cli-sync",
            name: "CLI sync",
            productCode: "CLI-SYNC",
            billingPeriod: "year",
            prices: { GBP: 9000 },
          },
        ],
      }),
    );
    const imported = await cli(["offers", "import", file]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/synced +cli-sync -> po_offer_cli-sync; prices v1 GBP price_/);
    const price = await t.db.offerPrice.findFirst({ where: { offerId: "cli-sync" } });
    expect(fake.prices.get(price?.stripePriceId ?? "")).toMatchObject({ recurring: { interval: "year" } });

    const created = await cli([
      "discount",
      "create",
      "--code",
      "CLISYNC",
      "--all-partners",
      "--percent",
      "10",
      "--duration-periods",
      "2",
      "--json",
    ]);
    expect(created.code).toBe(0);
    const stripe = (
      jsonOf(created) as { stripe: { outcome: string; coupons: { monthly: string; yearly: string } } }
    ).stripe;
    expect(stripe.outcome).toBe("synced");
    expect(fake.coupons.get(stripe.coupons.monthly)).toMatchObject({ duration_in_months: 2 });
    expect(fake.coupons.get(stripe.coupons.yearly)).toMatchObject({ duration_in_months: 24 });
  });
});
