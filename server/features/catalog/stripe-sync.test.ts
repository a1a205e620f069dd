// The Stripe catalogue sync: offers imported and discount codes created with Stripe configured get
// their products, prices and coupons at once; `catalog sync-stripe` syncs what exists already, and
// a second run creates nothing; orders billed through Stripe only name what was synced, refuse
// (422) what was not, and a preview creates nothing at Stripe.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { newOrder } from "../../../tests/helpers/order-test-kit";
import { fakeCatalogue } from "../../../tests/helpers/stripe-catalogue";
import { type StripePartner, stripePartner } from "../../../tests/helpers/stripe-partner";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { DomainError } from "../../domain/domain-error";
import { StripeCatalogue } from "../../infra/billing/stripe-catalogue-sync";
import { createStripeClient } from "../../infra/billing/stripe-client";
import { createDiscountCode } from "../discounts/manage-discount-codes";
import { previewOrder } from "../orders/preview-order";
import { submitOrder } from "../orders/submit-order";
import type { CatalogueOffer } from "./catalogue-file-schema";
import { importOffers } from "./import-offers";
import { syncStripeCatalogue } from "./sync-stripe";

let t: TestDatabase;
let billed: StripePartner;
const operator = { name: "test-operator" };

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  // Syncs the seeded catalogue to a fresh fake account, as `catalog sync-stripe` would.
  billed = await stripePartner(t.db, "stripe-sync");
});
afterAll(async () => {
  await billed?.close();
  await t?.close();
});

const offer = (id: string, extra: Partial<CatalogueOffer> = {}): CatalogueOffer => ({
  id,
  name: `Plan ${id}`,
  productCode: id.toUpperCase(),
  billingPeriod: "month",
  prices: { GBP: 1000, EUR: 1200 },
  ...extra,
});

/** How many objects were created at the fake (POSTs to the creating endpoints). */
function creations() {
  const count = (path: string) =>
    billed.stripe.requestsTo("POST", path).filter((r) => r.path === path).length;
  return {
    products: count("/v1/products"),
    prices: count("/v1/prices"),
    coupons: count("/v1/coupons"),
    taxRates: count("/v1/tax_rates"),
  };
}

