// Renewals and endings: the partner's active subscriptions that renew, end or are cancelled within
// the window, soonest first, paged by the keyset cursor; never another partner's; and the CSV.
// Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { domainError, NOW, newOrder } from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { addMonthsUtc } from "../../domain/dates";
import type { PartnerScope } from "../auth/partner-scope";
import { submitOrder } from "../orders/submit-order";
import { renewalsCsv } from "./renewals-csv";
import { upcomingRenewals } from "./upcoming-renewals";

const DAY_MS = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY_MS);

let t: TestDatabase;
let acme: PartnerScope;
let globex: PartnerScope;
/** Subscription references by what the test made them for. */
const made: Record<string, string> = {};

/** A 12-month subscription placed 12 months before `termEnd`, so its term ends then. */
async function termedEndingAt(scope: PartnerScope, termEnd: Date, extra: Record<string, unknown> = {}) {
  const { order } = await submitOrder(
    t.db,
    scope,
    newOrder([{ id: "pro-annual", quantity: 2 }], {
      orderDate: addMonthsUtc(termEnd, -12).toISOString(),
      ...extra,
    }),
    {},
    testDeps(),
  );
  return order.subscriptionReference;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  acme = await staffScope(t.db, "staff@acme.test");
  globex = await staffScope(t.db, "staff@globex.test");

  made.in20 = await termedEndingAt(acme, inDays(20), {
    customerDetails: { firstName: "=HYPERLINK(1)", lastName: "Tester", email: "formula@example.test" },
  });
  made.in120 = await termedEndingAt(acme, inDays(120));
  made.in45 = await termedEndingAt(acme, inDays(45));
  // Two with the same end: the id breaks the tie, across pages too.
  made.in70a = await termedEndingAt(acme, inDays(70));
  made.in70b = await termedEndingAt(acme, inDays(70));
  made.globex20 = await termedEndingAt(globex, inDays(20));

  // Billed by Stripe, whose terms renew by themselves.
  made.stripe10 = await termedEndingAt(acme, inDays(10));
  await t.db.order.updateMany({
    where: { subscription: { reference: made.stripe10 } },
    data: { billingProvider: "stripe" },
  });

  // Cancelled at the end of its term, 50 days from now.
  made.cancel50 = await termedEndingAt(acme, inDays(50));
  await submitOrder(
    t.db,
    acme,
    {
      order_type: "cancel",
      forSubscription: { reference: made.cancel50 },
      effective: "end_of_term",
      reason: "Moving",
    },
    {},
    testDeps(),
  );

  // Ended already: not listed although its term would end within the window.
  made.cancelledNow = await termedEndingAt(acme, inDays(15));
  await submitOrder(
    t.db,
    acme,
    { order_type: "cancel", forSubscription: { reference: made.cancelledNow }, effective: "immediately" },
    {},
    testDeps(),
  );
});
afterAll(async () => t?.close());

/** The two subscriptions ending at the same moment, in the order of their ids (the tie-break). */
async function tiedByIdOrder() {
  const rows = await t.db.subscription.findMany({
    where: { reference: { in: [made.in70a ?? "", made.in70b ?? ""] } },
    orderBy: { id: "asc" },
    select: { reference: true },
  });
  return rows.map((r) => r.reference);
}

const refs = async (scope: PartnerScope, query: Parameters<typeof upcomingRenewals>[2]) =>
  (await upcomingRenewals(t.db, scope, query, NOW)).items.map((r) => r.reference);

