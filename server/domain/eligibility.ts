// The partner-specific eligibility checks (codes in eligibility-codes.ts, documented in
// docs/partner-api.md), as one pure function over data the service has already loaded. Every
// failed check is one problem and all of them are returned together, so a client can fix an
// order in one round trip. Checks that would only restate an earlier problem are skipped (an
// offer that was not found is not also "not published").
//
// Decisions worth knowing when filling the context:
// - Customers and subscriptions are looked up in the partner's context by the service; a row of
//   another partner is reported exactly like a missing one (never reveal other partners' data).
// - An inactive discount code is reported as DISCOUNT_NOT_FOUND (a switched-off code should not be
//   distinguishable from a mistyped one).
// - change_offer replaces every current item of the subscription with the order's items, so an
//   add-on in a change_offer needs a base offer in the same order; add_offer may rely on a base
//   offer already on the subscription.
// - add_offer of an offer the subscription already has is ALREADY_SUBSCRIBED.
// - Subscription states: change_offer / add_offer need an active subscription whose term has not
//   ended and that is not scheduled to cancel; cancel needs active or pending and not already
//   scheduled to cancel at end of term (cancelling immediately overrides a scheduled cancel);
//   renew needs an active or expired subscription with a fixed term and no scheduled cancel.

import type { EligibilityCode, EligibilityProblem } from "./eligibility-codes";
import type { CancelEffective, DiscountKind, OrderType, PartnerStatus, SubscriptionStatus } from "./enums";
import { formatMinorUnits } from "./money";

export type { EligibilityCode, EligibilityProblem } from "./eligibility-codes";

export interface EligibilityPartner {
  id: string;
  slug: string;
  status: PartnerStatus;
  /** null: every country. */
  allowedCountries: readonly string[] | null;
  /** Upper bound of an order's total in the order currency's minor unit; null: no limit. */
  creditLimit: number | null;
}

/** The offer version an order line resolved to. */
export interface EligibilityOffer {
  id: string;
  version: number;
  name: string;
  published: boolean;
  openToAllPartners: boolean;
  /** Partner ids that may sell it when it is not open to all. */
  eligiblePartnerIds: readonly string[];
  /** null: every country. */
  countries: readonly string[] | null;
  /** Unit amount by ISO 4217 currency. */
  prices: Readonly<Record<string, number>>;
  minQuantity: number;
  maxQuantity: number | null;
  addOn: boolean;
}

export interface EligibilityLine {
  /** As requested (orderItems[i].offer.id / .version). */
  offerId: string;
  version?: number | null;
  quantity: number;
  /** null when no such offer (or version) exists. */
  offer: EligibilityOffer | null;
}

export interface EligibilityDiscount {
  partnerId: string | null;
  kind: DiscountKind;
  /** Currency of amountOff (kind "amount"); null for percent codes. */
  currency: string | null;
  expiresAt: Date | null;
  maxRedemptions: number | null;
  timesRedeemed: number;
  active: boolean;
}

export interface EligibilityCustomer {
  id: string;
  partnerId: string;
  /** Offer ids on the customer's active subscriptions (with this partner). */
  activeSubscriptionOfferIds: readonly string[];
}

export interface EligibilitySubscriptionItem {
  offerId: string;
  addOn: boolean;
  /** Set when the item was removed; removed items are ignored. */
  removedAt?: Date | null;
}

export interface EligibilitySubscription {
  id: string;
  reference: string;
  partnerId: string;
  status: SubscriptionStatus;
  termEnd: Date | null;
  termMonths: number | null;
  cancelAt: Date | null;
  items: readonly EligibilitySubscriptionItem[];
}

export interface EligibilityContext {
  now: Date;
  orderType: OrderType;
  partner: EligibilityPartner;
  /** The order's country (for changes: the customer's), null when unknown: country checks skipped. */
  country: string | null;
  /** The order currency (requested, derived, or the subscription's). */
  currency: string;
  /** The requested order lines, in request order (empty for cancel and renew). */
  lines: readonly EligibilityLine[];
  /** Present when the request has orderDiscount; found is null when no such code exists. */
  discount?: { code: string; found: EligibilityDiscount | null } | null;
  /** Present when the request names an existing customer (customer.owner). */
  customer?: { owner: string; found: EligibilityCustomer | null } | null;
  /** Present for change_offer, add_offer, cancel and renew. */
  subscription?: { reference: string; found: EligibilitySubscription | null } | null;
  /** For cancel orders. */
  cancelEffective?: CancelEffective | null;
  /** The first invoice total, when the order could be priced. */
  pricedTotal: number | null;
}