const storedPrices = (offerId: string) =>
  t.db.offerPrice.findMany({
    where: { offerId },
    orderBy: [{ offerVersion: "asc" }, { currency: "asc" }],
    select: { offerVersion: true, currency: true, stripePriceId: true },
  });

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("the Stripe catalogue sync", () => {
  it("an import makes the product and one price per currency; a new version gets new prices", async () => {
    const stripe = fakeCatalogue(billed.stripe);
    const first = await importOffers(t.db, { offers: [offer("sync-plan")] }, undefined, { stripe });
    expect(first.stripe?.failure).toBeNull();
    expect(first.stripe?.offers).toEqual([
      expect.objectContaining({ offer: "sync-plan", outcome: "synced", productId: "po_offer_sync-plan" }),
    ]);
    const [offerRow] = await t.db.offer.findMany({
      where: { id: "sync-plan" },
      select: { stripeProductId: true },
    });
    expect(offerRow?.stripeProductId).toBe("po_offer_sync-plan");
    const v1 = await storedPrices("sync-plan");
    expect(v1.map((p) => [p.offerVersion, p.currency])).toEqual([
      [1, "EUR"],
      [1, "GBP"],
    ]);
    for (const p of v1) expect(p.stripePriceId).toMatch(/^price_/);
    expect(billed.stripe.prices.get(v1[1]?.stripePriceId ?? "")).toMatchObject({
      product: "po_offer_sync-plan",
      currency: "gbp",
      unit_amount: 1000,
      recurring: { interval: "month" },
      tax_behavior: "exclusive",
      lookup_key: "po_sync-plan_v1_gbp",
    });

    // A new version (new amount): new prices; the old version keeps its own.
    await importOffers(t.db, { offers: [offer("sync-plan", { prices: { GBP: 1100 } })] }, undefined, {
      stripe,
    });
    const v2 = await storedPrices("sync-plan");
    expect(v2.slice(0, 2)).toEqual(v1);
    const newPrice = v2.find((p) => p.offerVersion === 2);
    expect(newPrice?.stripePriceId).toMatch(/^price_/);
    expect(v1.map((p) => p.stripePriceId)).not.toContain(newPrice?.stripePriceId);
    expect(billed.stripe.prices.get(newPrice?.stripePriceId ?? "")).toMatchObject({ unit_amount: 1100 });
  });

  it("a one-off offer's price is not recurring", async () => {
    const stripe = fakeCatalogue(billed.stripe);
    await importOffers(t.db, { offers: [offer("sync-once", { billingPeriod: "once" })] }, undefined, {
      stripe,
    });
    const [price] = await storedPrices("sync-once");
    expect(billed.stripe.prices.get(price?.stripePriceId ?? "")).toMatchObject({
      recurring: null,
      type: "one_time",
    });
  });

  it("a Stripe failure leaves the import done, says what is not synced, and the command syncs it later", async () => {
    const stripe = fakeCatalogue(billed.stripe);
    billed.stripe.setMode("fail", { match: (r) => r.method === "POST" && r.path === "/v1/prices" });
    const result = await importOffers(
      t.db,
      { offers: [offer("sync-fail-a"), offer("sync-fail-b")] },
      undefined,
      {
        stripe,
      },
    );
    billed.stripe.recover();
    expect(result.imported).toBe(2);
    expect(result.stripe?.failure).toMatch(/^Stripe /);
    expect(result.stripe?.offers.map((o) => [o.offer, o.outcome])).toEqual([
      ["sync-fail-a", "failed"],
      ["sync-fail-b", "skipped"],
    ]);
    expect((await storedPrices("sync-fail-a")).every((p) => p.stripePriceId === null)).toBe(true);

    const dry = await syncStripeCatalogue(t.db, stripe, { dryRun: true });
    expect(dry.offers.filter((o) => o.outcome === "pending").map((o) => o.offer)).toEqual([
      "sync-fail-a",
      "sync-fail-b",
    ]);
    expect((await storedPrices("sync-fail-a")).every((p) => p.stripePriceId === null)).toBe(true);

    const later = await syncStripeCatalogue(t.db, stripe);
    expect(later.failure).toBeNull();
    expect(later.counts.offers.synced).toBe(2);
    expect((await storedPrices("sync-fail-b")).every((p) => p.stripePriceId?.startsWith("price_"))).toBe(
      true,
    );

    // Everything has its ids: a second run asks Stripe nothing.
    const requests = billed.stripe.requests.length;
    const again = await syncStripeCatalogue(t.db, stripe);
    expect(again.counts.offers.synced + again.counts.discountCodes.synced).toBe(0);
    expect(again.counts.offers.unchanged).toBe(again.offers.length);
    expect(billed.stripe.requests.length).toBe(requests);
  });

  it("a price made by a sync whose id was lost is found again by its lookup key, not made twice", async () => {
    const stripe = fakeCatalogue(billed.stripe);
    await importOffers(t.db, { offers: [offer("sync-lost", { prices: { GBP: 700 } })] }, undefined, {
      stripe,
    });
    const [before] = await storedPrices("sync-lost");
    await t.db.offerPrice.updateMany({ where: { offerId: "sync-lost" }, data: { stripePriceId: null } });
    const made = creations().prices;
    await syncStripeCatalogue(t.db, stripe, { offerIds: ["sync-lost"] });
    expect(creations().prices).toBe(made);
    expect((await storedPrices("sync-lost"))[0]?.stripePriceId).toBe(before?.stripePriceId);
  });

  it("an offer renamed by an import has its Stripe product updated (name, description), once", async () => {
    const stripe = fakeCatalogue(billed.stripe);
    const productPath = "/v1/products/po_offer_sync-rename";
    const updates = () => billed.stripe.requestsTo("POST", productPath).filter((r) => r.path === productPath);
    await importOffers(t.db, { offers: [offer("sync-rename", { description: "Ten seats" })] }, undefined, {
      stripe,
    });
    expect(billed.stripe.products.get("po_offer_sync-rename")).toMatchObject({
      name: "Plan sync-rename",
      description: "Ten seats",
    });
    expect(updates()).toHaveLength(0);

    const renamed = await importOffers(
      t.db,
      { offers: [offer("sync-rename", { name: "Team plan", description: "Twenty seats" })] },
      undefined,
      { stripe },
    );
    expect(renamed.stripe?.offers).toEqual([
      expect.objectContaining({ offer: "sync-rename", outcome: "synced", product: "updated" }),
    ]);
    expect(updates().map((r) => r.body)).toEqual([{ name: "Team plan", description: "Twenty seats" }]);
    expect(billed.stripe.products.get("po_offer_sync-rename")).toMatchObject({
      name: "Team plan",
      description: "Twenty seats",
      metadata: { offer_id: "sync-rename", product_code: "SYNC-RENAME" },
    });

    // The description taken out: unset at Stripe with an empty string. The same again: no update.
    await importOffers(t.db, { offers: [offer("sync-rename", { name: "Team plan" })] }, undefined, {
      stripe,
    });
    expect(updates().at(-1)?.body).toEqual({ description: "" });
    expect(billed.stripe.products.get("po_offer_sync-rename")).toMatchObject({ description: null });
    const again = await importOffers(
      t.db,
      { offers: [offer("sync-rename", { name: "Team plan" })] },
      undefined,
      {
        stripe,
      },
    );
    expect(again.stripe?.offers[0]).toMatchObject({ outcome: "synced", product: "unchanged" });
    expect(updates()).toHaveLength(2);
  });

  it("a dry run reports a rename waiting for the sync, and changes nothing at Stripe", async () => {
    const stripe = fakeCatalogue(billed.stripe);
    const productPath = "/v1/products/po_offer_sync-dry-rename";
    await importOffers(t.db, { offers: [offer("sync-dry-rename")] }, undefined, { stripe });
    // Imported again, renamed, while Stripe was not configured: the new version waits for a sync.
    await importOffers(t.db, { offers: [offer("sync-dry-rename", { name: "Renamed plan" })] });
    // An offer never synced at all: its product would be made.
    await importOffers(t.db, { offers: [offer("sync-dry-new")] });
    const posts = () => billed.stripe.requests.filter((r) => r.method === "POST").length;
    const before = posts();

    const dry = await syncStripeCatalogue(t.db, stripe, {
      dryRun: true,
      offerIds: ["sync-dry-rename", "sync-dry-new"],
    });
    expect(dry.offers).toEqual([
      expect.objectContaining({ offer: "sync-dry-new", outcome: "pending", product: "created" }),
      expect.objectContaining({ offer: "sync-dry-rename", outcome: "pending", product: "updated" }),
    ]);
    expect(posts()).toBe(before);
    expect(billed.stripe.products.get("po_offer_sync-dry-rename")).toMatchObject({
      name: "Plan sync-dry-rename",
    });
    expect(billed.stripe.products.has("po_offer_sync-dry-new")).toBe(false);

    const real = await syncStripeCatalogue(t.db, stripe, { offerIds: ["sync-dry-rename"] });
    expect(real.offers[0]).toMatchObject({ outcome: "synced", product: "updated" });
    expect(billed.stripe.requestsTo("POST", productPath).filter((r) => r.path === productPath)).toHaveLength(
      1,
    );
    expect(billed.stripe.products.get("po_offer_sync-dry-rename")).toMatchObject({ name: "Renamed plan" });
  });

  it("with STRIPE_TAX=rates the sync makes every rate of TAX_RATES with the offers, once", async () => {
    // The account has GB 20 % and DE 19 % already: stripePartner synced testDeps' table.
    const stripe = fakeCatalogue(billed.stripe, { GB: 2000, DE: 1900, FR: 550, IE: 0 });
    const made = creations().taxRates;
    const imported = await importOffers(t.db, { offers: [offer("sync-taxed")] }, undefined, { stripe });
    expect(imported.stripe?.taxRates.map((r) => [r.country, r.rateBps, r.outcome])).toEqual([
      ["DE", 1900, "unchanged"],
      ["FR", 550, "synced"],
      ["GB", 2000, "unchanged"],
    ]);
    expect(creations().taxRates).toBe(made + 1);
    const fr = billed.stripe.taxRates.get(imported.stripe?.taxRates[1]?.taxRateId ?? "");
    expect(fr).toMatchObject({ country: "FR", percentage: 5.5, inclusive: false, active: true });

    const again = await syncStripeCatalogue(t.db, stripe);
    expect(again.counts.taxRates).toMatchObject({ unchanged: 3, synced: 0 });
    expect(creations().taxRates).toBe(made + 1);
    // A discount code's own sync does not touch them.
    const code = await createDiscountCode(
      t.db,
      operator,
      { code: "SYNCTAX", partner: null, percentOff: 5 },
      { stripe },
    );
    expect(code.stripe?.outcome).toBe("synced");
  });

  it("two syncs racing on one price make one: the later creation is Stripe's replay of the first", async () => {
    const price = {
      offerId: "sync-race",
      version: 1,
      billingPeriod: "month",
      currency: "GBP",
      unitAmount: 900,
    } as const;
    const productId = await fakeCatalogue(billed.stripe).ensureProduct({
      id: "sync-race",
      name: "Race",
      productCode: "RACE",
    });
    // This sync's look-up finds nothing; the other sync creates the price right after it.
    const client = createStripeClient({
      secretKey: billed.stripe.secretKey,
      apiBase: billed.stripe.url,
      timeoutMs: 3_000,
    });
    const list = client.prices.list.bind(client.prices);
    let raced: Promise<string> | null = null;
    client.prices.list = ((...args: Parameters<typeof list>) =>
      list(...args).then(async (answer) => {
        raced ??= fakeCatalogue(billed.stripe).ensurePrice(price, productId);
        await raced;
        return answer;
      })) as typeof client.prices.list;
    const slow = new StripeCatalogue({ secretKey: billed.stripe.secretKey, timeoutMs: 3_000, client });

    const id = await slow.ensurePrice(price, productId);
    expect(id).toBe(await raced);
    const keyed = [...billed.stripe.prices.values()].filter((p) => p.lookup_key === "po_sync-race_v1_gbp");
    expect(keyed.map((p) => p.id)).toEqual([id]);
    const [first, second] = billed.stripe.requestsTo("POST", "/v1/prices").slice(-2);
    expect(second?.headers["idempotency-key"]).toBe(first?.headers["idempotency-key"]);
  });

  it("a discount code's coupons are made when it is created: one counting months, one counting years", async () => {
    const stripe = fakeCatalogue(billed.stripe);
    const repeating = await createDiscountCode(
      t.db,
      operator,
      { code: "SYNC3", partner: null, percentOff: 15, durationPeriods: 3 },
      { stripe },
    );
    expect(repeating.stripe?.outcome).toBe("synced");
    const row = await t.db.discountCode.findUnique({
      where: { code: "SYNC3" },
      select: { stripeCouponIdMonthly: true, stripeCouponIdYearly: true },
    });
    expect(billed.stripe.coupons.get(row?.stripeCouponIdMonthly ?? "")).toMatchObject({
      percent_off: 15,
      duration: "repeating",
      duration_in_months: 3,
    });
    expect(billed.stripe.coupons.get(row?.stripeCouponIdYearly ?? "")).toMatchObject({
      duration: "repeating",
      duration_in_months: 36,
    });

    const forever = await createDiscountCode(
      t.db,
      operator,
      { code: "SYNCFOREVER", partner: null, amountOff: 500, currency: "GBP" },
      { stripe },
    );
    expect(forever.stripe?.coupons?.monthly).toBe(forever.stripe?.coupons?.yearly);
    expect(billed.stripe.coupons.get(forever.stripe?.coupons?.monthly ?? "")).toMatchObject({
      amount_off: 500,
      currency: "gbp",
      duration: "forever",
    });
  });
});

