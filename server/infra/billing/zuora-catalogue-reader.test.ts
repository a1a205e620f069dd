// Reading a Zuora tenant's catalogue through the real client against the Zuora fake, whose
// catalogue answers in Zuora's documented shapes and pages; and what the fake answers itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startZuoraFake, type ZuoraFake } from "../../../tests/fakes/zuora-fake-server";
import { type CatalogueProgress, readZuoraCatalogue } from "./zuora-catalogue-reader";
import { ZUORA_API_VERSION, ZuoraClient } from "./zuora-client";

let fake: ZuoraFake;
let client: ZuoraClient;

beforeAll(async () => {
  fake = await startZuoraFake();
  for (let i = 1; i <= 44; i += 1) {
    fake.registerRatePlan({
      sku: `SKU-${String(i).padStart(3, "0")}`,
      name: `Plan ${i}`,
      billingPeriod: "Month",
      prices: { GBP: "1.00" },
    });
  }
  // One product with more rate plans than a page holds.
  for (let i = 1; i <= 41; i += 1) {
    fake.registerRatePlan({
      sku: "MANY",
      name: `Many ${i}`,
      billingPeriod: "Annual",
      prices: { USD: "9.50" },
    });
  }
  client = new ZuoraClient({
    baseUrl: fake.url,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    timeoutMs: 3000,
  });
});
afterAll(() => fake?.close());

async function getJson(path: string, version = ZUORA_API_VERSION): Promise<Record<string, unknown>> {
  const grant = await fetch(`${fake.url}/oauth/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
    }),
  });
  const { access_token: token } = (await grant.json()) as { access_token: string };
  const answer = await fetch(`${fake.url}${path}`, {
    headers: { authorization: `Bearer ${token}`, "zuora-version": version },
  });
  return (await answer.json()) as Record<string, unknown>;
}

describe("readZuoraCatalogue", () => {
  it("pages through every product, then every product's rate plans, with their charges", async () => {
    const progress: CatalogueProgress[] = [];
    const catalogue = await readZuoraCatalogue(client, (p) => progress.push(p));
    // 44 products, MANY and the fake's DISCOUNTS product.
    expect(catalogue.products).toHaveLength(46);
    expect(fake.requestsTo("GET", "/v1/catalog/products").map((r) => r.query.toString())).toEqual([
      "page=1&pageSize=40",
      "page=2&pageSize=40",
    ]);
    const many = catalogue.products.find((p) => p.sku === "MANY");
    expect(many?.ratePlans).toHaveLength(41);
    expect(
      fake.requestsTo("GET", `/v1/products/${many?.id}/product-rate-plans`).map((r) => r.query.toString()),
    ).toEqual(["page=1&pageSize=40", "page=2&pageSize=40"]);
    expect(many?.ratePlans[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      number: expect.stringMatching(/^PRP-\d{8}$/),
      name: "Many 1",
      status: "Active",
      charges: [
        {
          id: expect.stringMatching(/^[0-9a-f]{32}$/),
          number: expect.stringMatching(/^PRPC-\d{8}$/),
          name: "Many 1 per unit",
          type: "Recurring",
          model: "PerUnit",
          billingPeriod: "Annual",
          currencies: ["USD"],
        },
      ],
    });
    const discounts = catalogue.products.find((p) => p.sku === "DISCOUNTS");
    expect(discounts?.ratePlans.map((p) => p.charges.map((c) => c.model))).toEqual([
      ["DiscountPercentage"],
      ["DiscountFixedAmount"],
    ]);
    expect(progress.filter((p) => p.stage === "products")).toEqual([
      { stage: "products", read: 40 },
      { stage: "products", read: 46 },
    ]);
    expect(progress.at(-1)).toEqual({ stage: "ratePlans", done: 46, total: 46 });
  });
});

describe("the fake's catalogue, as Zuora documents it", () => {
  it("lists the last updated product first; nextPage is the next page's URL, absent on the last", async () => {
    const first = await getJson("/v1/catalog/products?page=1&pageSize=40");
    const products = first.products as { sku: string; productRatePlans: unknown }[];
    expect(products[0]?.sku).toBe("MANY");
    expect(first.nextPage).toBe(`${fake.url}/v1/catalog/products?page=2&pageSize=40`);
    const last = await getJson("/v1/catalog/products?page=2&pageSize=40");
    expect(last.nextPage).toBeUndefined();
    expect((await getJson("/v1/catalog/products")).products).toHaveLength(10);
  });

  it("answers a product's rate plans as their URL from Zuora-Version 230.0 on, as the plans before", async () => {
    const current = (await getJson("/v1/catalog/products?pageSize=1")).products as Record<string, unknown>[];
    expect(current[0]?.productRatePlans).toBe(`/v1/rateplan/${String(current[0]?.id)}/productRatePlan`);
    const old = (await getJson("/v1/catalog/products?pageSize=1", "229.0")).products as Record<
      string,
      unknown
    >[];
    expect(old[0]?.productRatePlans).toHaveLength(41);
    const byOldPath = await getJson(
      `/v1/rateplan/${String(current[0]?.id)}/productRatePlan?pageSize=40&page=2`,
    );
    expect(byOldPath.productRatePlans).toHaveLength(1);
    const bySku = await getJson("/v1/products/MANY/product-rate-plans");
    expect(bySku.productRatePlans).toHaveLength(20);
  });

  it("refuses a page without pageSize, a pageSize above 40 and an unknown product", async () => {
    expect(await getJson("/v1/catalog/products?page=2")).toMatchObject({
      success: false,
      reasons: [{ message: "pageSize must be set to use page" }],
    });
    expect(await getJson("/v1/catalog/products?pageSize=41")).toMatchObject({
      success: false,
      reasons: [{ message: "pageSize must be an integer from 1 to 40" }],
    });
    expect(await getJson("/v1/products/NOPE/product-rate-plans")).toMatchObject({
      success: false,
      reasons: [{ message: "Cannot find entity by key: 'NOPE'." }],
    });
  });
});
