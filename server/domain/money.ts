// Money is an integer count of the currency's minor unit (pence, cents, yen), held in a JS number
// that must stay a safe integer. Every multiplication or division goes through BigInt so that no
// intermediate value is ever a float.
//
// THE rounding rule (the only one in the code base): when an exact rational amount has to become
// whole minor units, round half away from zero (2.5 -> 3, -2.5 -> -3, 2.4999 -> 2). It is what
// people do by hand, it is symmetric for credits, and it is computed on the exact fraction
// numerator/denominator, never on a float approximation of it.

export class MoneyRangeError extends RangeError {
  override name = "MoneyRangeError";
}

/** Throws unless `value` is a safe integer; use at the boundary where amounts enter the domain. */
export function assertMinorUnits(value: number, label = "amount"): void {
  if (!Number.isSafeInteger(value)) {
    throw new MoneyRangeError(`${label} must be a safe integer number of minor units, got ${value}`);
  }
}

export function assertNonNegativeMinorUnits(value: number, label = "amount"): void {
  assertMinorUnits(value, label);
  if (value < 0) throw new MoneyRangeError(`${label} must not be negative, got ${value}`);
}

/** Converts back from BigInt, refusing results a number cannot hold exactly. */
export function toSafeNumber(value: bigint, label = "amount"): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyRangeError(`${label} is too large to represent exactly: ${value}`);
  }
  return Number(value);
}

/** numerator / denominator rounded half away from zero, exactly. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new MoneyRangeError("division by zero");
  let n = numerator;
  let d = denominator;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const negative = n < 0n;
  const magnitude = negative ? -n : n;
  // floor(|n|/d + 1/2) == floor((2|n| + d) / 2d): the half case goes up, i.e. away from zero.
  const rounded = (2n * magnitude + d) / (2n * d);
  return negative ? -rounded : rounded;
}

/** amount * numerator / denominator, rounded once by the rule above. */
export function multiplyRatio(
  amount: number,
  numerator: number | bigint,
  denominator: number | bigint,
  label = "amount",
): number {
  assertMinorUnits(amount, label);
  return toSafeNumber(divideRounded(BigInt(amount) * BigInt(numerator), BigInt(denominator)), label);
}

/** The share of `amount` given by a rate in basis points (1 bp = 0.01 %). */
export function basisPointsOf(amount: number, basisPoints: number): number {
  return multiplyRatio(amount, basisPoints, 10_000);
}

/** The share of `amount` given by a whole percentage. */
export function percentOf(amount: number, percent: number): number {
  return multiplyRatio(amount, percent, 100);
}

/** Sum of minor-unit amounts, checked for overflow. */
export function sumMinor(amounts: readonly number[], label = "sum"): number {
  let total = 0n;
  for (const amount of amounts) {
    assertMinorUnits(amount, label);
    total += BigInt(amount);
  }
  return toSafeNumber(total, label);
}

/**
 * Splits `amount` into parts proportional to `weights` that add up to `amount` exactly
 * (largest remainder method): every part gets the floor of its exact share, and the units left
 * over go one each to the parts with the largest remainders, earlier parts first on a tie, so the
 * result is deterministic. A part never exceeds its exact share rounded up, so when
 * |amount| <= sum(weights) no part exceeds its own weight. All-zero weights split evenly.
 * A negative amount is split like its magnitude, with every part negated.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  assertMinorUnits(amount, "amount to allocate");
  if (weights.length === 0) {
    if (amount === 0) return [];
    throw new MoneyRangeError("cannot allocate a non-zero amount over no weights");
  }
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw new MoneyRangeError(`weights must be non-negative safe integers, got ${weight}`);
    }
  }
  const negative = amount < 0;
  const magnitude = BigInt(negative ? -amount : amount);
  let weightTotal = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  const effective = weightTotal === 0n ? weights.map(() => 1n) : weights.map((weight) => BigInt(weight));
  if (weightTotal === 0n) weightTotal = BigInt(weights.length);

  const parts = effective.map((weight) => (magnitude * weight) / weightTotal);
  const remainders = effective.map((weight) => (magnitude * weight) % weightTotal);
  let leftover = magnitude - parts.reduce((sum, part) => sum + part, 0n);
  const order = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (leftover === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return parts.map((part) => toSafeNumber(negative ? -part : part, "allocated part"));
}

// ISO 4217 minor-unit exponents that differ from the usual 2. Anything not listed has 2, which is
// right for the vast majority of currencies and all the ones the catalogue prices in today.
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** Common currencies, for documentation and pickers; not a whitelist. */
export const MINOR_UNIT_EXPONENTS: Readonly<Record<string, number>> = {
  GBP: 2,
  EUR: 2,
  USD: 2,
  CHF: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  PLN: 2,
  CZK: 2,
  CAD: 2,
  AUD: 2,
  NZD: 2,
  ...EXPONENT_EXCEPTIONS,
};

export const CURRENCY_CODE_PATTERN = /^[A-Z]{3}$/;

/** Number of decimal places of the currency's minor unit (GBP 2, JPY 0, KWD 3). */
export function minorUnitExponent(currency: string): number {
  return MINOR_UNIT_EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** "1234" GBP -> "12.34"; exact, for display and logs (never parse this back into a float). */
export function formatMinorUnits(amount: number, currency: string): string {
  assertMinorUnits(amount);
  const exponent = minorUnitExponent(currency);
  const negative = amount < 0;
  const digits = String(Math.abs(amount)).padStart(exponent + 1, "0");
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? "" : `.${digits.slice(-exponent)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}
