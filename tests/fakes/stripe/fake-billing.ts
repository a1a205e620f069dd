// How the Stripe fake turns request items into invoice lines. Simplified but consistent: a line is
// unit_amount x quantity for a full period; replacing items credits the unused fraction of the
// current period ("Unused time on ...") and charges the remaining fraction of the new item; a
// coupon discounts every positive non-proration line (percent), or the invoice up to its amount
// (amount_off, spread by amount); tax is the lines' tax rates' or Stripe Tax's (stripe/fake-tax.ts).
import { addMonthsUtc } from "../../../server/domain/dates";
import type { FormValue } from "../form-body";
import { type InvoiceArgs, invoiceObject } from "./fake-objects";
import { requirePrice } from "./fake-prices";
import {
  assertItemLimit,
  type DraftLine,
  type Form,
  int,
  invalid,
  list,
  missing,
  noSuch,
  obj,
  roundHalfUp,
  type StripeFakeState,
  type SubscriptionItemState,
  type SubscriptionState,
  str,
  stringRecord,
} from "./fake-state";
import { assertAutomaticTaxUsable, requireTaxRates, taxBehaviorOf } from "./fake-tax";
import type { FakeInvoice } from "./fake-types";

export function requireProduct(state: StripeFakeState, id: string | undefined, param: string): string {
  if (!id || !state.products.has(id)) throw noSuch("product", id, param);
  return id;
}

export function requireCustomer(state: StripeFakeState, id: string | undefined, param: string): string {
  if (!id || !state.customers.has(id)) throw noSuch("customer", id, param);
  return id;
}

export function requireSubscription(state: StripeFakeState, id: string): SubscriptionState {
  const sub = state.subscriptions.get(id);
  if (!sub) throw noSuch("subscription", id, "id", 404);
  return sub;
}

export function requireCoupon(state: StripeFakeState, discounts: FormValue | undefined): string | null {
  const coupon = str(obj(list(discounts)[0]).coupon);
  if (!coupon) return null;
  if (!state.coupons.has(coupon)) throw noSuch("coupon", coupon, "discounts[0][coupon]");
  return coupon;
}

export function periodEndOf(start: number, interval: "month" | "year"): number {
  return Math.floor(addMonthsUtc(new Date(start * 1000), interval === "year" ? 12 : 1).getTime() / 1000);
}

function priceData(state: StripeFakeState, value: FormValue | undefined, param: string, recurring: boolean) {
  const data = obj(value);
  const currency = str(data.currency);
  if (!currency) throw missing(`${param}[currency]`);
  const product = requireProduct(state, str(data.product), `${param}[product]`);
  const unitAmount = int(data.unit_amount, `${param}[unit_amount]`);
  const interval = str(obj(data.recurring).interval);
  if (recurring && interval !== "month" && interval !== "year")
    throw missing(`${param}[recurring][interval]`);
  const taxBehavior = taxBehaviorOf(data, param);
  return { currency, product, unitAmount, interval: (interval ?? "month") as "month" | "year", taxBehavior };
}

/**
 * An item's price: a `price` that exists (as an invoice item takes it, `pricing[price]`) or inline
 * `price_data`, exactly one of them.
 */
function itemPrice(
  state: StripeFakeState,
  item: Form,
  prefix: (name: string) => string,
  recurring: boolean,
  invoiceItem: boolean,
) {
  // "Create an invoice item" takes the price in `pricing` (API 2025-03-31 and later): a top-level
  // `price` is an unknown parameter there.
  if (invoiceItem && item.price !== undefined)
    throw invalid(`Received unknown parameter: price`, "parameter_unknown", "price");
  const named = invoiceItem ? obj(item.pricing).price : item.price;
  const namedParam = invoiceItem ? "pricing[price]" : "price";
  if (named !== undefined && item.price_data !== undefined)
    throw invalid(
      `You may only specify one of these parameters: ${namedParam}, price_data.`,
      "parameter_invalid",
      prefix(namedParam),
    );
  if (named !== undefined) return requirePrice(state, named, prefix(namedParam), recurring);
  return { ...priceData(state, item.price_data, prefix("price_data"), recurring), priceId: null };
}

const productName = (state: StripeFakeState, id: string) => String(state.products.get(id)?.name ?? id);

export function newSubscriptionItem(
  state: StripeFakeState,
  value: FormValue,
  param: string,
): SubscriptionItemState {
  const item = obj(value);
  const price = itemPrice(state, item, (name) => `${param}[${name}]`, true, false);
  const start = state.seconds();
  return {
    id: state.newId("si"),
    product: price.product,
    priceId: price.priceId ?? state.newId("price"),
    currency: price.currency,
    unitAmount: price.unitAmount,
    interval: price.interval,
    quantity: item.quantity === undefined ? 1 : int(item.quantity, `${param}[quantity]`),
    metadata: stringRecord(item.metadata),
    periodStart: start,
    periodEnd: periodEndOf(start, price.interval),
    taxRates: requireTaxRates(state, item.tax_rates, `${param}[tax_rates]`),
    taxBehavior: price.taxBehavior,
  };
}

