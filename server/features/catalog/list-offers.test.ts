// listOffers: the latest published version of every offer the partner may sell.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope } from "../../../tests/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { listedOfferSchema } from "../../domain/order-response-schemas";
import type { PartnerScope } from "../auth/partner-scope";
import { importOffers } from "./import-offers";
import { listOffers } from "./list-offers";

let t: TestDatabase;
let acme: PartnerScope;
let globex: PartnerScope;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  acme = await staffScope(t.db, "staff@acme.test");
  globex = await staffScope(t.db, "staff@globex.test");
});
afterAll(async () => t?.close());

const PUBLISHED_FOR_ALL = [
  "starter-monthly",
  "starter-annual",
  "pro-monthly",
  "pro-annual",
  "enterprise-annual",
  "setup-fee",
  "addon-storage",
  "addon-support-plus",
  "addon-analytics-annual",
  "us-only-monthly",
];

describe("listOffers", () => {
  it("lists the published offers each partner may sell: the Acme-only bundle for Acme alone", async () => {
    const forAcme = await listOffers(t.db, acme);
    const forGlobex = await listOffers(t.db, globex);
    expect(forAcme.map((o) => o.id).sort()).toEqual([...PUBLISHED_FOR_ALL, "acme-exclusive-bundle"].sort());
    expect(forGlobex.map((o) => o.id).sort()).toEqual([...PUBLISHED_FOR_ALL].sort());
    for (const offer of [...forAcme, ...forGlobex]) listedOfferSchema.parse(offer);
    // Base offers first, then add-ons, each by name.
    expect(forAcme.findIndex((o) => o.addOn)).toBe(forAcme.length - 3);
    expect(forAcme.find((o) => o.id === "acme-exclusive-bundle")).toEqual({
      id: "acme-exclusive-bundle",
      version: 1,
      name: "Acme Retail Bundle",
      description: "Sold only through Acme, in the UK and Ireland.",
      productCode: "ACME-RETAIL",
      billingPeriod: "month",
      termMonths: null,
      minQuantity: 1,
      maxQuantity: null,
      addOn: false,
      countries: ["GB", "IE"],
      prices: [
        { currency: "EUR", unitAmount: 11000 },
        { currency: "GBP", unitAmount: 9900 },
      ],
    });
    expect(forGlobex.find((o) => o.id === "enterprise-annual")).toMatchObject({
      termMonths: 24,
      minQuantity: 10,
      maxQuantity: 10000,
      countries: null,
    });
  });

  it("shows only the latest version, and hides an offer whose latest version is unpublished", async () => {
    await importOffers(t.db, {
      offers: [
        {
          id: "pro-monthly",
          name: "Professional (monthly) 2027",
          productCode: "PRO",
          billingPeriod: "month",
          prices: { GBP: 5200, EUR: 5900 },
        },
        {
          id: "starter-monthly",
          name: "Starter (withdrawn)",
          productCode: "STARTER",
          billingPeriod: "month",
          prices: { GBP: 1500 },
          published: false,
        },
        {
          id: "globex-special",
          name: "Globex special",
          productCode: "GX",
          billingPeriod: "year",
          prices: { EUR: 90000 },
          eligiblePartners: ["globex"],
        },
      ],
    });
    const forAcme = await listOffers(t.db, acme);
    const forGlobex = await listOffers(t.db, globex);
    expect(forAcme.find((o) => o.id === "pro-monthly")).toMatchObject({
      version: 2,
      name: "Professional (monthly) 2027",
      prices: [
        { currency: "EUR", unitAmount: 5900 },
        { currency: "GBP", unitAmount: 5200 },
      ],
    });
    expect(forAcme.map((o) => o.id)).not.toContain("starter-monthly");
    expect(forAcme.map((o) => o.id)).not.toContain("globex-special");
    expect(forGlobex.map((o) => o.id)).toContain("globex-special");
    expect(forGlobex).toHaveLength(PUBLISHED_FOR_ALL.length); // - starter-monthly + globex-special
  });
});
