// Tax rates are configuration, not code: a deployment sets them (env TAX_RATES="GB:2000,DE:1900")
// because the right rate depends on who sells to whom, which this project does not model. Rates
// are basis points (2000 = 20 %) so they stay integers. Unconfigured countries are taxed at 0,
// which makes the default deployment produce clean, tax-free numbers rather than guessed ones.

import { isCountryCode } from "./countries";
import { basisPointsOf } from "./money";

export type TaxRateTable = Readonly<Record<string, number>>;

/** The countries the catalogue is sold in, all at 0 until configured. */
export const DEFAULT_TAX_RATES: TaxRateTable = Object.freeze({ GB: 0, DE: 0, FR: 0, NL: 0, IE: 0, US: 0 });

export const MAX_TAX_RATE_BPS = 10_000;

export type TaxRatesParseResult = { ok: true; rates: TaxRateTable } | { ok: false; errors: string[] };

/**
 * Parses "GB:2000,DE:1900" (whitespace tolerated, country case-insensitive, empty string = no
 * entries). Every bad entry is reported, not just the first, so one restart fixes them all.
 */
export function parseTaxRates(config: string): TaxRatesParseResult {
  const errors: string[] = [];
  const rates: Record<string, number> = {};
  const trimmed = config.trim();
  if (trimmed === "") return { ok: true, rates: Object.freeze(rates) };

  trimmed.split(",").forEach((rawEntry, index) => {
    const entry = rawEntry.trim();
    const where = `entry ${index + 1} ("${entry}")`;
    const match = /^([A-Za-z]{2})\s*:\s*(\d+)$/.exec(entry);
    if (!match) {
      errors.push(`${where}: expected COUNTRY:BASIS_POINTS, e.g. GB:2000 for 20 %`);
      return;
    }
    const country = (match[1] ?? "").toUpperCase();
    const rate = Number(match[2]);
    if (!isCountryCode(country)) {
      errors.push(`${where}: ${country} is not an ISO 3166-1 alpha-2 country code`);
    } else if (!Number.isSafeInteger(rate) || rate > MAX_TAX_RATE_BPS) {
      errors.push(`${where}: rate must be whole basis points from 0 to ${MAX_TAX_RATE_BPS} (10000 = 100 %)`);
    } else if (country in rates) {
      errors.push(`${where}: ${country} is listed more than once`);
    } else {
      rates[country] = rate;
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rates: Object.freeze(rates) };
}

/** The table a deployment uses: the defaults, overridden by the configured entries. */
export function taxRatesFromConfig(config: string | undefined): TaxRatesParseResult {
  const parsed = parseTaxRates(config ?? "");
  if (!parsed.ok) return parsed;
  return { ok: true, rates: Object.freeze({ ...DEFAULT_TAX_RATES, ...parsed.rates }) };
}

/** Rate in basis points for a country; anything not in the table is 0. */
export function taxRateFor(country: string, table: TaxRateTable = DEFAULT_TAX_RATES): number {
  return table[country.toUpperCase()] ?? 0;
}

/** Tax on a net amount, rounded half away from zero (see money.ts). */
export function taxOn(amountWithoutTax: number, rateBps: number): number {
  return basisPointsOf(amountWithoutTax, rateBps);
}