describe("upcoming renewals", () => {
  it("lists a term ending in 20 days and not one ending in 120; 30 days by default", async () => {
    const page = await upcomingRenewals(t.db, acme, {}, NOW);
    expect(page.items.map((r) => r.reference)).toEqual([made.stripe10, made.in20]);
    expect(page.next_cursor).toBeNull();
    const [stripe, in20] = page.items;
    expect(stripe).toMatchObject({ kind: "renews", at: inDays(10).toISOString() });
    expect(in20).toMatchObject({
      kind: "ends",
      at: inDays(20).toISOString(),
      status: "active",
      currency: "GBP",
      customer: { name: "=HYPERLINK(1) Tester", email: "formula@example.test" },
      offers: [{ id: "pro-annual", quantity: 2 }],
    });
    // Two of the 12-month plan, per year, in integer minor units.
    expect(in20?.amounts).toEqual([{ period: "year", amount: expect.any(Number) }]);
    expect(in20?.amounts[0]?.amount).toBeGreaterThan(0);
    expect(Number.isInteger(in20?.amounts[0]?.amount)).toBe(true);

    expect(await refs(acme, { within: 90 })).not.toContain(made.in120);
    expect(await refs(acme, { within: 90 })).not.toContain(made.cancelledNow);
  });

  it("widens to 60 and 90 days, in date order, with what happens to each", async () => {
    const sixty = await upcomingRenewals(t.db, acme, { within: 60 }, NOW);
    expect(sixty.items.map((r) => [r.reference, r.kind])).toEqual([
      [made.stripe10, "renews"],
      [made.in20, "ends"],
      [made.in45, "ends"],
      [made.cancel50, "cancels"],
    ]);
    expect(sixty.items[3]).toMatchObject({ at: inDays(50).toISOString(), cancelReason: "Moving" });
    const tied = await tiedByIdOrder();
    expect(await refs(acme, { within: 90 })).toEqual([
      made.stripe10,
      made.in20,
      made.in45,
      made.cancel50,
      ...tied,
    ]);
    await domainError(upcomingRenewals(t.db, acme, { within: 45 }, NOW), "VALIDATION");
  });

  it("filters by what happens and by customer", async () => {
    expect(await refs(acme, { within: 90, kind: "cancels" })).toEqual([made.cancel50]);
    expect(await refs(acme, { within: 90, kind: "renews" })).toEqual([made.stripe10]);
    expect(await refs(acme, { within: 90, kind: "ends" })).toEqual([
      made.in20,
      made.in45,
      ...(await tiedByIdOrder()),
    ]);
    expect(await refs(acme, { within: 90, q: "FORMULA@example" })).toEqual([made.in20]);
    expect(await refs(acme, { within: 90, q: "=hyperlink" })).toEqual([made.in20]);
    expect(await refs(acme, { within: 90, q: (made.in45 ?? "").toLowerCase() })).toEqual([made.in45]);
  });

  it("never lists another partner's subscriptions", async () => {
    expect(await refs(globex, { within: 90 })).toEqual([made.globex20]);
    expect(await refs(acme, { within: 90 })).not.toContain(made.globex20);
    expect(await refs(acme, { within: 90, q: (made.globex20 ?? "").toLowerCase() })).toEqual([]);
  });

  it("pages through the list once, in order, whatever the page size", async () => {
    const all = await refs(acme, { within: 90, limit: 100 });
    expect(all).toHaveLength(6);
    for (const limit of [1, 2, 4]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await upcomingRenewals(t.db, acme, { within: 90, limit, cursor }, NOW);
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items.map((r) => r.reference));
        if (!page.next_cursor) break;
        cursor = page.next_cursor;
      }
      expect(seen, `pages of ${limit}`).toEqual(all);
    }
    await domainError(upcomingRenewals(t.db, acme, { cursor: "not-a-cursor" }, NOW), "VALIDATION");
  });

  it("writes the filtered list as CSV, formula cells defused", async () => {
    let text = "";
    for await (const chunk of renewalsCsv(t.db, acme, { within: 60 }, NOW)) text += chunk;
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "subscription_reference,what_happens,on,customer_name,customer_email,customer_owner,offers,currency,amount_per_month,amount_per_year,term_end,cancel_reason",
    );
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual([
      made.stripe10,
      made.in20,
      made.in45,
      made.cancel50,
    ]);
    const in20 = lines[2] ?? "";
    expect(in20).toContain(`${made.in20},ends,${inDays(20).toISOString()},'=HYPERLINK(1) Tester,`);
    expect(in20).toMatch(/,GBP,,\d+\.\d{2},/);
    expect(lines[4]).toContain(",cancels,");
    expect(lines[4]?.endsWith(",Moving")).toBe(true);

    let filtered = "";
    for await (const chunk of renewalsCsv(t.db, acme, { within: 90, kind: "cancels" }, NOW))
      filtered += chunk;
    expect(filtered.trimEnd().split("\r\n")).toHaveLength(2);
  });
});
