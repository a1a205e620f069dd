// Customer search through the trigram index (FTS5 on SQLite, pg_trgm on PostgreSQL): the same
// answers as reading every customer, for substrings anywhere in the name or email, for terms too
// short or too common for the index, and never another partner's customer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDeps } from "../../../tests/helpers/fixtures";
import { newOrder, partnerWithStaff } from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { databaseKindOf } from "../../infra/db/client";
import type { PartnerScope } from "../auth/partner-scope";
import { importOffers } from "../catalog/import-offers";
import { submitOrder } from "../orders/submit-order";
import { customerSearchCandidates } from "./customer-search";
import { listCustomers } from "./customer-service";

let t: TestDatabase;
let scope: PartnerScope;
let other: PartnerScope;
const owners: Record<string, string> = {};

const PEOPLE = [
  ["Ada", "Lovelace", "ada.lovelace@engine.example"],
  ["Grace", "Hopper", "grace_hopper@navy.example"],
  ["Zoë", "Ångström", "zoe@uppsala.example"],
  ["Seán", "O'Brien", "sean.obrien@dublin.example"],
  // A name as a partner's system might send it, to show that % is taken literally.
  ["Alan", "Turing 100%", "alan.turing@bletchley.example"],
  ["Katherine", "Johnson", "kj@nasa.example"],
  // Newer than Grace, and "e h" in their names is what the LIKE pattern '%e_h%' also matches.
  ["Rene", "Hart", "rh@paris.example"],
  ["Irene", "Hill", "ih@york.example"],
] as const;

async function addCustomer(partner: PartnerScope, [firstName, lastName, email]: readonly string[]) {
  const { order } = await submitOrder(
    t.db,
    partner,
    newOrder([{ id: "plan", quantity: 1 }], { customerDetails: { firstName, lastName, email } }),
    {},
    testDeps(),
  );
  return order.owner;
}

beforeAll(async () => {
  t = await createTestDatabase();
  scope = (await partnerWithStaff(t.db, { slug: "searchco", name: "Search Co" })).scope;
  other = (await partnerWithStaff(t.db, { slug: "otherco", name: "Other Co" })).scope;
  await importOffers(t.db, {
    offers: [{ id: "plan", name: "Plan", productCode: "P", billingPeriod: "month", prices: { GBP: 1000 } }],
  });
  for (const person of PEOPLE) owners[person[2]] = await addCustomer(scope, person);
  // Same name and a near email at another partner: never part of this partner's answers.
  await addCustomer(other, ["Ada", "Lovelace", "ada.lovelace@engine.other"]);
});
afterAll(async () => t?.close());

const emailsFor = async (q: string, partner = scope) =>
  (await listCustomers(t.db, partner, { q })).items.map((c) => c.email).sort();

