// `catalog map-zuora` run as an operator runs it (a child process on the test database, embedded
// or PostgreSQL), against the Zuora fake: it pages through the tenant's catalogue, stores the ids
// Zuora generated, reports what it cannot map; then the order services bill a mapped offer through
// the real Zuora provider, and refuse an unmapped one with an eligibility problem.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RegisteredRatePlan, startZuoraFake } from "../../../tests/fakes/zuora-fake-server";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { domainError, newOrder } from "../../../tests/helpers/order-test-kit";
import { jsonOf, runCli } from "../../../tests/helpers/run-cli";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { registerDemoCatalogue, type ZuoraPartner, zuoraPartner } from "../../../tests/helpers/zuora-partner";
import type { ZuoraMappingReport } from "../../features/catalog/map-zuora";
import { getOrder } from "../../features/orders/get-order";
import { previewOrder } from "../../features/orders/preview-order";
import { submitOrder } from "../../features/orders/submit-order";

let t: TestDatabase;
let partner: ZuoraPartner;
let plans: Map<string, RegisteredRatePlan>;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  partner = await zuoraPartner(t.db, "zuora-shop");
  // Enough products for two pages of the catalogue (40 a page).
  for (let i = 1; i <= 40; i += 1) {
    partner.zuora.registerRatePlan({
      sku: `OTHER-${i}`,
      name: `Other ${i}`,
      billingPeriod: "Month",
      prices: {},
    });
  }
  // Not in this tenant: LEGACY-BASIC and US-COMPLIANCE; ADD-SUPPORT gets a second monthly plan.
  plans = registerDemoCatalogue(partner.zuora, ["LEGACY-BASIC", "US-COMPLIANCE"]);
  partner.zuora.registerRatePlan({
    sku: "ADD-SUPPORT",
    name: "Support plus (reseller)",
    billingPeriod: "Month",
    prices: { GBP: "20.00" },
  });
});
afterAll(async () => {
  await partner?.close();
  await t?.close();
});

const mapZuora = (...args: string[]) =>
  runCli(t.url, ["catalog", "map-zuora", ...args], { env: partner.env() });

async function stored(offerId: string) {
  return t.db.offer.findUniqueOrThrow({
    where: { id: offerId },
    select: { zuoraProductRatePlanId: true, zuoraProductRatePlanChargeId: true },
  });
}

const idsOf = (plan: RegisteredRatePlan | undefined) => ({
  zuoraProductRatePlanId: plan?.productRatePlanId,
  zuoraProductRatePlanChargeId: plan?.productRatePlanChargeId,
});

