// Prices in the Stripe fake, as Stripe's API reference ("Prices") documents them:
// - POST /v1/prices: `currency` and `product` (an existing product) are required, `unit_amount` a
//   non-negative integer, `recurring[interval]` one of day, week, month, year (absent: a one_time
//   price), `tax_behavior` one of exclusive, inclusive, unspecified (default unspecified),
//   `lookup_key` unique in the account (taken over from another price only with
//   `transfer_lookup_key`; else 400 on param `lookup_key`, "A price (`price_...`) already uses that
//   lookup key.", without a code); any other parameter is refused ("Received unknown parameter").
// - GET /v1/prices/:id (404 resource_missing), GET /v1/prices filtered on `lookup_keys[]`,
//   `active`, `product`, `currency`, `type`, paged with `limit` (newest first).
// - A price named by `price` (subscription items, add_invoice_items, the preview's invoice_items)
//   or `pricing[price]` (invoice items) must exist (400 resource_missing); a subscription item
//   needs a recurring price, an invoice item a one_time one; a price whose currency is not the
//   invoice's or subscription's is refused.
import type { RecordedRequest } from "../fake-http-server";
import type { FormValue } from "../form-body";
import {
  bool,
  type Form,
  int,
  invalid,
  missing,
  noSuch,
  obj,
  type StripeFakeState,
  str,
  stringRecord,
  type TaxBehavior,
} from "./fake-state";
import type { FakeList, FakePrice } from "./fake-types";

const PRICE_PARAMS = new Set([
  "active",
  "billing_scheme",
  "currency",
  "expand",
  "lookup_key",
  "metadata",
  "nickname",
  "product",
  "recurring",
  "tax_behavior",
  "transfer_lookup_key",
  "unit_amount",
]);
const RECURRING_PARAMS = new Set(["interval", "interval_count", "usage_type"]);
type Recurring = NonNullable<FakePrice["recurring"]>;
const INTERVALS: readonly Recurring["interval"][] = ["day", "week", "month", "year"];
const USAGE_TYPES: readonly Recurring["usage_type"][] = ["licensed", "metered"];

function oneOf<T extends string>(value: string, allowed: readonly T[]): value is T {
  return (allowed as readonly string[]).includes(value);
}

function refuseUnknown(body: Form, known: ReadonlySet<string>, prefix = ""): void {
  for (const key of Object.keys(body)) {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (!known.has(key)) throw invalid(`Received unknown parameter: ${name}`, "parameter_unknown", name);
  }
}

function usageTypeOf(value: string | undefined): Recurring["usage_type"] {
  if (value === undefined) return "licensed";
  if (!oneOf(value, USAGE_TYPES))
    throw invalid(
      "Invalid recurring[usage_type]: must be one of licensed or metered",
      "parameter_invalid_string",
      "recurring[usage_type]",
    );
  return value;
}

