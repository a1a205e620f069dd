// Turns one provider invoice into the project's figures. Providers report discounts and credits in
// their own ways (Stripe: a discount per line and negative "unused time" lines; Zuora: separate
// negative discount items and negative charge items), while the API's figures are never negative
// (server/domain/order-response-schemas.ts). So, as the domain pricing does (pricing.ts):
//   - a discount not attributed to lines is spread over the charges in proportion to what is left
//     of each (largest remainder, so the parts add up exactly and none exceeds its line);
//   - a credit is a balance that pays for the charges in order, never taking one below zero; what
//     the invoice cannot use is carried forward (the provider keeps it as the customer's balance);
//   - the same is done with the tax parts of discounts and credits, so that the folded lines still
//     add up to the provider's own total: sum(amount) - carried forward = provider total.
// Per line: amountWithoutTax = gross - discountAmount - creditAmount, amount = that + taxAmount,
// and a gross below unit price x quantity is reported as the prorated fraction it is.
import type { BillingPeriod } from "../../domain/enums";
import { allocate, sumMinor } from "../../domain/money";
import type { PricedLine, PricedOrder, PricedScheduleEntry } from "./billing-provider";

export type ProviderCharge = {
  offer: PricedLine["offer"];
  description: string;
  quantity: number;
  unitAmount: number;
  billingPeriod: BillingPeriod;
  periodStart: string | null;
  periodEnd: string | null;
  /** Before discount, credit and tax. */
  gross: number;
  /** The part of the discount the provider attributed to this line. */
  discount: number;
  tax: number;
};

export type NetAndTax = { net: number; tax: number };

export type ProviderInvoice = {
  date: string;
  currency: string;
  charges: ProviderCharge[];
  /** Discount the provider did not attribute to a line (Zuora discount items). */
  unattributedDiscount: NetAndTax;
  /** Credits: unused time of replaced items, credit grants. */
  credit: NetAndTax;
};

export type FoldedInvoice = { entry: PricedScheduleEntry; carriedForward: NetAndTax };

/** The provider's figures cannot be made consistent; the caller reports it as a provider failure. */
export class ProviderFiguresError extends Error {
  override name = "ProviderFiguresError";
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ProviderFiguresError(message);
}

