// Which currency an order is priced in when the request does not say. An explicit `currency` in
// the request always wins; otherwise the buyer's country decides for the three currencies the
// catalogue is priced in, and anything else falls back to the partner's default currency (a
// partner in Switzerland selling in EUR knows better than a country table would).

/**
 * Euro-area members (Bulgaria joined on 1 January 2026) plus the microstates that use the euro
 * under a monetary agreement with the EU.
 */
export const EURO_COUNTRIES: readonly string[] = Object.freeze([
  "AT",
  "BE",
  "BG",
  "CY",
  "DE",
  "EE",
  "ES",
  "FI",
  "FR",
  "GR",
  "HR",
  "IE",
  "IT",
  "LT",
  "LU",
  "LV",
  "MT",
  "NL",
  "PT",
  "SI",
  "SK",
  "AD",
  "MC",
  "SM",
  "VA",
]);

const EURO_SET: ReadonlySet<string> = new Set(EURO_COUNTRIES);

/** The currency a country implies, or null when the country does not decide it. */
export function currencyForCountry(country: string): string | null {
  const code = country.toUpperCase();
  if (code === "GB") return "GBP";
  if (code === "US") return "USD";
  if (EURO_SET.has(code)) return "EUR";
  return null;
}

export interface OrderCurrencyInput {
  /** The request's `currency`, if any. */
  requested?: string | null;
  /** The order's country (for changes: the subscription's customer country), if known. */
  country?: string | null;
  partnerDefaultCurrency: string;
}

export function deriveOrderCurrency(input: OrderCurrencyInput): string {
  const requested = input.requested?.trim().toUpperCase();
  // Already validated by the request schema; upper-cased again for callers that build input by hand.
  if (requested) return requested;
  const fromCountry = input.country ? currencyForCountry(input.country) : null;
  return fromCountry ?? input.partnerDefaultCurrency.toUpperCase();
}
