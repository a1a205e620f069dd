// priceOrder: the whole price of an order from already looked-up data; no I/O, deterministic.
//
// What the numbers mean (all integers in the order currency's minor unit, none ever negative):
//   gross            = unitAmount * quantity, times the proration fraction on a prorated first
//                      invoice (rounded once, half away from zero; see money.ts). One-off lines
//                      are never prorated, and a replaced one-off line is never credited.
//   discountAmount   = this line's share of the discount code (see discount.ts); <= gross
//   creditAmount     = this line's share of the credit for replaced lines; <= gross - discount
//   amountWithoutTax = gross - discountAmount - creditAmount
//   taxAmount        = tax on amountWithoutTax, per line (tax is charged after discount and credit)
//   amount           = amountWithoutTax + taxAmount
//   subtotal = sum of gross; discountTotal, creditTotal, taxTotal = sums of the line fields;
//   total    = subtotal - discountTotal - creditTotal + taxTotal = sum of the line amounts.
// The top-level figures are the first invoice (schedule entry 0); the schedule repeats them for
// each billing period. Schedule (details in schedule.ts): at least min(12, term) entries; it steps
// by the SHORTEST recurring period among the lines (monthly if any line is monthly), a yearly line
// bills on every 12th monthly entry, a one-off line only on the first entry; dates are
// billingAnchor + n months, clamped to month end (Jan 31 -> Feb 28 -> Mar 31), on UTC days.
//
// Credits (change_offer): a replaced line is credited for its unused part,
// unitAmount * quantity * fraction. Rather than a negative line, the credit is a balance that
// pays for lines in order (first invoice first, then the following schedule entries), after the
// discount and before tax, never taking a line below zero. Whatever the first invoice cannot use
// is reported as creditCarriedForward (the billing provider keeps it as the customer's balance),
// so the total is never negative and no credit is silently lost.
//
// A discount code applies per billing period (percent, or a fixed amount spread over the lines by
// largest remainder and capped at the period's gross); durationPeriods = N covers the first N
// schedule entries.

import { assertValidDate, toIsoDate } from "./dates";
import { assertValidDiscount, discountForPeriod, type PricingDiscount } from "./discount";
import type { BillingPeriod } from "./enums";
import { assertNonNegativeMinorUnits, CURRENCY_CODE_PATTERN, multiplyRatio, sumMinor } from "./money";
import {
  type Fraction,
  FULL_PERIOD,
  isFullPeriod,
  type ProrationSpec,
  prorate,
  prorationFraction,
} from "./proration";
import { planSchedule } from "./schedule";
import { MAX_TAX_RATE_BPS, taxOn } from "./tax";

export type { PricingDiscount } from "./discount";

export const DEFAULT_SCHEDULE_PERIODS = 12;
export const MAX_SCHEDULE_PERIODS = 120;

export interface PricingOffer {
  id: string;
  version: number;
  name: string;
  billingPeriod: BillingPeriod;
  /** Commitment in months; null means rolling. */
  termMonths: number | null;
}

export interface PricingLineInput {
  offer: PricingOffer;
  /** Price of one unit for one full billing period, in the order currency. */
  unitAmount: number;
  quantity: number;
  /** Defaults to the offer name. */
  description?: string;
  /** Only the first invoice is prorated; later periods are billed in full. */
  proration?: ProrationSpec | null;
}

/** A line the order replaces (change_offer), credited for the unused part of its period. */
export interface ReplacedLineInput {
  offer: PricingOffer;
  unitAmount: number;
  quantity: number;
  /** The unused fraction; absent means the whole period is unused. */
  proration?: ProrationSpec | null;
  description?: string;
}

export interface PricingInput {
  currency: string;
  country: string;
  /** Tax rate for the country in basis points (2000 = 20 %). */
  taxRateBps: number;
  /** Date of the first invoice. */
  startDate: Date;
  /** Where billing periods are counted from; defaults to startDate (see schedule.ts). */
  billingAnchor?: Date;
  lines: readonly PricingLineInput[];
  replacedLines?: readonly ReplacedLineInput[];
  discount?: PricingDiscount | null;
  /** Maximum schedule entries; default 12. */
  schedulePeriods?: number;
}

export interface PricedOfferRef {
  id: string;
  version: number;
  name: string;
}