describe("customer search", () => {
  it("finds a substring anywhere in the name or the email, in any case", async () => {
    expect(await emailsFor("VELAC")).toEqual(["ada.lovelace@engine.example"]);
    expect(await emailsFor("ada love")).toEqual(["ada.lovelace@engine.example"]);
    expect(await emailsFor("hopper@navy")).toEqual(["grace_hopper@navy.example"]);
    expect(await emailsFor("nasa.exam")).toEqual(["kj@nasa.example"]);
    expect(await emailsFor(".example")).toHaveLength(PEOPLE.length);
  });

  it("finds names with letters beyond ASCII and with quotes", async () => {
    expect(await emailsFor("ångst")).toEqual(["zoe@uppsala.example"]);
    expect(await emailsFor("ZOË")).toEqual(["zoe@uppsala.example"]);
    expect(await emailsFor("o'bri")).toEqual(["sean.obrien@dublin.example"]);
  });

  it('takes % and _ and " literally, not as patterns or syntax', async () => {
    expect(await emailsFor("e_hop")).toEqual(["grace_hopper@navy.example"]);
    expect(await emailsFor("100%")).toEqual(["alan.turing@bletchley.example"]);
    expect(await emailsFor("a_lov")).toEqual([]);
    expect(await emailsFor('ada"love')).toEqual([]);
    expect(await emailsFor("n%g")).toEqual([]);
    expect(await emailsFor("10_%")).toEqual([]);
    // Too short for the index: read newest first, past the newer customers that only LIKE matches.
    const page = await listCustomers(t.db, scope, { q: "e_h", limit: 1 });
    expect(page.items.map((c) => c.email)).toEqual(["grace_hopper@navy.example"]);
    expect(page.next_cursor).toBeNull();
  });

  it("answers terms shorter than a trigram by reading the customers", async () => {
    expect(await customerSearchCandidates(t.db, scope.partnerId, "kj")).toBeNull();
    expect(await emailsFor("kj")).toEqual(["kj@nasa.example"]);
    expect(await emailsFor("ö")).toEqual(["zoe@uppsala.example"]);
  });

  it("checks the whole term, not only its words", async () => {
    expect(await emailsFor("navy.example")).toEqual(["grace_hopper@navy.example"]);
    expect(await emailsFor("example navy")).toEqual([]);
    expect(await emailsFor("grace lovelace")).toEqual([]);
    expect(await emailsFor("lovelace@engine.example")).toEqual(["ada.lovelace@engine.example"]);
  });

  it("narrows by a rare word alone when it can, and the whole term still decides", async () => {
    const ada = owners["ada.lovelace@engine.example"];
    // The index is asked for "lovelace" alone first (the longer word, one holder): a superset.
    expect(await customerSearchCandidates(t.db, scope.partnerId, "grace lovelace")).toEqual([ada]);
    expect(await emailsFor("grace lovelace")).toEqual([]);
    expect(await customerSearchCandidates(t.db, scope.partnerId, "example nobodyhasthis")).toEqual([]);
    // "example" (tried alone first) has too many holders for a limit of 1, so the whole term is
    // asked: on SQLite, the customers holding both words; on PostgreSQL, those containing q.
    const sqlite = databaseKindOf(t.db) === "sqlite";
    expect(await customerSearchCandidates(t.db, scope.partnerId, "example ada", 1)).toEqual(
      sqlite ? [ada] : [],
    );
    expect(await customerSearchCandidates(t.db, scope.partnerId, "example engine", 0)).toEqual(
      sqlite ? null : [],
    );
  });

  it("gives up on the index past the candidate limit, and the answer stays the same", async () => {
    expect(await customerSearchCandidates(t.db, scope.partnerId, "example", 3)).toBeNull();
    expect(await customerSearchCandidates(t.db, scope.partnerId, "example", PEOPLE.length)).toHaveLength(
      PEOPLE.length,
    );
    const { items, next_cursor } = await listCustomers(t.db, scope, { q: "example", limit: 4 });
    expect(items).toHaveLength(4);
    const rest = await listCustomers(t.db, scope, { q: "example", limit: 4, cursor: next_cursor ?? "" });
    expect([...items, ...rest.items].map((c) => c.owner).sort()).toEqual(Object.values(owners).sort());
    expect(rest.next_cursor).toBeNull();
  });

  it("pages through the index's matches newest first, each once", async () => {
    const all = (await listCustomers(t.db, scope, {})).items.map((c) => c.owner);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await listCustomers(t.db, scope, { q: "exam", limit: 2, cursor });
      seen.push(...page.items.map((c) => c.owner));
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    expect(seen).toEqual(all);
  });

  it("finds a customer by its owner id, and nothing for a term no one has", async () => {
    const owner = owners["kj@nasa.example"] as string;
    expect((await listCustomers(t.db, scope, { q: owner })).items.map((c) => c.owner)).toEqual([owner]);
    expect(await emailsFor("nobody-has-this")).toEqual([]);
  });

  it("never answers with another partner's customer, whichever way it searches", async () => {
    expect(await emailsFor("lovelace", other)).toEqual(["ada.lovelace@engine.other"]);
    expect(await emailsFor("engine.other")).toEqual([]);
    expect(await emailsFor("hopper", other)).toEqual([]);
    expect(await emailsFor("kj", other)).toEqual([]);
    const otherOwner = (await listCustomers(t.db, other, {})).items[0]?.owner as string;
    expect(await emailsFor(otherOwner)).toEqual([]);
    const candidates = await customerSearchCandidates(t.db, scope.partnerId, "lovelace");
    expect(candidates).toEqual([owners["ada.lovelace@engine.example"]]);
  });
});
