// Stripe tax rates for STRIPE_TAX=rates: one exclusive rate per country and rate of the
// deployment's TAX_RATES table, so Stripe bills the tax the catalogue shows. They are made by the
// Stripe catalogue sync (`offers import`, `catalog sync-stripe`: stripe-catalogue-sync.ts), never
// by an order: a preview or a submit only looks its rate up, and an order whose rate Stripe does
// not have is refused before Stripe is asked for anything (stripe-provider.ts).
//
// Stripe makes up tax rate ids, so ours are recognised by their metadata (po_tax_rate = "GB:2000"):
// the account's active rates are read page by page. The creation's idempotency key is derived
// from its parameters alone (country and rate), so two syncs that both miss it at the same moment
// make one rate, not two. An id, once found, is kept for the life of the process: a tax rate's
// percentage cannot be changed at Stripe, so it cannot go stale (an operator may rename it; the
// metadata is what is matched). A rate not found is not remembered: the sync, in another process,
// may make it at any moment.
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

/** One country's rate of the deployment's TAX_RATES, in basis points (2000 = 20 %). */
export type TaxRateEntry = { country: string; rateBps: number };

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

/** The rates a table needs at Stripe: those above 0 (a rate of 0 names none), by country. */
export function taxRatesToSync(table: Readonly<Record<string, number>>): TaxRateEntry[] {
  return Object.entries(table)
    .filter(([country, rateBps]) => country !== "" && rateBps > 0)
    .map(([country, rateBps]) => ({ country: country.toUpperCase(), rateBps }))
    .sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : 0));
}

function rateBpsOfMarker(marker: string): number {
  return Number(marker.slice(marker.indexOf(":") + 1));
}

function isOurs(rate: StripeTaxRate, marker: string): boolean {
  return (
    rate.metadata?.[TAX_RATE_METADATA_KEY] === marker &&
    rate.active &&
    !rate.inclusive &&
    Math.round(rate.percentage * 100) === rateBpsOfMarker(marker)
  );
}

/** What the sync did for one rate: found at Stripe, or made now (id null: a dry run's missing one). */
export type EnsuredTaxRate = TaxRateEntry & { id: string | null; created: boolean };

export class StripeTaxRates {
  /** Ids found, by marker; a look-up in flight is shared, a failed or fruitless one forgotten. */
  private readonly ids = new Map<string, Promise<string | null>>();

  constructor(
    private readonly stripe: Stripe,
    private readonly call: Call,
  ) {}

  /**
   * The id of the exclusive tax rate the sync made for the country and rate, or null when Stripe
   * has none (never synced). Looks up only: creates nothing. Not for a rate of 0 (no tax).
   */
  find(country: string, rateBps: number): Promise<string | null> {
    const marker = taxRateMarker(country, rateBps);
    const known = this.ids.get(marker);
    if (known) return known;
    const lookup = this.scan([marker]).then((found) => found.get(marker) ?? null);
    this.ids.set(marker, lookup);
    const forget = () => {
      if (this.ids.get(marker) === lookup) this.ids.delete(marker);
    };
    lookup.then((id) => {
      if (id === null) forget();
    }, forget);
    return lookup;
  }

  /**
   * The catalogue sync: each rate found (one listing for all of them), or created when missing.
   * `dryRun`: only found; what would be created has no id.
   */
  async ensure(
    entries: readonly TaxRateEntry[],
    options: { dryRun?: boolean } = {},
  ): Promise<EnsuredTaxRate[]> {
    if (entries.length === 0) return [];
    const markers = entries.map((entry) => taxRateMarker(entry.country, entry.rateBps));
    const found = await this.scan(markers);
    const ensured: EnsuredTaxRate[] = [];
    for (const entry of entries) {
      const marker = taxRateMarker(entry.country, entry.rateBps);
      const existing = found.get(marker);
      if (existing) {
        ensured.push({ ...entry, id: existing, created: false });
        continue;
      }
      if (options.dryRun) {
        ensured.push({ ...entry, id: null, created: false });
        continue;
      }
      const params = taxRateCreateParams(entry.country, entry.rateBps);
      const created = await this.call(() =>
        this.stripe.taxRates.create(params, { idempotencyKey: taxRateIdempotencyKey(params) }),
      );
      ensured.push({ ...entry, id: parseAnswer(stripeTaxRateSchema, created, "tax rate").id, created: true });
    }
    return ensured;
  }

  /**
   * Stripe lists tax rates newest first and cannot filter on metadata: read until every marker is
   * found or the list ends. The newest match of a marker wins.
   */
  private async scan(markers: readonly string[]): Promise<Map<string, string>> {
    const wanted = new Set(markers);
    const found = new Map<string, string>();
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
      for (const rate of list.data) {
        for (const marker of wanted) {
          if (!found.has(marker) && isOurs(rate, marker)) found.set(marker, rate.id);
        }
      }
      if (found.size === wanted.size || !list.has_more) return found;
      startingAfter = list.data.at(-1)?.id;
      if (!startingAfter)
        throw new StripeAnswerShapeError("a page of tax rates says more follow but is empty");
    }
    throw new StripeAnswerShapeError(`more than ${PAGE_SIZE * MAX_PAGES} active tax rates`);
  }
}