export interface PricedLineItem {
  offer: PricedOfferRef;
  description: string;
  quantity: number;
  unitAmount: number;
  billingPeriod: BillingPeriod;
  /** Service period covered, "YYYY-MM-DD" (end exclusive); null for one-off lines. */
  periodStart: string | null;
  periodEnd: string | null;
  /** Fraction of the period charged; null when the full period is charged. */
  proration: Fraction | null;
  amountWithoutTax: number;
  discountAmount: number;
  creditAmount: number;
  taxAmount: number;
  amount: number;
}

export interface PricedCredit {
  offer: PricedOfferRef;
  description: string;
  quantity: number;
  unitAmount: number;
  billingPeriod: BillingPeriod;
  proration: Fraction;
  amount: number;
}

export interface ScheduleEntry {
  date: string;
  currency: string;
  amountWithoutTax: number;
  discountAmount: number;
  creditAmount: number;
  taxAmount: number;
  amount: number;
  lineItems: PricedLineItem[];
}

export interface PricingResult {
  currency: string;
  country: string;
  taxRateBps: number;
  lineItems: PricedLineItem[];
  subtotal: number;
  discountTotal: number;
  creditTotal: number;
  taxTotal: number;
  total: number;
  credits: PricedCredit[];
  creditCarriedForward: number;
  schedule: ScheduleEntry[];
}

const NOTHING: Fraction = Object.freeze({ numerator: 0, denominator: 1 });

export class PricingInputError extends RangeError {
  override name = "PricingInputError";
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new PricingInputError(message);
}

function validateLine(line: PricingLineInput | ReplacedLineInput, where: string): void {
  assertNonNegativeMinorUnits(line.unitAmount, `${where} unitAmount`);
  check(
    Number.isSafeInteger(line.quantity) && line.quantity >= 1,
    `${where} quantity must be a positive integer`,
  );
  const term = line.offer.termMonths;
  check(
    term === null || (Number.isInteger(term) && term >= 1),
    `${where} termMonths must be positive or null`,
  );
  if (line.proration) prorationFraction(line.proration);
}

function validateInput(input: PricingInput): void {
  check(
    CURRENCY_CODE_PATTERN.test(input.currency),
    `currency must be an ISO 4217 code, got ${input.currency}`,
  );
  check(
    Number.isInteger(input.taxRateBps) && input.taxRateBps >= 0 && input.taxRateBps <= MAX_TAX_RATE_BPS,
    `taxRateBps must be a whole number from 0 to ${MAX_TAX_RATE_BPS}, got ${input.taxRateBps}`,
  );
  const periods = input.schedulePeriods ?? DEFAULT_SCHEDULE_PERIODS;
  check(
    Number.isInteger(periods) && periods >= 1 && periods <= MAX_SCHEDULE_PERIODS,
    `schedulePeriods must be from 1 to ${MAX_SCHEDULE_PERIODS}`,
  );
  input.lines.forEach((line, index) => {
    validateLine(line, `lines[${index}]`);
  });
  input.replacedLines?.forEach((line, index) => {
    validateLine(line, `replacedLines[${index}]`);
  });
  if (input.discount) assertValidDiscount(input.discount);
  assertValidDate(input.startDate, "startDate");
  if (input.billingAnchor) {
    assertValidDate(input.billingAnchor, "billingAnchor");
    check(
      input.billingAnchor.getTime() <= input.startDate.getTime(),
      "billingAnchor must not be after startDate",
    );
  }
}

/** Input errors are the caller's bug; one error class makes them easy to tell from the rest. */
function validate(input: PricingInput): void {
  try {
    validateInput(input);
  } catch (error) {
    if (error instanceof PricingInputError || !(error instanceof RangeError)) throw error;
    throw new PricingInputError(error.message);
  }
}

function offerRef(offer: PricingOffer): PricedOfferRef {
  return { id: offer.id, version: offer.version, name: offer.name };
}

function fractionOf(spec: ProrationSpec | null | undefined): Fraction {
  return spec ? prorationFraction(spec) : FULL_PERIOD;
}

function sumField<K extends keyof PricedLineItem>(items: readonly PricedLineItem[], key: K): number {
  return sumMinor(
    items.map((item) => item[key] as number),
    String(key),
  );
}

