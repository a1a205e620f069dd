// Tax in the Stripe fake, the way Stripe documents it:
// - Tax rates (POST/GET /v1/tax_rates, GET /v1/tax_rates/:id): a display name, a percentage out of
//   100 (up to 4 decimals) and whether it is inclusive are required; listed newest first, filtered
//   on active and inclusive, paged with limit and starting_after/ending_before. Named by id in
//   `tax_rates` (items, invoice items; at most 5) and `default_tax_rates` (subscriptions,
//   invoices): an unknown id is refused (resource_missing), an archived one too.
// - A line's tax: for each of its rates (its own, else the invoice's defaults), an exclusive rate
//   on the line's amount after discounts, or the part of that amount an inclusive rate contains;
//   rounded half up, line by line. (Several inclusive rates on one line are each worked out on
//   the whole amount, which Stripe does not do; nothing here sends more than one.)
// - automatic_tax[enabled]: Stripe Tax. The fake account charges the rate the test gave it for the
//   customer's country (startStripeFake({ automaticTax: { GB: 2000 } }), like an account's tax
//   registrations), and nothing ("not_collecting") where it has none. It needs the customer's
//   country, prices that say whether they include tax, and no manual tax rates, or it refuses.
import type { RecordedRequest } from "../fake-http-server";
import type { FormValue } from "../form-body";
import {
  bool,
  type DraftLine,
  type Form,
  invalid,
  list,
  missing,
  noSuch,
  obj,
  roundHalfUp,
  type StripeFakeState,
  str,
  stringRecord,
  type TaxBehavior,
} from "./fake-state";
import type { FakeInvoice, FakeInvoiceLine, FakeList, FakeTaxRate } from "./fake-types";

/** One entry of an invoice line's `taxes`, and of the invoice's `total_taxes`. */
type LineTax = NonNullable<FakeInvoiceLine["taxes"]>[number];
type TotalTax = NonNullable<FakeInvoice["total_taxes"]>[number];

/** What decides the tax of one invoice. */
export type InvoiceTax = {
  automatic: boolean;
  /** The customer's country (automatic tax needs it). */
  country: string | null;
  /** Rates of the lines that have none of their own. */
  defaultTaxRates: string[];
};

const MAX_RATES_PER_ITEM = 5;
const MAX_DISPLAY_NAME = 50;
/** Percentages are kept as ten-thousandths of a percent (Stripe takes 4 decimals). */
const PERCENT_SCALE = 10_000;
const TAX_RATE_PARAMS = new Set([
  "active",
  "country",
  "description",
  "display_name",
  "expand",
  "inclusive",
  "jurisdiction",
  "metadata",
  "percentage",
  "state",
  "tax_type",
]);

function percentageOf(value: FormValue | undefined): number {
  if (value === undefined) throw missing("percentage");
  const text = str(value) ?? "";
  const match = /^(-?\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw invalid(`Invalid decimal: ${text}`, undefined, "percentage");
  if ((match[2] ?? "").length > 4)
    throw invalid("The percentage can have at most 4 decimal places.", undefined, "percentage");
  const percentage = Number(text);
  if (percentage < 0 || percentage > 100)
    throw invalid("The percentage must be between 0 and 100.", undefined, "percentage");
  return percentage;
}

function metadataOf(value: FormValue | undefined): Record<string, string> {
  const metadata = stringRecord(value);
  const entries = Object.entries(metadata);
  if (entries.length > 50) throw invalid("Metadata can have at most 50 keys.", undefined, "metadata");
  for (const [key, text] of entries) {
    if (key.length > 40 || text.length > 500)
      throw invalid("Metadata keys are at most 40 characters, values 500.", undefined, `metadata[${key}]`);
  }
  return metadata;
}

/** A tax rate; `fields`: what the request (or Stripe Tax) set, over Stripe's defaults. */
export function taxRateObject(
  state: StripeFakeState,
  id: string,
  fields: Pick<FakeTaxRate, "display_name" | "inclusive" | "percentage"> & Partial<FakeTaxRate>,
): FakeTaxRate {
  return {
    id,
    object: "tax_rate",
    active: true,
    country: null,
    created: state.seconds(),
    description: null,
    effective_percentage: null,
    flat_amount: null,
    jurisdiction: null,
    jurisdiction_level: null,
    livemode: false,
    metadata: {},
    rate_type: null,
    state: null,
    tax_type: null,
    ...fields,
  } satisfies FakeTaxRate;
}

const TAX_TYPES = new Set<string>([
  "amusement_tax",
  "communications_tax",
  "gst",
  "hst",
  "igst",
  "jct",
  "lease_tax",
  "pst",
  "qst",
  "retail_delivery_fee",
  "rst",
  "sales_tax",
  "service_tax",
  "vat",
]);

function taxTypeOf(value: FormValue | undefined): FakeTaxRate["tax_type"] {
  const text = str(value);
  if (text === undefined) return null;
  if (!TAX_TYPES.has(text))
    throw invalid(`Invalid tax_type: ${text}`, "parameter_invalid_string", "tax_type");
  return text as FakeTaxRate["tax_type"];
}

export function createTaxRate(state: StripeFakeState, body: Form): FakeTaxRate {
  for (const key of Object.keys(body)) {
    if (!TAX_RATE_PARAMS.has(key))
      throw invalid(`Received unknown parameter: ${key}`, "parameter_unknown", key);
  }
  const displayName = str(body.display_name);
  if (displayName === undefined || displayName.trim() === "") throw missing("display_name");
  if (displayName.length > MAX_DISPLAY_NAME)
    throw invalid(
      `Invalid string: must be at most ${MAX_DISPLAY_NAME} characters`,
      undefined,
      "display_name",
    );
  const inclusive = bool(body.inclusive, "inclusive");
  if (inclusive === undefined) throw missing("inclusive");
  const percentage = percentageOf(body.percentage);
  const country = str(body.country);
  if (country !== undefined && !/^[A-Z]{2}$/.test(country))
    throw invalid(`Country '${country}' is unknown.`, "country_code_invalid", "country");
  const rate = taxRateObject(state, state.newId("txr"), {
    active: bool(body.active, "active") ?? true,
    country: country ?? null,
    description: str(body.description) ?? null,
    display_name: displayName,
    inclusive,
    jurisdiction: str(body.jurisdiction) ?? null,
    metadata: metadataOf(body.metadata),
    percentage,
    state: str(body.state) ?? null,
    tax_type: taxTypeOf(body.tax_type),
  });
  state.taxRates.set(rate.id, rate);
  return rate;
}

function limitOf(text: string | null): number {
  if (text === null) return 10;
  const limit = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(limit >= 1 && limit <= 100))
    throw invalid("Invalid limit: must be an integer from 1 to 100", "parameter_invalid_integer", "limit");
  return limit;
}