export function createPrice(state: StripeFakeState, body: Form): FakePrice {
  refuseUnknown(body, PRICE_PARAMS);
  const currency = str(body.currency);
  if (!currency) throw missing("currency");
  if (!/^[a-z]{3}$/.test(currency))
    throw invalid(`Invalid currency: ${currency}`, "parameter_invalid_string", "currency");
  const productId = str(body.product);
  if (!productId) throw missing("product");
  if (body.unit_amount === undefined) throw missing("unit_amount");
  const unitAmount = int(body.unit_amount, "unit_amount");
  if (unitAmount < 0)
    throw invalid(
      "This value must be greater than or equal to 0.",
      "parameter_invalid_integer",
      "unit_amount",
    );
  let recurring: FakePrice["recurring"] = null;
  if (body.recurring !== undefined) {
    const r = obj(body.recurring);
    refuseUnknown(r, RECURRING_PARAMS, "recurring");
    const interval = str(r.interval);
    if (!interval) throw missing("recurring[interval]");
    if (!oneOf(interval, INTERVALS))
      throw invalid(
        `Invalid recurring[interval]: must be one of day, month, week, or year`,
        "parameter_invalid_string",
        "recurring[interval]",
      );
    recurring = {
      interval,
      interval_count: r.interval_count === undefined ? 1 : int(r.interval_count, "recurring[interval_count]"),
      meter: null,
      trial_period_days: null,
      usage_type: usageTypeOf(str(r.usage_type)),
    };
  }
  const taxBehavior = str(body.tax_behavior) ?? "unspecified";
  if (taxBehavior !== "exclusive" && taxBehavior !== "inclusive" && taxBehavior !== "unspecified")
    throw invalid(
      `Invalid tax_behavior: must be one of exclusive, inclusive, or unspecified`,
      "parameter_invalid_string",
      "tax_behavior",
    );
  const lookupKey = str(body.lookup_key) ?? null;
  if (lookupKey !== null && lookupKey.length > 200)
    throw invalid("lookup_key must be at most 200 characters", "parameter_invalid_string", "lookup_key");
  const transfer = bool(body.transfer_lookup_key, "transfer_lookup_key") ?? false;
  // From here the account's objects decide: the endpoint is executing.
  if (!state.products.has(productId)) throw noSuch("product", productId, "product");
  const holder =
    lookupKey === null ? undefined : [...state.prices.values()].find((p) => p.lookup_key === lookupKey);
  // Stripe's message for it (as reported, e.g. stripe/stripe-ruby#933); its published error codes
  // name none for it, so the fake sends none rather than make one up.
  if (holder && !transfer)
    throw invalid(`A price (\`${holder.id}\`) already uses that lookup key.`, undefined, "lookup_key");
  if (holder) holder.lookup_key = null;
  const id = state.newId("price");
  const price = {
    id,
    object: "price",
    active: bool(body.active, "active") ?? true,
    billing_scheme: "per_unit",
    created: state.seconds(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: lookupKey,
    metadata: stringRecord(body.metadata),
    nickname: str(body.nickname) ?? null,
    product: productId,
    recurring,
    tax_behavior: taxBehavior,
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? "recurring" : "one_time",
    unit_amount: unitAmount,
    unit_amount_decimal: String(unitAmount),
  } satisfies FakePrice;
  state.prices.set(id, price);
  return price;
}

export function listPrices(state: StripeFakeState, request: RecordedRequest): FakeList<FakePrice> {
  const q = request.query;
  const lookupKeys = [...q.entries()].filter(([k]) => /^lookup_keys\[\d*\]$/.test(k)).map(([, v]) => v);
  const limit = Math.min(100, Math.max(1, Number(q.get("limit") ?? "10")));
  const active = q.get("active");
  const all = [...state.prices.values()]
    .reverse()
    .filter(
      (p) =>
        (lookupKeys.length === 0 || lookupKeys.includes(String(p.lookup_key))) &&
        (active === null || String(p.active) === active) &&
        (q.get("product") === null || p.product === q.get("product")) &&
        (q.get("currency") === null || p.currency === q.get("currency")) &&
        (q.get("type") === null || p.type === q.get("type")),
    );
  return { object: "list", data: all.slice(0, limit), has_more: all.length > limit, url: "/v1/prices" };
}

function taxBehaviorOfPrice(price: FakePrice): TaxBehavior {
  if (price.tax_behavior === "exclusive") return "exclusive";
  if (price.tax_behavior === "inclusive") return "inclusive";
  return "unspecified";
}

export type PriceRef = {
  product: string;
  priceId: string;
  currency: string;
  unitAmount: number;
  interval: "month" | "year";
  taxBehavior: TaxBehavior;
};

/** The existing price an item names (`param`: where, for the error), recurring or one_time as asked. */
export function requirePrice(
  state: StripeFakeState,
  value: FormValue | undefined,
  param: string,
  recurring: boolean,
): PriceRef {
  const id = str(value);
  const price = id ? state.prices.get(id) : undefined;
  if (!price) throw noSuch("price", id, param);
  if (recurring && price.type !== "recurring")
    throw invalid(
      `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`,
      undefined,
      param,
    );
  if (!recurring && price.type !== "one_time")
    throw invalid(
      `The price specified is set to \`type=recurring\` but this field only accepts prices with \`type=one_time\`.`,
      undefined,
      param,
    );
  const interval = price.recurring?.interval ?? "month";
  return {
    product: typeof price.product === "string" ? price.product : price.product.id,
    priceId: price.id,
    currency: price.currency,
    unitAmount: price.unit_amount ?? 0,
    interval: interval === "year" ? "year" : "month",
    taxBehavior: taxBehaviorOfPrice(price),
  };
}