export function priceOrder(input: PricingInput): PricingResult {
  validate(input);
  const { currency, taxRateBps, lines } = input;
  // One-off charges are never prorated (a set-up fee is the same whenever it is bought) and never
  // credited (it was not for a period that could be unused).
  const firstFractions = lines.map((line) =>
    line.offer.billingPeriod === "once" ? FULL_PERIOD : fractionOf(line.proration),
  );

  const credits: PricedCredit[] = (input.replacedLines ?? []).map((line) => {
    const proration = line.offer.billingPeriod === "once" ? NOTHING : fractionOf(line.proration);
    return {
      offer: offerRef(line.offer),
      description: line.description ?? `Unused time on ${line.offer.name}`,
      quantity: line.quantity,
      unitAmount: line.unitAmount,
      billingPeriod: line.offer.billingPeriod,
      proration,
      amount: prorate(multiplyRatio(line.unitAmount, line.quantity, 1), proration),
    };
  });
  const creditAvailable = sumMinor(
    credits.map((credit) => credit.amount),
    "credit",
  );
  let creditBalance = creditAvailable;

  const plan = planSchedule({
    startDate: input.startDate,
    billingAnchor: input.billingAnchor ?? input.startDate,
    lines: lines.map((line) => ({
      billingPeriod: line.offer.billingPeriod,
      termMonths: line.offer.termMonths,
    })),
    maxEntries: input.schedulePeriods ?? DEFAULT_SCHEDULE_PERIODS,
  });

  const schedule: ScheduleEntry[] = plan.map((entry) => {
    const grossAmounts = entry.billed.map(({ lineIndex }) => {
      const line = lines[lineIndex] as PricingLineInput;
      const full = multiplyRatio(line.unitAmount, line.quantity, 1, "line amount");
      const fraction = firstFractions[lineIndex] ?? FULL_PERIOD;
      return entry.index === 0 ? prorate(full, fraction) : full;
    });
    const discounts = discountForPeriod(input.discount, grossAmounts, entry.index);

    const lineItems = entry.billed.map((billed, position): PricedLineItem => {
      const line = lines[billed.lineIndex] as PricingLineInput;
      const gross = grossAmounts[position] ?? 0;
      const discountAmount = discounts[position] ?? 0;
      const creditAmount = Math.min(creditBalance, gross - discountAmount);
      creditBalance -= creditAmount;
      const amountWithoutTax = gross - discountAmount - creditAmount;
      const taxAmount = taxOn(amountWithoutTax, taxRateBps);
      const fraction = firstFractions[billed.lineIndex] ?? FULL_PERIOD;
      return {
        offer: offerRef(line.offer),
        description: line.description ?? line.offer.name,
        quantity: line.quantity,
        unitAmount: line.unitAmount,
        billingPeriod: line.offer.billingPeriod,
        periodStart: billed.periodStart,
        periodEnd: billed.periodEnd,
        proration: entry.index === 0 && !isFullPeriod(fraction) ? fraction : null,
        amountWithoutTax,
        discountAmount,
        creditAmount,
        taxAmount,
        amount: amountWithoutTax + taxAmount,
      };
    });

    return {
      date: toIsoDate(entry.date),
      currency,
      amountWithoutTax: sumField(lineItems, "amountWithoutTax"),
      discountAmount: sumField(lineItems, "discountAmount"),
      creditAmount: sumField(lineItems, "creditAmount"),
      taxAmount: sumField(lineItems, "taxAmount"),
      amount: sumField(lineItems, "amount"),
      lineItems,
    };
  });

  const lineItems = schedule[0]?.lineItems ?? [];
  const discountTotal = sumField(lineItems, "discountAmount");
  const creditTotal = sumField(lineItems, "creditAmount");
  const amountWithoutTax = sumField(lineItems, "amountWithoutTax");
  return {
    currency,
    country: input.country,
    taxRateBps,
    lineItems,
    subtotal: sumMinor([amountWithoutTax, discountTotal, creditTotal], "subtotal"),
    discountTotal,
    creditTotal,
    taxTotal: sumField(lineItems, "taxAmount"),
    total: sumField(lineItems, "amount"),
    credits,
    creditCarriedForward: creditAvailable - creditTotal,
    schedule,
  };
}