/** GET /v1/tax_rates: newest first, filtered on active and inclusive, one page. */
export function listTaxRates(state: StripeFakeState, request: RecordedRequest): FakeList<FakeTaxRate> {
  const { query } = request;
  const limit = limitOf(query.get("limit"));
  const active = bool(query.get("active") ?? undefined, "active");
  const inclusive = bool(query.get("inclusive") ?? undefined, "inclusive");
  const newestFirst = [...state.taxRates.values()].reverse();
  // A cursor is a place in the whole list, whether or not the filters keep the rate it names.
  const place = (param: "starting_after" | "ending_before") => {
    const id = query.get(param);
    if (id === null) return null;
    if (!state.taxRates.has(id)) throw noSuch("tax rate", id, param);
    return newestFirst.findIndex((rate) => rate.id === id);
  };
  const after = place("starting_after");
  const before = place("ending_before");
  const kept = (rates: FakeTaxRate[]) =>
    rates
      .filter((rate) => active === undefined || rate.active === active)
      .filter((rate) => inclusive === undefined || rate.inclusive === inclusive);
  if (before !== null) {
    const earlier = kept(newestFirst.slice(0, before));
    return {
      object: "list",
      data: earlier.slice(-limit),
      has_more: earlier.length > limit,
      url: "/v1/tax_rates",
    };
  }
  const later = kept(newestFirst.slice(after === null ? 0 : after + 1));
  return {
    object: "list",
    data: later.slice(0, limit),
    has_more: later.length > limit,
    url: "/v1/tax_rates",
  };
}

/** `tax_rates` or `default_tax_rates`: known, active rate ids ("" clears them). */
export function requireTaxRates(
  state: StripeFakeState,
  value: FormValue | undefined,
  param: string,
): string[] {
  if (value === undefined || value === "") return [];
  if (!Array.isArray(value)) throw invalid(`Invalid array`, undefined, param);
  if (value.length > MAX_RATES_PER_ITEM)
    throw invalid(`You can pass at most ${MAX_RATES_PER_ITEM} tax rates.`, undefined, param);
  return list(value).map((entry, index) => {
    const id = str(entry);
    const rate = id === undefined ? undefined : state.taxRates.get(id);
    if (!id || !rate) throw noSuch("tax rate", id, `${param}[${index}]`);
    if (rate.active !== true)
      throw invalid(
        `The tax rate '${id}' is archived and cannot be applied.`,
        undefined,
        `${param}[${index}]`,
      );
    return id;
  });
}

export function taxRateObjects(state: StripeFakeState, ids: readonly string[]): FakeTaxRate[] {
  return ids.map((id) => state.taxRates.get(id)).filter((rate): rate is FakeTaxRate => rate !== undefined);
}

/** price_data[tax_behavior]; a price that does not say is "unspecified". */
export function taxBehaviorOf(priceData: Form, param: string): TaxBehavior {
  const value = str(priceData.tax_behavior) ?? "unspecified";
  if (value !== "exclusive" && value !== "inclusive" && value !== "unspecified")
    throw invalid(`Invalid tax_behavior: ${value}`, undefined, `${param}[tax_behavior]`);
  return value;
}