export interface EligibilityResult {
  eligible: boolean;
  problems: EligibilityProblem[];
}

const SUBSCRIPTION_ORDER_TYPES: ReadonlySet<OrderType> = new Set([
  "change_offer",
  "add_offer",
  "cancel",
  "renew",
]);

function problem(code: EligibilityCode, path: string, message: string): EligibilityProblem {
  return { code, path, message };
}

function linePath(index: number, field: "offer.id" | "quantity"): string {
  return `orderItems.${index}.${field}`;
}

function offerLabel(offer: EligibilityOffer): string {
  return `Offer "${offer.id}" (version ${offer.version})`;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function checkPartner(ctx: EligibilityContext): EligibilityProblem[] {
  const problems: EligibilityProblem[] = [];
  if (ctx.partner.status !== "active") {
    problems.push(
      problem("PARTNER_SUSPENDED", "", `Partner "${ctx.partner.slug}" is suspended and cannot order.`),
    );
  }
  const allowed = ctx.partner.allowedCountries;
  if (ctx.country !== null && allowed !== null && !allowed.includes(ctx.country)) {
    problems.push(
      problem(
        "COUNTRY_NOT_ALLOWED_FOR_PARTNER",
        "country",
        `Partner "${ctx.partner.slug}" may not sell in ${ctx.country} (allowed: ${allowed.join(", ") || "none"}).`,
      ),
    );
  }
  return problems;
}

function checkLine(ctx: EligibilityContext, line: EligibilityLine, index: number): EligibilityProblem[] {
  const at = linePath(index, "offer.id");
  const offer = line.offer;
  if (offer === null) {
    const version = line.version ? ` version ${line.version}` : "";
    return [problem("OFFER_NOT_FOUND", at, `Offer "${line.offerId}"${version} does not exist.`)];
  }
  const problems: EligibilityProblem[] = [];
  if (!offer.published) {
    problems.push(problem("OFFER_NOT_PUBLISHED", at, `${offerLabel(offer)} is not published.`));
  }
  if (!offer.openToAllPartners && !offer.eligiblePartnerIds.includes(ctx.partner.id)) {
    problems.push(
      problem(
        "OFFER_NOT_SOLD_BY_PARTNER",
        at,
        `${offerLabel(offer)} is not sold through "${ctx.partner.slug}".`,
      ),
    );
  }
  if (ctx.country !== null && offer.countries !== null && !offer.countries.includes(ctx.country)) {
    problems.push(
      problem("COUNTRY_NOT_ALLOWED_FOR_OFFER", at, `${offerLabel(offer)} is not sold in ${ctx.country}.`),
    );
  }
  if (offer.prices[ctx.currency] === undefined) {
    const priced = Object.keys(offer.prices).sort().join(", ") || "none";
    problems.push(
      problem(
        "CURRENCY_NOT_PRICED",
        at,
        `${offerLabel(offer)} has no ${ctx.currency} price (priced in: ${priced}).`,
      ),
    );
  }
  const { minQuantity, maxQuantity } = offer;
  if (line.quantity < minQuantity || (maxQuantity !== null && line.quantity > maxQuantity)) {
    const bounds = maxQuantity === null ? `at least ${minQuantity}` : `from ${minQuantity} to ${maxQuantity}`;
    problems.push(
      problem(
        "QUANTITY_OUT_OF_BOUNDS",
        linePath(index, "quantity"),
        `Quantity ${line.quantity} is out of bounds for ${offerLabel(offer)}: must be ${bounds}.`,
      ),
    );
  }
  return problems;
}

function checkDuplicates(ctx: EligibilityContext): EligibilityProblem[] {
  const firstIndex = new Map<string, number>();
  const problems: EligibilityProblem[] = [];
  ctx.lines.forEach((line, index) => {
    const first = firstIndex.get(line.offerId);
    if (first === undefined) {
      firstIndex.set(line.offerId, index);
      return;
    }
    problems.push(
      problem(
        "DUPLICATE_OFFER_IN_ORDER",
        linePath(index, "offer.id"),
        `Offer "${line.offerId}" is already on line ${first}; change that line's quantity instead.`,
      ),
    );
  });
  return problems;
}

function activeItems(subscription: EligibilitySubscription): EligibilitySubscriptionItem[] {
  return subscription.items.filter((item) => !item.removedAt);
}

function checkAddOns(ctx: EligibilityContext): EligibilityProblem[] {
  const baseInOrder = ctx.lines.some((line) => line.offer !== null && !line.offer.addOn);
  if (baseInOrder) return [];
  let baseOnSubscription = false;
  if (ctx.orderType === "add_offer") {
    const subscription = ctx.subscription?.found;
    // Without the subscription there is nothing to judge; SUBSCRIPTION_NOT_FOUND says it all.
    if (!subscription || subscription.partnerId !== ctx.partner.id) return [];
    baseOnSubscription = activeItems(subscription).some((item) => !item.addOn);
  }
  if (baseOnSubscription) return [];
  const where = ctx.orderType === "add_offer" ? "in the order or on the subscription" : "in the order";
  return ctx.lines.flatMap((line, index) =>
    line.offer?.addOn
      ? [
          problem(
            "ADD_ON_WITHOUT_BASE",
            linePath(index, "offer.id"),
            `${offerLabel(line.offer)} is an add-on and needs a base offer ${where}.`,
          ),
        ]
      : [],
  );
}

function checkAlreadySubscribed(ctx: EligibilityContext): EligibilityProblem[] {
  let existing: readonly string[] = [];
  let holder = "";
  if (ctx.orderType === "new") {
    const customer = ctx.customer?.found;
    if (!customer || customer.partnerId !== ctx.partner.id) return [];
    existing = customer.activeSubscriptionOfferIds;
    holder = `Customer ${ctx.customer?.owner} already has an active subscription to`;
  } else if (ctx.orderType === "add_offer") {
    const subscription = ctx.subscription?.found;
    if (!subscription || subscription.partnerId !== ctx.partner.id) return [];
    existing = activeItems(subscription).map((item) => item.offerId);
    holder = `Subscription ${subscription.reference} already includes`;
  } else {
    return [];
  }
  return ctx.lines.flatMap((line, index) =>
    existing.includes(line.offerId)
      ? [problem("ALREADY_SUBSCRIBED", linePath(index, "offer.id"), `${holder} offer "${line.offerId}".`)]
      : [],
  );
}

function checkDiscount(ctx: EligibilityContext): EligibilityProblem[] {
  if (!ctx.discount) return [];
  const path = "orderDiscount.code";
  const { code, found } = ctx.discount;
  if (!found?.active) {
    return [problem("DISCOUNT_NOT_FOUND", path, `Discount code "${code}" does not exist.`)];
  }
  if (found.partnerId !== null && found.partnerId !== ctx.partner.id) {
    return [
      problem("DISCOUNT_NOT_FOR_PARTNER", path, `Discount code "${code}" is not valid for this partner.`),
    ];
  }
  const problems: EligibilityProblem[] = [];
  if (found.expiresAt !== null && found.expiresAt.getTime() <= ctx.now.getTime()) {
    problems.push(
      problem("DISCOUNT_EXPIRED", path, `Discount code "${code}" expired on ${isoDay(found.expiresAt)}.`),
    );
  }
  if (found.maxRedemptions !== null && found.timesRedeemed >= found.maxRedemptions) {
    problems.push(
      problem(
        "DISCOUNT_USED_UP",
        path,
        `Discount code "${code}" has been used ${found.timesRedeemed} times, its limit.`,
      ),
    );
  }
  if (found.kind === "amount" && found.currency !== null && found.currency !== ctx.currency) {
    problems.push(
      problem(
        "DISCOUNT_CURRENCY_MISMATCH",
        path,
        `Discount code "${code}" is in ${found.currency} but the order is in ${ctx.currency}.`,
      ),
    );
  }
  return problems;
}

function checkCustomer(ctx: EligibilityContext): EligibilityProblem[] {
  if (ctx.orderType !== "new" || !ctx.customer) return [];
  const { owner, found } = ctx.customer;
  if (found && found.partnerId === ctx.partner.id) return [];
  return [problem("CUSTOMER_NOT_FOUND", "customer.owner", `Customer ${owner} does not exist.`)];
}

/** Why the subscription's state does not allow this order, or null when it does. */
export function subscriptionChangeRefusal(
  orderType: OrderType,
  subscription: EligibilitySubscription,
  now: Date,
  cancelEffective: CancelEffective | null = null,
): string | null {
  const { status, cancelAt, termEnd } = subscription;
  const scheduled = cancelAt ? `is scheduled to be cancelled on ${isoDay(cancelAt)}` : null;
  switch (orderType) {
    case "change_offer":
    case "add_offer":
      if (status !== "active") return `is ${status}; only active subscriptions can be changed`;
      if (termEnd !== null && termEnd.getTime() <= now.getTime())
        return `ended its term on ${isoDay(termEnd)}`;
      return scheduled;
    case "cancel":
      // A pending subscription's order is still with the billing provider: cancelling it now
      // would race the worker that is about to activate it.
      if (status === "pending")
        return "is pending until its order has been processed; cancel it once it is active";
      if (status !== "active") return `is already ${status}`;
      if (scheduled && (cancelEffective ?? "end_of_term") === "end_of_term") return `already ${scheduled}`;
      return null;
    case "renew":
      if (status !== "active" && status !== "expired") return `is ${status} and cannot be renewed`;
      if (subscription.termMonths === null && termEnd === null) return "is rolling and has no term to renew";
      return scheduled;
    default:
      return null;
  }
}

function checkSubscription(ctx: EligibilityContext): EligibilityProblem[] {
  if (!SUBSCRIPTION_ORDER_TYPES.has(ctx.orderType)) return [];
  const path = "forSubscription.reference";
  const reference = ctx.subscription?.reference ?? "";
  const found = ctx.subscription?.found;
  if (!found || found.partnerId !== ctx.partner.id) {
    return [problem("SUBSCRIPTION_NOT_FOUND", path, `Subscription ${reference} does not exist.`)];
  }
  const refusal = subscriptionChangeRefusal(ctx.orderType, found, ctx.now, ctx.cancelEffective ?? null);
  if (refusal === null) return [];
  return [
    problem(
      "SUBSCRIPTION_NOT_CHANGEABLE",
      path,
      `Subscription ${found.reference} ${refusal}, so it cannot take a ${ctx.orderType} order.`,
    ),
  ];
}

function checkCreditLimit(ctx: EligibilityContext): EligibilityProblem[] {
  const { creditLimit } = ctx.partner;
  if (creditLimit === null || ctx.pricedTotal === null || ctx.pricedTotal <= creditLimit) return [];
  const money = (amount: number) => `${formatMinorUnits(amount, ctx.currency)} ${ctx.currency}`;
  return [
    problem(
      "CREDIT_LIMIT_EXCEEDED",
      "",
      `The order total of ${money(ctx.pricedTotal)} is above the partner's credit limit of ${money(creditLimit)}.`,
    ),
  ];
}

/** All problems, in a stable order: partner, subscription, customer, lines, discount, credit. */
export function checkEligibility(ctx: EligibilityContext): EligibilityProblem[] {
  return [
    ...checkPartner(ctx),
    ...checkSubscription(ctx),
    ...checkCustomer(ctx),
    ...ctx.lines.flatMap((line, index) => checkLine(ctx, line, index)),
    ...checkDuplicates(ctx),
    ...checkAddOns(ctx),
    ...checkAlreadySubscribed(ctx),
    ...checkDiscount(ctx),
    ...checkCreditLimit(ctx),
  ];
}

export function evaluateEligibility(ctx: EligibilityContext): EligibilityResult {
  const problems = checkEligibility(ctx);
  return { eligible: problems.length === 0, problems };
}
