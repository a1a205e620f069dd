// findOfferVersions against a real database. Offer versions are cached per client for the life of
// the process, so besides the rows themselves this proves what makes that cache safe: "latest" is
// asked of the database every time, cached rows cannot be changed by a caller, and two databases
// never see each other's rows.

import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import type { Db } from "../../infra/db/client";
import { PrismaClient as PostgresPrismaClient } from "../../infra/db/generated/postgresql/client";
import { PrismaClient as SqlitePrismaClient } from "../../infra/db/generated/sqlite/client";
import { resolveDatabaseTarget } from "../../infra/db/target";
import { dataDirOf } from "../../infra/env/paths";
import { previewOrder } from "../orders/preview-order";
import type { CatalogueOffer } from "./catalogue-file-schema";
import { importOffers } from "./import-offers";
import { countriesOf, findOfferVersions, type OfferVersionRow, pricesOf } from "./offer-lookup";

let t: TestDatabase;
let acmeId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  ({ acmeId } = await seedPartners(t.db));
});
afterAll(async () => t?.close());

/** A monthly plan with only a GBP price; each test imports its own so versions never collide. */
const plan = (id: string, gbp: number, extra: Partial<CatalogueOffer> = {}): CatalogueOffer => ({
  id,
  name: `Plan ${id}`,
  productCode: id.toUpperCase(),
  billingPeriod: "month",
  prices: { GBP: gbp },
  ...extra,
});

const importPlan = (db: Db, id: string, gbp: number, extra: Partial<CatalogueOffer> = {}) =>
  importOffers(db, { offers: [plan(id, gbp, extra)] });

function present(row: OfferVersionRow | null | undefined): OfferVersionRow {
  expect(row).toBeTruthy();
  return row as OfferVersionRow;
}

/**
 * A second client on the test database that reports every SQL statement it sends. It is a client
 * of its own, so it also starts with an empty cache.
 */
function statementLoggingClient(url: string): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const target = resolveDatabaseTarget(url, dataDirOf(process.env));
  if (target.kind === "postgresql") {
    const client = new PostgresPrismaClient({
      adapter: new PrismaPg({ connectionString: target.url, max: 2 }),
      log: [{ emit: "event", level: "query" }],
    });
    client.$on("query", (event) => statements.push(event.query));
    return { db: client as unknown as Db, statements };
  }
  const client = new SqlitePrismaClient({
    adapter: new PrismaBetterSqlite3({ url: target.file, timeout: 10_000 }),
    log: [{ emit: "event", level: "query" }],
  });
  client.$on("query", (event) => statements.push(event.query));
  return { db: client, statements };
}

/** Statements that read offer versions or their prices and partners (not just Offer.latestVersion). */
const versionReads = (statements: string[]) =>
  statements.filter((sql) => /\bOffer(Version|Price|Partner)\b/.test(sql));