/** automatic_tax[enabled]; undefined when automatic_tax is not sent. */
export function automaticTaxOf(value: FormValue | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const enabled = bool(obj(value).enabled, "automatic_tax[enabled]");
  if (enabled === undefined) throw missing("automatic_tax[enabled]");
  return enabled;
}

export function customerCountry(state: StripeFakeState, customerId: string | null): string | null {
  const customer = customerId ? state.customers.get(customerId) : undefined;
  return customer?.address?.country ?? null;
}

/** Stripe Tax refuses what it cannot compute: no location, manual rates, an unspecified price. */
export function assertAutomaticTaxUsable(tax: InvoiceTax, drafts: readonly DraftLine[]): void {
  if (!tax.automatic || drafts.length === 0) return;
  if (!tax.country)
    throw invalid(
      "The customer's location isn't recognized. Automatic tax calculation requires a valid address.",
      "customer_tax_location_invalid",
      "customer",
    );
  if (tax.defaultTaxRates.length > 0 || drafts.some((draft) => draft.taxRates.length > 0))
    throw invalid(
      "Tax rates cannot be used on an invoice with automatic tax enabled.",
      undefined,
      "tax_rates",
    );
  if (drafts.some((draft) => draft.taxBehavior === "unspecified" && draft.amount >= 0))
    throw invalid(
      "Automatic tax needs every price to have a tax_behavior of exclusive or inclusive; this account has no default tax behavior.",
      undefined,
      "tax_behavior",
    );
}

function automaticRateId(state: StripeFakeState, country: string, basisPoints: number): string {
  const key = `${country}:${basisPoints}`;
  const known = state.automaticRateIds.get(key);
  if (known) return known;
  // Stripe Tax makes its rates itself, archived at once: they cannot be named in tax_rates.
  const id = state.newId("txr");
  state.taxRates.set(
    id,
    taxRateObject(state, id, {
      active: false,
      country,
      display_name: "VAT",
      inclusive: false,
      percentage: basisPoints / 100,
      effective_percentage: basisPoints / 100,
      rate_type: "percentage",
      jurisdiction_level: "country",
      tax_type: "vat",
    }),
  );
  state.automaticRateIds.set(key, id);
  return id;
}

function taxEntry(
  amount: number,
  behavior: "exclusive" | "inclusive",
  rateId: string,
  reason: LineTax["taxability_reason"],
  base: number,
): LineTax {
  return {
    amount,
    tax_behavior: behavior,
    tax_rate_details: { tax_rate: rateId },
    taxability_reason: reason,
    taxable_amount: behavior === "inclusive" ? base - amount : base,
    type: "tax_rate_details",
  } satisfies LineTax;
}

/** The line's `taxes`, on `base`: its amount after discounts (negative for a credit). */
export function lineTaxes(
  state: StripeFakeState,
  draft: DraftLine,
  base: number,
  tax: InvoiceTax,
): LineTax[] {
  if (tax.automatic) {
    const country = tax.country ?? "";
    const basisPoints = state.automaticTax[country] ?? 0;
    const behavior = draft.taxBehavior === "inclusive" ? "inclusive" : "exclusive";
    const rateId = automaticRateId(state, country, basisPoints);
    if (basisPoints === 0)
      return [{ ...taxEntry(0, behavior, rateId, "not_collecting", 0), taxable_amount: 0 }];
    const denominator = behavior === "inclusive" ? 10_000 + basisPoints : 10_000;
    return [taxEntry(roundHalfUp(base * basisPoints, denominator), behavior, rateId, "standard_rated", base)];
  }
  const ids = draft.taxRates.length > 0 ? draft.taxRates : tax.defaultTaxRates;
  return taxRateObjects(state, ids).map((rate) => {
    const scaled = Math.round(rate.percentage * PERCENT_SCALE);
    const inclusive = rate.inclusive;
    const denominator = 100 * PERCENT_SCALE + (inclusive ? scaled : 0);
    const amount = roundHalfUp(base * scaled, denominator);
    return taxEntry(amount, inclusive ? "inclusive" : "exclusive", rate.id, "not_available", base);
  });
}

/** The invoice's total_taxes: the lines' taxes summed per rate, behaviour and reason. */
export function totalTaxes(lineTaxLists: readonly LineTax[][]): TotalTax[] {
  const totals = new Map<string, TotalTax>();
  for (const entry of lineTaxLists.flat()) {
    const rate = entry.tax_rate_details?.tax_rate ?? "";
    const key = `${rate}|${String(entry.tax_behavior)}|${String(entry.taxability_reason)}`;
    const total = totals.get(key);
    if (!total) {
      totals.set(key, { ...entry });
      continue;
    }
    total.amount += entry.amount;
    total.taxable_amount = (total.taxable_amount ?? 0) + (entry.taxable_amount ?? 0);
  }
  return [...totals.values()];
}

export function automaticTaxObject(tax: InvoiceTax): FakeInvoice["automatic_tax"] {
  return tax.automatic
    ? {
        disabled_reason: null,
        enabled: true,
        liability: { type: "self" },
        provider: "stripe",
        status: "complete",
      }
    : { disabled_reason: null, enabled: false, liability: null, provider: null, status: null };
}