const UNMAPPED = [
  {
    offer: "addon-support-plus",
    reason: expect.stringMatching(
      /^product "ADD-SUPPORT" has 2 active rate plans .*monthly recurring charge \(PRP-/,
    ),
  },
  { offer: "legacy-basic", reason: 'no product has the SKU or product number "LEGACY-BASIC"' },
  { offer: "us-only-monthly", reason: 'no product has the SKU or product number "US-COMPLIANCE"' },
];

describe("catalog map-zuora", { timeout: 120_000 }, () => {
  it("--dry-run reports what it would map, with progress on stderr, and writes nothing", async () => {
    const run = await mapZuora("--dry-run", "--json");
    expect(run.code).toBe(0);
    const report = jsonOf(run) as unknown as ZuoraMappingReport;
    expect(report.dryRun).toBe(true);
    expect(report.catalogue).toEqual({ products: 49, ratePlans: 53 });
    expect(report.counts).toEqual({
      offers: { mapped: 9, kept: 0, unmapped: 3 },
      discountCodes: { mapped: 5, kept: 0, unmapped: 0 },
    });
    expect(report.offers.filter((o) => o.outcome === "unmapped")).toEqual(
      UNMAPPED.map((u) => expect.objectContaining(u)),
    );
    expect(run.stderr).toContain("products: 40\n");
    expect(run.stderr).toContain("rate plans: 49/49 products\n");
    expect(await stored("pro-monthly")).toEqual({
      zuoraProductRatePlanId: null,
      zuoraProductRatePlanChargeId: null,
    });
    // Read by number, never by following nextPage's URL.
    expect(partner.zuora.requestsTo("GET", "/v1/catalog/products").map((r) => r.query.get("page"))).toEqual([
      "1",
      "2",
    ]);
  });

  it("stores the ids Zuora generated for each offer and discount code; a second run keeps them", async () => {
    const run = await mapZuora("--json");
    expect(run.code).toBe(0);
    expect((jsonOf(run) as unknown as ZuoraMappingReport).counts.offers).toEqual({
      mapped: 9,
      kept: 0,
      unmapped: 3,
    });
    expect(await stored("pro-monthly")).toEqual(idsOf(plans.get("pro-monthly")));
    expect(await stored("pro-annual")).toEqual(idsOf(plans.get("pro-annual")));
    expect(await stored("setup-fee")).toEqual(idsOf(plans.get("setup-fee")));
    expect(await stored("legacy-basic")).toEqual({
      zuoraProductRatePlanId: null,
      zuoraProductRatePlanChargeId: null,
    });
    const codes = await t.db.discountCode.findMany({
      select: { code: true, zuoraProductRatePlanId: true },
      orderBy: { code: "asc" },
    });
    const { percent, amount } = partner.zuora.discountPlans;
    expect(codes).toEqual([
      { code: "ACME20", zuoraProductRatePlanId: percent.productRatePlanId },
      { code: "EXPIRED2020", zuoraProductRatePlanId: percent.productRatePlanId },
      { code: "FIVEPOUNDS", zuoraProductRatePlanId: amount.productRatePlanId },
      { code: "ONCEONLY", zuoraProductRatePlanId: percent.productRatePlanId },
      { code: "WELCOME10", zuoraProductRatePlanId: percent.productRatePlanId },
    ]);

    const again = await mapZuora();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Offers: 0 mapped, 9 kept, 3 not mapped\n");
    expect(again.stdout).toContain(
      '  not mapped  legacy-basic (LEGACY-BASIC, month): no product has the SKU or product number "LEGACY-BASIC"\n',
    );
    expect(again.stdout).toContain("Discount codes: 0 mapped, 5 kept, 0 not mapped\n");
  });

  it("a mapped offer is billed through Zuora under the ids the command stored", async () => {
    const body = newOrder(
      [
        { id: "pro-monthly", quantity: 2 },
        { id: "setup-fee", quantity: 1 },
      ],
      { orderDiscount: { code: "WELCOME10" } },
    );
    const { order } = await submitOrder(
      t.db,
      partner.scope,
      body,
      { idempotencyKey: "zuora-mapped-1" },
      partner.deps(),
    );
    expect(order.status).toBe("complete");
    const { items } = await getOrder(t.db, partner.scope, order.id);
    expect(items.map((i) => [i.offer.id, i.quantity])).toEqual([
      ["pro-monthly", 2],
      ["setup-fee", 1],
    ]);
    const [subscription] = [...partner.zuora.subscriptions.values()];
    expect(subscription?.plans.map((p) => [p.plan.productRatePlanId, p.quantity])).toEqual([
      [plans.get("pro-monthly")?.productRatePlanId, 2],
      [plans.get("setup-fee")?.productRatePlanId, 1],
      [partner.zuora.discountPlans.percent.productRatePlanId, 1],
    ]);
  });

  it("a renewal bills the subscription's offers again, found by the ids stored with them", async () => {
    const { order } = await submitOrder(
      t.db,
      partner.scope,
      newOrder([{ id: "pro-annual", quantity: 3 }]),
      { idempotencyKey: "zuora-renew-base" },
      partner.deps(),
    );
    const renew = { order_type: "renew", forSubscription: { reference: order.subscriptionReference } };
    const preview = await previewOrder(t.db, partner.scope, renew, partner.deps());
    expect(preview.lineItems.map((l) => [l.offer.id, l.quantity])).toEqual([["pro-annual", 3]]);
    const renewed = await submitOrder(
      t.db,
      partner.scope,
      renew,
      { idempotencyKey: "zuora-renew-1" },
      partner.deps(),
    );
    expect(renewed.order.status).toBe("complete");
    const renewal = partner.zuora.requestsTo("POST", "/v1/orders").at(-1)?.body as {
      subscriptions: { orderActions: { type: string }[] }[];
    };
    expect(renewal.subscriptions[0]?.orderActions.map((a) => a.type)).toEqual([
      "TermsAndConditions",
      "RenewSubscription",
    ]);
  });

  it("an offer it could not map is refused with OFFER_NOT_MAPPED_AT_PROVIDER, before Zuora is asked", async () => {
    const ordersBefore = partner.zuora.requestsTo("POST", "/v1/orders").length;
    const body = newOrder([
      { id: "pro-monthly", quantity: 1 },
      { id: "addon-support-plus", quantity: 1 },
    ]);
    const problems = [
      {
        code: "OFFER_NOT_MAPPED_AT_PROVIDER",
        path: "orderItems.1.offer.id",
        message: 'Offer "addon-support-plus" is not set up in Zuora yet, so it cannot be billed there.',
      },
    ];
    const preview = await domainError(previewOrder(t.db, partner.scope, body, partner.deps()), "INELIGIBLE");
    expect(preview.details.problems).toEqual(problems);
    const submit = await domainError(
      submitOrder(t.db, partner.scope, body, { idempotencyKey: "zuora-unmapped-1" }, partner.deps()),
      "INELIGIBLE",
    );
    expect(submit.details.problems).toEqual(problems);
    expect(partner.zuora.requestsTo("POST", "/v1/orders").length).toBe(ordersBefore);
  });

  it("reads a multi-entity tenant's catalogue in the entity ZUORA_ENTITY_ID names", async () => {
    const tenant = await startZuoraFake({ entityIds: ["entity-uk", "entity-de"] });
    try {
      const env = {
        ZUORA_BASE_URL: tenant.url,
        ZUORA_CLIENT_ID: tenant.clientId,
        ZUORA_CLIENT_SECRET: tenant.clientSecret,
      };
      const run = await runCli(t.url, ["catalog", "map-zuora", "--dry-run", "--json"], {
        env: { ...env, ZUORA_ENTITY_ID: "entity-de" },
      });
      expect(run.code).toBe(0);
      expect(run.stderr).toContain("(entity entity-de)");
      expect(
        tenant.requestsTo("GET", "/v1/").every((r) => r.headers["zuora-entity-ids"] === "entity-de"),
      ).toBe(true);
      const unnamed = await runCli(t.url, ["catalog", "map-zuora", "--dry-run", "--json"], { env });
      expect(unnamed.code).toBe(1);
      expect(JSON.parse(unnamed.stdout).error.message).toMatch(/Zuora-Entity-Ids is required/);
    } finally {
      await tenant.close();
    }
  });

  it("needs the Zuora settings: without them it is a usage error", async () => {
    const run = await runCli(t.url, ["catalog", "map-zuora", "--json"], {
      env: { ZUORA_BASE_URL: "", ZUORA_CLIENT_ID: "", ZUORA_CLIENT_SECRET: "" },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "catalog map-zuora needs ZUORA_BASE_URL, ZUORA_CLIENT_ID and ZUORA_CLIENT_SECRET",
    );
  });
});