/** An invoice item (one-off); `param` prefixes error params ("" for a top-level body). */
export function oneOffDraft(state: StripeFakeState, item: Form, param: string): DraftLine {
  const prefix = (name: string) => (param ? `${param}[${name}]` : name);
  const price = itemPrice(state, item, prefix, false, param === "");
  const quantity = item.quantity === undefined ? 1 : int(item.quantity, prefix("quantity"));
  return {
    description: productName(state, price.product),
    product: price.product,
    priceId: price.priceId ?? state.newId("price"),
    unitAmount: price.unitAmount,
    quantity,
    amount: price.unitAmount * quantity,
    periodStart: state.seconds(),
    periodEnd: state.seconds(),
    oneOff: true,
    proration: false,
    subscription: null,
    subscriptionItem: null,
    taxRates: requireTaxRates(state, item.tax_rates, prefix("tax_rates")),
    taxBehavior: price.taxBehavior,
  };
}

export function oneOffDrafts(
  state: StripeFakeState,
  value: FormValue | undefined,
  param: string,
): DraftLine[] {
  return list(value).map((entry, index) => oneOffDraft(state, obj(entry), `${param}[${index}]`));
}

export function fullPeriodDraft(
  state: StripeFakeState,
  item: SubscriptionItemState,
  subscription: string | null,
  start: number,
  end: number,
): DraftLine {
  return {
    description: `${item.quantity} × ${productName(state, item.product)} (at ${item.unitAmount} / ${item.interval})`,
    product: item.product,
    priceId: item.priceId,
    unitAmount: item.unitAmount,
    quantity: item.quantity,
    amount: item.unitAmount * item.quantity,
    periodStart: start,
    periodEnd: end,
    oneOff: false,
    proration: false,
    subscription,
    subscriptionItem: item.id,
    taxRates: item.taxRates,
    taxBehavior: item.taxBehavior,
  };
}

/** The unused (a credit, negative) or remaining (a charge) fraction of the item's period. */
export function prorationDraft(
  state: StripeFakeState,
  item: SubscriptionItemState,
  subscription: string,
  credit: boolean,
): DraftLine {
  const at = state.seconds();
  const remaining = Math.max(0, item.periodEnd - at);
  const amount = roundHalfUp(
    item.unitAmount * item.quantity * remaining,
    Math.max(1, item.periodEnd - item.periodStart),
  );
  const name = productName(state, item.product);
  return {
    description: credit ? `Unused time on ${name}` : `Remaining time on ${name}`,
    product: item.product,
    priceId: item.priceId,
    unitAmount: item.unitAmount,
    quantity: item.quantity,
    amount: credit ? -amount : amount,
    periodStart: at,
    periodEnd: item.periodEnd,
    oneOff: false,
    proration: true,
    subscription,
    subscriptionItem: item.id,
    taxRates: item.taxRates,
    taxBehavior: item.taxBehavior,
  };
}

function discountsFor(
  state: StripeFakeState,
  drafts: readonly DraftLine[],
  couponId: string | null,
): number[] {
  const coupon = couponId ? state.coupons.get(couponId) : undefined;
  if (!coupon) return drafts.map(() => 0);
  const eligible = drafts.map((d) => (d.amount > 0 && !d.proration ? d.amount : 0));
  const percentOff = coupon.percent_off;
  if (percentOff !== null) {
    return eligible.map((amount) => roundHalfUp(amount * percentOff, 100));
  }
  const base = eligible.reduce((a, b) => a + b, 0);
  const total = Math.min(Number(coupon.amount_off ?? 0), base);
  const parts = eligible.map((amount) => (base === 0 ? 0 : Math.floor((total * amount) / base)));
  const first = eligible.findIndex((amount) => amount > 0);
  if (first >= 0) parts[first] = (parts[first] ?? 0) + total - parts.reduce((a, b) => a + b, 0);
  return parts;
}

export function buildInvoice(state: StripeFakeState, args: Omit<InvoiceArgs, "discounts">): FakeInvoice {
  assertAutomaticTaxUsable(args.tax, args.drafts);
  return invoiceObject(state, { ...args, discounts: discountsFor(state, args.drafts, args.couponId) });
}

/**
 * Applies item changes (`{id, deleted}` removes an item, `{id, tax_rates}` replaces its tax rates,
 * `{price_data, quantity}` adds one) to `sub` and returns the proration lines they cause.
 */
export function changeItems(
  state: StripeFakeState,
  sub: SubscriptionState,
  itemsValue: FormValue | undefined,
  param: string,
  prorate: boolean,
): DraftLine[] {
  const drafts: DraftLine[] = [];
  const period = sub.items[0] ? { start: sub.items[0].periodStart, end: sub.items[0].periodEnd } : null;
  list(itemsValue).forEach((value, index) => {
    const entry = obj(value);
    const id = str(entry.id);
    if (id) {
      const existing = sub.items.find((item) => item.id === id);
      if (!existing) throw noSuch("subscription item", id, `${param}[${index}][id]`);
      if (str(entry.deleted) === "true") {
        if (prorate) drafts.push(prorationDraft(state, existing, sub.id, true));
        sub.items = sub.items.filter((item) => item.id !== id);
      } else if (entry.tax_rates !== undefined) {
        const taxRates = requireTaxRates(state, entry.tax_rates, `${param}[${index}][tax_rates]`);
        sub.items = sub.items.map((item) => (item.id === id ? { ...item, taxRates } : item));
      }
      return;
    }
    const added = newSubscriptionItem(state, value, `${param}[${index}]`);
    if (period) {
      added.periodStart = period.start;
      added.periodEnd = period.end;
    }
    if (prorate) drafts.push(prorationDraft(state, added, sub.id, false));
    sub.items.push(added);
  });
  if (sub.items.length === 0)
    throw invalid("A subscription needs at least one item.", "parameter_missing", param);
  assertItemLimit(sub.items.length, param);
  return drafts;
}