describe("orders billed through Stripe only name what was synced", () => {
  it("previews and submits create no product, price, coupon or tax rate, however many", async () => {
    const order = newOrder([{ id: "pro-monthly", quantity: 2 }], { orderDiscount: { code: "SYNC3" } });
    // The order's GB tax rate (STRIPE_TAX=rates) was made by the sync, like its price: even the
    // first preview of the country creates nothing.
    const before = creations();
    const first = await previewOrder(t.db, billed.scope, order, billed.deps());
    expect(first.taxTotal).toBeGreaterThan(0);
    expect(billed.stripe.requestsTo("POST", "/v1/tax_rates")).toHaveLength(before.taxRates);
    for (let i = 0; i < 5; i += 1) await previewOrder(t.db, billed.scope, order, billed.deps());
    await submitOrder(t.db, billed.scope, order, {}, billed.deps());
    expect(creations()).toEqual(before);
    const sent = billed.stripe.requestsTo("POST", "/v1/subscriptions").at(-1)?.body as {
      items: { price: string }[];
      discounts: { coupon: string }[];
    };
    const price = await t.db.offerPrice.findFirst({
      where: { offerId: "pro-monthly", currency: "GBP" },
      orderBy: { offerVersion: "desc" },
      select: { stripePriceId: true },
    });
    expect(sent.items[0]?.price).toBe(price?.stripePriceId);
    const code = await t.db.discountCode.findUnique({ where: { code: "SYNC3" } });
    expect(sent.discounts[0]?.coupon).toBe(code?.stripeCouponIdMonthly);
  });

  it("an offer or a code never synced is refused with 422 problems, until the sync", async () => {
    await importOffers(t.db, { offers: [offer("sync-later")] });
    await createDiscountCode(t.db, operator, { code: "SYNCLATER", partner: null, percentOff: 5 });
    const order = newOrder([{ id: "sync-later", quantity: 1 }], { orderDiscount: { code: "SYNCLATER" } });
    const requests = billed.stripe.requests.length;
    const error = await rejection(previewOrder(t.db, billed.scope, order, billed.deps()));
    expect(error.code).toBe("INELIGIBLE");
    expect(error.details?.problems).toEqual([
      expect.objectContaining({ code: "OFFER_NOT_MAPPED_AT_PROVIDER", path: "orderItems.0.offer.id" }),
      expect.objectContaining({ code: "DISCOUNT_NOT_MAPPED_AT_PROVIDER", path: "orderDiscount.code" }),
    ]);
    expect(billed.stripe.requests.length).toBe(requests);

    // The sync takes effect at once, although the version was read (and cached) unsynced.
    await billed.sync();
    const preview = await previewOrder(t.db, billed.scope, order, billed.deps());
    expect(preview.total).toBeGreaterThan(0);
  });
});
