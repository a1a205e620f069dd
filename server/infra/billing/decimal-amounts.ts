// Provider amounts written as decimals ("49.99", or the JSON number 49.99) to integer minor units,
// exactly. The digits are read as text and scaled with BigInt; no float is ever multiplied.
//
// Why String(number) is exact: a JSON number such as 49.99 becomes the nearest double, and
// String() of a double prints the SHORTEST decimal that reads back as the same double. A decimal
// with at most 15 significant digits (every realistic amount) is that shortest form, so the text
// we parse is the text the provider sent. Exponent forms ("1e-7") are handled as well.
import { divideRounded, minorUnitExponent, toSafeNumber } from "../../domain/money";

const DECIMAL_PATTERN = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export class DecimalAmountError extends RangeError {
  override name = "DecimalAmountError";
}

/**
 * Minor units of a decimal amount in `currency` ("15.00" GBP -> 1500, 1500 JPY -> 1500).
 * Digits beyond the currency's exponent (Zuora writes tax as 0.123456789) are rounded half away
 * from zero, the project's one rounding rule (server/domain/money.ts).
 */
export function decimalToMinorUnits(value: number | string, currency: string): number {
  const text = typeof value === "number" ? numberText(value) : value.trim();
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) throw new DecimalAmountError(`not a decimal amount: ${JSON.stringify(text).slice(0, 40)}`);
  const [, sign = "", whole = "0", fraction = "", exponentText = "0"] = match;
  const digits = BigInt(`${whole}${fraction}` || "0");
  // value = digits * 10^(exponent - fraction.length); minor units = value * 10^currencyExponent.
  const shift = Number(exponentText) - fraction.length + minorUnitExponent(currency);
  if (Math.abs(shift) > 40) throw new DecimalAmountError(`amount out of range: ${text.slice(0, 40)}`);
  const magnitude = shift >= 0 ? digits * 10n ** BigInt(shift) : divideRounded(digits, 10n ** BigInt(-shift));
  return toSafeNumber(sign === "-" ? -magnitude : magnitude, "decimal amount");
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new DecimalAmountError(`not a finite amount: ${value}`);
  return String(value);
}
