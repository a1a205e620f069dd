// Property-based fuzzing of the two order bodies over HTTP (fast-check): random JSON, wrong
// types at known fields, huge strings, deep nesting, unicode, and prototype-pollution keys.
// Every generated body is invalid by construction, so every answer must be a 4xx (never a 5xx,
// never a success) that matches the contract, and the fuzzed partner must still have no orders.
// The partner and its API clients are made fresh for this file, so counts are exact.
import fc from "fast-check";
import { expect, test } from "./support/fixtures";
import { unique } from "./support/http";
import { accessToken } from "./support/oauth";
import { createApiClient, createPartner } from "./support/operator-cli";
import { newOrder } from "./support/orders";
import { PartnerApi } from "./support/partner-api";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];
type Case = { label: string; text: string };

const ORDER_TYPES = ["new", "change_offer", "add_offer", "cancel", "renew"];

const base = fc
  .record({ id: fc.uuid(), mail: fc.uuid() })
  .map(
    ({ id, mail }) =>
      newOrder({ externalId: `fuzz-${id}`, email: `${mail}@fuzz.test` }) as unknown as Record<string, Json>,
  );

function withValue(order: Record<string, Json>, path: Path, value: Json): Record<string, Json> {
  const copy = structuredClone(order);
  let node: Json = copy;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, Json>)[key] as Json;
  (node as Record<string | number, Json>)[path.at(-1) ?? ""] = value;
  return copy;
}

/** Places raw JSON text (which JSON.stringify could not produce) at a path. */
function withRaw(order: Record<string, Json>, path: Path, raw: string): string {
  if (path.length === 0) return raw;
  return JSON.stringify(withValue(order, path, "\u0001RAW\u0001")).replace('"\\u0001RAW\\u0001"', raw);
}

const isPlainObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);

/** Fields with the kinds of value that could ever be valid there; the fuzzer puts anything else. */
const TYPED_FIELDS: { path: Path; couldBeValid: (v: Json) => boolean }[] = [
  { path: ["order_type"], couldBeValid: (v) => typeof v === "string" && ORDER_TYPES.includes(v) },
  { path: ["orderItems"], couldBeValid: (v) => Array.isArray(v) },
  { path: ["orderItems", 0], couldBeValid: isPlainObject },
  { path: ["orderItems", 0, "quantity"], couldBeValid: (v) => typeof v === "number" },
  { path: ["orderItems", 0, "offer"], couldBeValid: isPlainObject },
  { path: ["orderItems", 0, "offer", "id"], couldBeValid: (v) => typeof v === "string" },
  { path: ["customerDetails"], couldBeValid: isPlainObject },
  { path: ["customerDetails", "email"], couldBeValid: (v) => typeof v === "string" },
  { path: ["customerDetails", "firstName"], couldBeValid: (v) => typeof v === "string" },
  { path: ["billingDetails"], couldBeValid: isPlainObject },
  { path: ["billingDetails", "city"], couldBeValid: (v) => typeof v === "string" },
  { path: ["country"], couldBeValid: (v) => typeof v === "string" },
  { path: ["external_id"], couldBeValid: (v) => typeof v === "string" },
  { path: ["process_immediately"], couldBeValid: (v) => typeof v === "boolean" },
  { path: ["orderDate"], couldBeValid: (v) => typeof v === "string" },
];

const STRING_FIELDS: Path[] = [
  ["external_id"],
  ["customerDetails", "firstName"],
  ["customerDetails", "email"],
  ["billingDetails", "address1"],
  ["billingDetails", "postalCode"],
  ["orderItems", 0, "offer", "id"],
  ["country"],
  ["order_type"],
];

const json = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>;

const randomJson: fc.Arbitrary<Case> = json.map((v) => ({ label: "random JSON", text: JSON.stringify(v) }));

const wrongTypes: fc.Arbitrary<Case> = fc
  .tuple(base, fc.constantFrom(...TYPED_FIELDS), json)
  .filter(([, field, value]) => !field.couldBeValid(value))
  .map(([order, field, value]) => ({
    label: `wrong type at ${field.path.join(".")}`,
    text: JSON.stringify(withValue(order, field.path, value)),
  }));

const hugeStrings: fc.Arbitrary<Case> = fc
  .tuple(
    base,
    fc.constantFrom(...STRING_FIELDS),
    fc.integer({ min: 1_000, max: 400_000 }),
    fc.constantFrom("x", "é", "😀", " ", "\\"),
  )
  .map(([order, path, length, char]) => ({
    label: `${length} × ${JSON.stringify(char)} at ${path.join(".")}`,
    text: JSON.stringify(withValue(order, path, char.repeat(length))),
  }));

const deepNesting: fc.Arbitrary<Case> = fc
  .tuple(
    base,
    fc.constantFrom<Path>(
      [],
      ["orderItems"],
      ["orderItems", 0, "offer"],
      ["customerDetails"],
      ["billingDetails", "city"],
      ["deliveryDetails"],
    ),
    fc.integer({ min: 64, max: 120_000 }),
    fc.boolean(),
  )
  .map(([order, path, depth, arrays]) => {
    const raw = arrays
      ? `${"[".repeat(depth)}${"]".repeat(depth)}`
      : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    return {
      label: `${arrays ? "arrays" : "objects"} ${depth} deep at ${path.join(".") || "the root"}`,
      text: withRaw(order, path, raw),
    };
  });