function isMinorUnits(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Spreads `amount` over `room` (what each line can still take) by largest remainder. */
function spread(amount: number, room: readonly number[], what: string): number[] {
  if (amount === 0) return room.map(() => 0);
  check(amount <= sumMinor(room), `${what} of ${amount} exceeds what the lines can take`);
  const parts = allocate(amount, room);
  for (const [index, part] of parts.entries()) check(part <= (room[index] ?? 0), `${what} exceeds a line`);
  return parts;
}

export function foldInvoice(invoice: ProviderInvoice): FoldedInvoice {
  const { charges, unattributedDiscount, credit } = invoice;
  for (const charge of charges) {
    for (const value of [charge.gross, charge.discount, charge.tax, charge.unitAmount]) {
      check(isMinorUnits(value), `line amounts must be non-negative integers, got ${value}`);
    }
    check(charge.discount <= charge.gross, "a line's discount exceeds the line");
    check(
      Number.isSafeInteger(charge.quantity) && charge.quantity >= 1,
      "line quantity must be a positive integer",
    );
  }
  for (const value of [unattributedDiscount.net, unattributedDiscount.tax, credit.net, credit.tax]) {
    check(isMinorUnits(value), `discount and credit amounts must be non-negative integers, got ${value}`);
  }

  const extraDiscount = spread(
    unattributedDiscount.net,
    charges.map((c) => c.gross - c.discount),
    "discount",
  );
  const discountTax = spread(
    unattributedDiscount.tax,
    charges.map((c) => c.tax),
    "tax on the discount",
  );

  let creditLeft = credit.net;
  let creditTaxLeft = credit.tax;
  const lineItems: PricedLine[] = charges.map((charge, index) => {
    const discountAmount = charge.discount + (extraDiscount[index] ?? 0);
    const creditAmount = Math.min(creditLeft, charge.gross - discountAmount);
    creditLeft -= creditAmount;
    const taxBeforeCredit = charge.tax - (discountTax[index] ?? 0);
    const taxCredit = Math.min(creditTaxLeft, taxBeforeCredit);
    creditTaxLeft -= taxCredit;
    const amountWithoutTax = charge.gross - discountAmount - creditAmount;
    const taxAmount = taxBeforeCredit - taxCredit;
    return {
      offer: charge.offer,
      description: charge.description,
      quantity: charge.quantity,
      unitAmount: charge.unitAmount,
      billingPeriod: charge.billingPeriod,
      periodStart: charge.periodStart,
      periodEnd: charge.periodEnd,
      proration: prorationOf(charge),
      amountWithoutTax,
      discountAmount,
      creditAmount,
      taxAmount,
      amount: amountWithoutTax + taxAmount,
    };
  });

  return {
    entry: {
      date: invoice.date,
      currency: invoice.currency,
      amountWithoutTax: sumLines(lineItems, (l) => l.amountWithoutTax),
      discountAmount: sumLines(lineItems, (l) => l.discountAmount),
      creditAmount: sumLines(lineItems, (l) => l.creditAmount ?? 0),
      taxAmount: sumLines(lineItems, (l) => l.taxAmount),
      amount: sumLines(lineItems, (l) => l.amount),
      lineItems,
    },
    carriedForward: { net: creditLeft, tax: creditTaxLeft },
  };
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/** A charge for less than unit price x quantity is a prorated one: gross / full, reduced. */
function prorationOf(charge: ProviderCharge): PricedLine["proration"] {
  const full = charge.unitAmount * charge.quantity;
  if (!Number.isSafeInteger(full) || full <= 0 || charge.gross >= full) return null;
  const divisor = greatestCommonDivisor(full, charge.gross);
  return { numerator: charge.gross / divisor, denominator: full / divisor };
}

function sumLines(lines: readonly PricedLine[], pick: (line: PricedLine) => number): number {
  return sumMinor(lines.map(pick));
}

/**
 * Checks a folded invoice against the provider's own totals (which may be negative when the
 * credit exceeds the charges): what we show minus what is carried forward must be what the
 * provider computed, or the answer is not trusted.
 */
export function assertMatchesProviderTotals(
  folded: FoldedInvoice,
  provider: { total: number; tax: number | null },
): void {
  const { entry, carriedForward } = folded;
  const shownTotal = entry.amount - carriedForward.net - carriedForward.tax;
  check(
    shownTotal === provider.total,
    `lines add up to ${shownTotal}, the provider's total is ${provider.total}`,
  );
  if (provider.tax !== null) {
    const shownTax = entry.taxAmount - carriedForward.tax;
    check(
      shownTax === provider.tax,
      `line taxes add up to ${shownTax}, the provider's tax is ${provider.tax}`,
    );
  }
}

/** The order's figures: the first invoice's lines and totals, plus the schedule. */
export function pricedOrderFrom(
  currency: string,
  first: FoldedInvoice | null,
  schedule: PricedScheduleEntry[],
): PricedOrder {
  const lineItems = first?.entry.lineItems ?? [];
  const discountTotal = sumLines(lineItems, (l) => l.discountAmount);
  const creditTotal = sumLines(lineItems, (l) => l.creditAmount ?? 0);
  return {
    currency,
    lineItems,
    subtotal: sumMinor([sumLines(lineItems, (l) => l.amountWithoutTax), discountTotal, creditTotal]),
    discountTotal,
    creditTotal,
    taxTotal: sumLines(lineItems, (l) => l.taxAmount),
    total: sumLines(lineItems, (l) => l.amount),
    creditCarriedForward: first?.carriedForward.net ?? 0,
    schedule,
  };
}
