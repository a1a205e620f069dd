// An offer's Zuora mapping through `offers import` and back out to an order: the file's `zuora`
// sets it (validated as ids Zuora generates), an import without it keeps it unless the product
// changes, null removes it; findOrderOffers reads it with the offers, afresh on every order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { DomainError } from "../../domain/domain-error";
import type { CatalogueOffer } from "./catalogue-file-schema";
import { importOffers } from "./import-offers";
import { findOrderOffers, findZuoraMappings } from "./offer-lookup";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const hex = (digit: string) => digit.repeat(32);
const ZUORA = { productRatePlanId: hex("a"), productRatePlanChargeId: hex("b") };

const offer = (id: string, extra: Partial<CatalogueOffer> = {}): CatalogueOffer => ({
  id,
  name: `Plan ${id}`,
  productCode: id.toUpperCase(),
  billingPeriod: "month",
  prices: { GBP: 1000 },
  ...extra,
});

async function importOne(extra: Partial<CatalogueOffer> & { id: string }) {
  const { offers } = await importOffers(t.db, { offers: [offer(extra.id, extra)] });
  return offers[0]?.zuora;
}

const mappingOf = async (id: string) => (await findZuoraMappings(t.db, [id])).get(id) ?? null;

describe("the Zuora mapping in the catalogue file", () => {
  it("is stored with the offer and read with it for an order", async () => {
    expect(await importOne({ id: "zm-set", zuora: ZUORA })).toBe("set");
    const found = await findOrderOffers(t.db, [{ id: "zm-set" }]);
    expect(found.versions[0]?.offerId).toBe("zm-set");
    expect(found.zuora.get("zm-set")).toEqual(ZUORA);
  });

  it("stays through an import without it; goes when the product code or billing period changes", async () => {
    await importOne({ id: "zm-keep", zuora: ZUORA });
    expect(await importOne({ id: "zm-keep", prices: { GBP: 1200 } })).toBe("kept");
    expect(await mappingOf("zm-keep")).toEqual(ZUORA);
    expect(await importOne({ id: "zm-keep", productCode: "OTHER-PRODUCT" })).toBe("removed");
    expect(await mappingOf("zm-keep")).toBeNull();

    await importOne({ id: "zm-period", zuora: ZUORA });
    expect(await importOne({ id: "zm-period", billingPeriod: "year" })).toBe("removed");
    expect(await mappingOf("zm-period")).toBeNull();
  });

  it("null removes it; an offer never mapped reports none", async () => {
    await importOne({ id: "zm-null", zuora: ZUORA });
    expect(await importOne({ id: "zm-null", zuora: null })).toBe("removed");
    expect(await mappingOf("zm-null")).toBeNull();
    expect(await importOne({ id: "zm-none" })).toBe("none");
  });

  it.each([
    [{ productRatePlanId: "PRO-M", productRatePlanChargeId: hex("b") }, "offers.0.zuora.productRatePlanId"],
    [
      { productRatePlanId: hex("a"), productRatePlanChargeId: "PRPC-00000001" },
      "offers.0.zuora.productRatePlanChargeId",
    ],
    [
      { productRatePlanId: hex("a"), productRatePlanChargeId: hex("a") },
      "offers.0.zuora.productRatePlanChargeId",
    ],
    [{ productRatePlanId: hex("a") }, "offers.0.zuora.productRatePlanChargeId"],
  ])("refuses %o, naming %s, and imports nothing", async (zuora, path) => {
    const error = await importOffers(t.db, { offers: [{ ...offer("zm-invalid"), zuora }] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details.errors).toEqual([expect.objectContaining({ path })]);
    expect(await t.db.offer.count({ where: { id: "zm-invalid" } })).toBe(0);
  });
});
