// Stripe tax rates for STRIPE_TAX=rates: one exclusive rate per country and rate of the
// deployment's TAX_RATES table, so Stripe bills the tax the catalogue shows. Stripe makes up tax
// rate ids, so ours are recognised by their metadata (po_tax_rate = "GB:2000"): the account's
// active rates are read page by page, and the rate is created when none matches. The creation's
// idempotency key is derived from its parameters alone (country and rate), so two instances
// that both miss it at the same moment make one rate, not two. An id, once known, is kept for
// the life of the process: a tax rate's percentage cannot be changed at Stripe, so it cannot go
// stale (an operator may rename it; the metadata is what is matched).
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { parseAnswer, StripeAnswerShapeError } from "./stripe-answers";
import { type StripeTaxRate, stripeTaxRateListSchema, stripeTaxRateSchema } from "./stripe-invoice-schema";

export const TAX_RATE_METADATA_KEY = "po_tax_rate";

/** Stripe's largest page of a list. */
const PAGE_SIZE = 100;
/** 10,000 active tax rates: an account with more is not one this code knows how to search. */
const MAX_PAGES = 100;

type Call = <T>(operation: () => Promise<T>) => Promise<T>;

/** "GB:2000": the metadata value that marks our rate for a country and rate (basis points). */
export function taxRateMarker(country: string, rateBps: number): string {
  return `${country.toUpperCase()}:${rateBps}`;
}

export function taxRateCreateParams(country: string, rateBps: number): Stripe.TaxRateCreateParams {
  const code = country.toUpperCase();
  return {
    display_name: "Tax",
    description: `Partner orders portal: ${code} at ${rateBps / 100} % (TAX_RATES)`,
    // Basis points are hundredths of a percent: 2000 -> 20, 825 -> 8.25 (Stripe takes 4 decimals).
    percentage: rateBps / 100,
    inclusive: false,
    country: code,
    jurisdiction: code,
    metadata: { [TAX_RATE_METADATA_KEY]: taxRateMarker(code, rateBps) },
  };
}

/** Same parameters, same key: a second creation is Stripe's replay of the first. */
export function taxRateIdempotencyKey(params: Stripe.TaxRateCreateParams): string {
  const digest = createHash("sha256").update(JSON.stringify(params)).digest("hex").slice(0, 32);
  return `po-stripe-tax-rate-${digest}`;
}

function isOurs(rate: StripeTaxRate, marker: string, rateBps: number): boolean {
  return (
    rate.metadata?.[TAX_RATE_METADATA_KEY] === marker &&
    rate.active &&
    !rate.inclusive &&
    Math.round(rate.percentage * 100) === rateBps
  );
}

export class StripeTaxRates {
  /** Ids by marker; a lookup in flight is shared, a failed one forgotten. */
  private readonly ids = new Map<string, Promise<string>>();

  constructor(
    private readonly stripe: Stripe,
    private readonly call: Call,
  ) {}

  /** The id of the exclusive tax rate for the country and rate; null for a rate of 0 (no tax). */
  idFor(country: string, rateBps: number): Promise<string | null> {
    if (!(rateBps > 0) || country === "") return Promise.resolve(null);
    const marker = taxRateMarker(country, rateBps);
    const known = this.ids.get(marker);
    if (known) return known;
    const lookup = this.findOrCreate(country, rateBps, marker);
    this.ids.set(marker, lookup);
    lookup.catch(() => {
      if (this.ids.get(marker) === lookup) this.ids.delete(marker);
    });
    return lookup;
  }

  private async findOrCreate(country: string, rateBps: number, marker: string): Promise<string> {
    const found = await this.find(marker, rateBps);
    if (found) return found;
    const params = taxRateCreateParams(country, rateBps);
    const created = await this.call(() =>
      this.stripe.taxRates.create(params, { idempotencyKey: taxRateIdempotencyKey(params) }),
    );
    return parseAnswer(stripeTaxRateSchema, created, "tax rate").id;
  }

  /** Stripe lists tax rates newest first and cannot filter on metadata: read until found. */
  private async find(marker: string, rateBps: number): Promise<string | null> {
    let startingAfter: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await this.call(async () =>
        this.stripe.taxRates.list({
          active: true,
          inclusive: false,
          limit: PAGE_SIZE,
          ...(startingAfter ? { starting_after: startingAfter } : {}),
        }),
      );
      const list = parseAnswer(stripeTaxRateListSchema, answer, "tax rates");
      const ours = list.data.find((rate) => isOurs(rate, marker, rateBps));
      if (ours) return ours.id;
      if (!list.has_more) return null;
      startingAfter = list.data.at(-1)?.id;
      if (!startingAfter)
        throw new StripeAnswerShapeError("a page of tax rates says more follow but is empty");
    }
    throw new StripeAnswerShapeError(`more than ${PAGE_SIZE * MAX_PAGES} active tax rates`);
  }
}