describe("findOfferVersions", () => {
  it("reads prices, eligible partners and countries of an explicit version and of the latest", async () => {
    const [bundle, pro, usOnly] = await findOfferVersions(t.db, [
      { id: "acme-exclusive-bundle" },
      { id: "pro-monthly", version: 1 },
      { id: "us-only-monthly" },
    ]);

    expect(present(bundle)).toMatchObject({
      offerId: "acme-exclusive-bundle",
      version: 1,
      name: "Acme Retail Bundle",
      billingPeriod: "month",
      published: true,
      addOn: false,
      openToAllPartners: false,
      eligiblePartners: [{ partnerId: acmeId }],
    });
    expect(pricesOf(present(bundle))).toEqual({ GBP: 9900, EUR: 11000 });
    expect(countriesOf(present(bundle).countries)).toEqual(["GB", "IE"]);

    expect(present(pro)).toMatchObject({
      offerId: "pro-monthly",
      version: 1,
      productCode: "PRO",
      minQuantity: 1,
      maxQuantity: 500,
      openToAllPartners: true,
      eligiblePartners: [],
    });
    expect(pricesOf(present(pro))).toEqual({ GBP: 4900, EUR: 5500, USD: 5900 });
    // No country list means every country (null), not an empty list.
    expect(countriesOf(present(pro).countries)).toBeNull();

    expect(pricesOf(present(usOnly))).toEqual({ USD: 3900 });
    expect(countriesOf(present(usOnly).countries)).toEqual(["US"]);
  });

  it("answers null at the position of an unknown offer or version and fills every other position", async () => {
    const rows = await findOfferVersions(t.db, [
      { id: "starter-monthly" },
      { id: "no-such-offer" },
      { id: "starter-monthly", version: 99 },
      { id: "setup-fee", version: 1 },
      { id: "starter-monthly" },
    ]);

    expect(rows.map((r) => (r ? `${r.offerId}@${r.version}` : null))).toEqual([
      "starter-monthly@1",
      null,
      null,
      "setup-fee@1",
      "starter-monthly@1",
    ]);
    expect(await findOfferVersions(t.db, [])).toEqual([]);
  });

  it("sees a newly imported version at once as the latest, while the old version stays readable", async () => {
    await importPlan(t.db, "lookup-repriced", 1000);
    // Read (and so cache) version 1 as the latest before the catalogue changes.
    expect(present((await findOfferVersions(t.db, [{ id: "lookup-repriced" }]))[0]).version).toBe(1);

    await importPlan(t.db, "lookup-repriced", 1200);
    const [latest, first] = await findOfferVersions(t.db, [
      { id: "lookup-repriced" },
      { id: "lookup-repriced", version: 1 },
    ]);
    expect(present(latest)).toMatchObject({ version: 2, published: true });
    expect(pricesOf(present(latest))).toEqual({ GBP: 1200 });
    expect(present(first)).toMatchObject({ version: 1 });
    expect(pricesOf(present(first))).toEqual({ GBP: 1000 });

    // Withdrawing an offer is also a new version: the latest is then the unpublished one.
    await importPlan(t.db, "lookup-repriced", 1200, { published: false });
    const [withdrawn, previous] = await findOfferVersions(t.db, [
      { id: "lookup-repriced" },
      { id: "lookup-repriced", version: 2 },
    ]);
    expect(present(withdrawn)).toMatchObject({ version: 3, published: false });
    expect(present(previous)).toMatchObject({ version: 2, published: true });
  });

  it("returns frozen rows, so a caller that mutates one throws instead of changing what others read", async () => {
    const [row] = await findOfferVersions(t.db, [{ id: "acme-exclusive-bundle" }]);
    const bundle = present(row);

    expect(() => {
      bundle.name = "Tampered";
    }).toThrow(TypeError);
    expect(() => {
      bundle.published = false;
    }).toThrow(TypeError);
    expect(() => {
      const [price] = bundle.prices;
      if (price) price.unitAmount = 1;
    }).toThrow(TypeError);
    expect(() => bundle.prices.push({ currency: "USD", unitAmount: 1, stripePriceId: null })).toThrow(
      TypeError,
    );
    expect(() => bundle.eligiblePartners.push({ partnerId: "someone-else" })).toThrow(TypeError);
    expect(() => {
      const [partner] = bundle.eligiblePartners;
      if (partner) partner.partnerId = "someone-else";
    }).toThrow(TypeError);
    expect(() => (bundle.countries as string[]).push("FR")).toThrow(TypeError);

    const [again] = await findOfferVersions(t.db, [{ id: "acme-exclusive-bundle" }]);
    expect(present(again)).toMatchObject({
      name: "Acme Retail Bundle",
      published: true,
      eligiblePartners: [{ partnerId: acmeId }],
    });
    expect(pricesOf(present(again))).toEqual({ GBP: 9900, EUR: 11000 });
    expect(countriesOf(present(again).countries)).toEqual(["GB", "IE"]);
  });

  it("keeps the rows of two databases apart, even for the same offer id and version", async () => {
    const other = await createTestDatabase();
    try {
      await importPlan(t.db, "lookup-shared-id", 1000);
      await importPlan(other.db, "lookup-shared-id", 2000);

      // Each database is read first once so that the other's row is already cached by then.
      const [mine] = await findOfferVersions(t.db, [{ id: "lookup-shared-id" }]);
      const [theirs] = await findOfferVersions(other.db, [{ id: "lookup-shared-id", version: 1 }]);
      expect(pricesOf(present(mine))).toEqual({ GBP: 1000 });
      expect(pricesOf(present(theirs))).toEqual({ GBP: 2000 });

      const [mineAgain] = await findOfferVersions(t.db, [{ id: "lookup-shared-id", version: 1 }]);
      const [theirsAgain] = await findOfferVersions(other.db, [{ id: "lookup-shared-id" }]);
      expect(pricesOf(present(mineAgain))).toEqual({ GBP: 1000 });
      expect(pricesOf(present(theirsAgain))).toEqual({ GBP: 2000 });
    } finally {
      await other.close();
    }
  });

  it("does not read a cached version again: a repeat call sends only the query for the latest versions", async () => {
    await importPlan(t.db, "lookup-counted", 1000);
    const { db, statements } = statementLoggingClient(t.url);
    try {
      const refs = [{ id: "lookup-counted" }, { id: "starter-annual", version: 1 }];
      const first = await findOfferVersions(db, refs);
      expect(versionReads(statements)).not.toEqual([]);

      statements.length = 0;
      const second = await findOfferVersions(db, refs);
      expect(statements).toHaveLength(1);
      expect(versionReads(statements)).toEqual([]);
      expect(second[0]).toBe(first[0]);
      expect(second[1]).toBe(first[1]);

      // A new version is read on its own; the version cached alongside it is not read again.
      await importPlan(t.db, "lookup-counted", 1100);
      statements.length = 0;
      const third = await findOfferVersions(db, refs);
      expect(versionReads(statements).length).toBeGreaterThan(0);
      expect(present(third[0])).toMatchObject({ offerId: "lookup-counted", version: 2 });
      expect(third[1]).toBe(first[1]);
    } finally {
      await db.$disconnect();
    }
  });
});