const KNOWN_KEYS = new Set([
  "order_type",
  "orderItems",
  "customerDetails",
  "customer",
  "billingDetails",
  "deliveryDetails",
  "country",
  "currency",
  "orderDiscount",
  "orderDate",
  "external_id",
  "process_immediately",
]);
const unicodeText = fc.string({ unit: "binary", minLength: 1, maxLength: 60 });

const unicode: fc.Arbitrary<Case> = fc
  .tuple(
    base,
    unicodeText,
    unicodeText,
    unicodeText.filter((s) => !s.includes("@")),
    unicodeText.filter((k) => !KNOWN_KEYS.has(k.trim())),
    unicodeText,
  )
  .chain(([order, first, last, email, key, value]) =>
    fc.constantFrom<Case>(
      // Unicode names are fine; the email without "@" is what makes the order invalid.
      {
        label: "unicode names, invalid email",
        text: JSON.stringify({ ...order, customerDetails: { firstName: first, lastName: last, email } }),
      },
      { label: "unicode unknown key", text: JSON.stringify({ ...order, [key]: value }) },
      {
        label: "unicode order_type",
        text: JSON.stringify({ ...order, order_type: `${first}${ORDER_TYPES.includes(first) ? "x" : ""}` }),
      },
      { label: "unicode country", text: JSON.stringify({ ...order, country: `${first}${last}€` }) },
    ),
  );

const POLLUTION_KEYS = [
  '"__proto__"',
  '"constructor"',
  '"prototype"',
  '"__defineGetter__"',
  '"hasOwnProperty"',
  '"toString"',
];

const prototypePollution: fc.Arbitrary<Case> = fc
  .tuple(
    base,
    fc.constantFrom<Path>(
      [],
      ["customerDetails"],
      ["billingDetails"],
      ["orderItems", 0],
      ["orderItems", 0, "offer"],
    ),
    fc.constantFrom(...POLLUTION_KEYS),
    fc.oneof(
      json,
      fc.constant<Json>({ polluted: true, isAdmin: true, partnerId: "ptn_x" }),
      fc.constant<Json>({ prototype: { polluted: true } }),
    ),
  )
  .map(([order, path, key, value]) => {
    // The rest of the order is valid: only the polluting key may make it fail.
    const target = withValue(order, [...path, "\u0001KEY\u0001"], value);
    return {
      label: `${key} in ${path.join(".") || "the root"}`,
      text: JSON.stringify(target).replace('"\\u0001KEY\\u0001"', key),
    };
  });

const ARBITRARIES: [string, fc.Arbitrary<Case>, number][] = [
  ["random JSON", randomJson, 50],
  ["wrong types", wrongTypes, 60],
  ["huge strings", hugeStrings, 15],
  ["deep nesting", deepNesting, 20],
  ["unicode", unicode, 40],
  ["prototype pollution", prototypePollution, 40],
];

test.describe("fuzzed order bodies", () => {
  let partner: string;
  test.beforeAll(async () => {
    partner = unique("fuzz").slice(0, 40).toLowerCase();
    await createPartner(partner, "Fuzz target");
  });

  for (const endpoint of ["preview", "submit"] as const) {
    test(`POST /partner/order${endpoint === "preview" ? "/preview" : ""} answers only 4xx and stores nothing`, async ({
      contract,
    }) => {
      test.setTimeout(90_000);
      const client = await createApiClient(partner, `fuzz ${endpoint}`);
      const api = PartnerApi.bearer(contract, await accessToken(contract, client));
      const count = async () =>
        (await api.listOrders<{ items: unknown[] }>({ limit: "100" })).body.items.length;
      expect(await count()).toBe(0);

      const statuses = new Map<number, number>();
      for (const [name, arbitrary, numRuns] of ARBITRARIES) {
        await fc.assert(
          fc.asyncProperty(arbitrary, async ({ label, text }) => {
            const answer = await (endpoint === "preview"
              ? api.preview(undefined, { body: text, headers: { "content-type": "application/json" } })
              : api.submit(undefined, { body: text, headers: { "content-type": "application/json" } }));
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            // A 4xx, but neither an auth nor a throttling answer: the body itself must have been
            // judged. (A plain throw, not expect: fast-check shrinks on it, and hundreds of
            // passing expects would each be recorded as a Playwright step.)
            if (answer.status < 400 || answer.status >= 500 || [401, 403, 429].includes(answer.status)) {
              throw new Error(`${name}: ${label}: answered ${answer.status}: ${answer.text.slice(0, 300)}`);
            }
          }),
          { numRuns },
        );
      }
      test
        .info()
        .annotations.push({ type: "statuses", description: JSON.stringify(Object.fromEntries(statuses)) });
      expect(await count()).toBe(0);
      // The server is still well: a valid preview prices normally.
      expect((await api.preview(newOrder())).status).toBe(200);
    });
  }
});