describe("previewOrder with a cached offer version", () => {
  it("prices the version the catalogue has just imported, not the one it priced before", async () => {
    const acme = await staffScope(t.db, "staff@acme.test");
    const deps = testDeps(); // GB tax 20 %
    const body = {
      order_type: "new",
      orderItems: [{ offer: { id: "lookup-preview-plan" }, quantity: 2 }],
      customerDetails: { firstName: "Ada", lastName: "Lovelace", email: "ada.preview@example.test" },
      billingDetails: { address1: "1 High Street", city: "London", postalCode: "N1 1AA", country: "GB" },
      country: "GB",
    };
    await importPlan(t.db, "lookup-preview-plan", 1000);
    const before = await previewOrder(t.db, acme, body, deps);
    expect(before.lineItems).toEqual([
      expect.objectContaining({ offer: expect.objectContaining({ version: 1 }), unitAmount: 1000 }),
    ]);

    await importPlan(t.db, "lookup-preview-plan", 1500);
    const after = await previewOrder(t.db, acme, body, deps);
    expect(after.eligibility.problems).toEqual([]);
    // 2 x 1500 = 3000 + 20 % tax 600.
    expect(after.lineItems).toEqual([
      expect.objectContaining({
        offer: expect.objectContaining({ id: "lookup-preview-plan", version: 2 }),
        unitAmount: 1500,
        amountWithoutTax: 3000,
        taxAmount: 600,
        amount: 3600,
      }),
    ]);
    expect(after.total).toBe(3600);
  });
});
