// Turns a parsed order and its loaded context into the two pure computations of the domain:
// the catalogue price (priceOrder) and the eligibility problems (evaluateEligibility). Both
// preview and submit go through here, so they can never disagree about an order.

import { deriveOrderCurrency } from "../../domain/currency";
import {
  type EligibilityContext,
  type EligibilityResult,
  evaluateEligibility,
} from "../../domain/eligibility";
import type { OrderRequest } from "../../domain/order-request-schemas";
import {
  type PricingDiscount,
  type PricingInput,
  type PricingLineInput,
  type PricingResult,
  priceOrder,
  type ReplacedLineInput,
} from "../../domain/pricing";
import { billingPeriodContaining } from "../../domain/proration";
import { periodMonths } from "../../domain/schedule";
import { type TaxRateTable, taxRateFor } from "../../domain/tax";
import { countriesOf, pricesOf } from "../catalog/offer-lookup";
import type { DiscountRow, OrderContext, SubscriptionItemRow } from "./load-order-context";

export type PricedRequest = {
  currency: string;
  country: string | null;
  startDate: Date;
  pricing: PricingResult;
  eligibility: EligibilityResult;
  discount: PricingDiscount | null;
};

export function priceOrderRequest(
  request: OrderRequest,
  ctx: OrderContext,
  now: Date,
  taxRates: TaxRateTable,
): PricedRequest {
  const country = request.order_type === "new" ? request.country : (ctx.customer?.country ?? null);
  const currency =
    request.order_type === "new"
      ? deriveOrderCurrency({
          requested: request.currency,
          country,
          partnerDefaultCurrency: ctx.partner.defaultCurrency,
        })
      : (ctx.subscription?.currency ?? ctx.partner.defaultCurrency);
  const startDate = startDateOf(request, ctx, now);
  const discount = usableDiscount(ctx.discount, currency, ctx.partner.id, now);

  const pricing = priceOrder({
    currency,
    country: country ?? "",
    taxRateBps: country ? taxRateFor(country, taxRates) : 0,
    startDate,
    billingAnchor: ctx.subscription?.termStart,
    ...linesFor(request, ctx, currency, startDate),
    discount,
  });

  const eligibility = evaluateEligibility(
    eligibilityContext(request, ctx, now, country, currency, pricing.total),
  );
  return { currency, country, startDate, pricing, eligibility, discount };
}

function startDateOf(request: OrderRequest, ctx: OrderContext, now: Date): Date {
  const at = (iso: string | undefined) => (iso ? new Date(iso) : now);
  switch (request.order_type) {
    case "new":
      return at(request.orderDate);
    case "change_offer":
      return at(request.effectiveDate ?? request.orderDate);
    case "renew":
      return ctx.subscription?.termEnd ?? now;
    default:
      return at(request.orderDate);
  }
}

/**
 * Only a code that would be granted is priced: an expired, used-up or another partner's code is
 * reported by the eligibility check and must not make the preview show a discount.
 */
function usableDiscount(
  row: DiscountRow | null,
  currency: string,
  partnerId: string,
  now: Date,
): PricingDiscount | null {
  if (!row?.active) return null;
  if (row.partnerId !== null && row.partnerId !== partnerId) return null;
  if (row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime()) return null;
  if (row.maxRedemptions !== null && row.timesRedeemed >= row.maxRedemptions) return null;
  if (row.kind === "percent" && row.percentOff) {
    return {
      kind: "percent",
      percentOff: row.percentOff,
      durationPeriods: row.durationPeriods,
      code: row.code,
    };
  }
  if (
    row.kind === "amount" &&
    row.amountOff !== null &&
    (row.currency === null || row.currency === currency)
  ) {
    return { kind: "amount", amountOff: row.amountOff, durationPeriods: row.durationPeriods, code: row.code };
  }
  return null;
}

function linesFor(
  request: OrderRequest,
  ctx: OrderContext,
  currency: string,
  startDate: Date,
): Pick<PricingInput, "lines" | "replacedLines"> {
  if (request.order_type === "cancel") return { lines: [] };
  if (request.order_type === "renew") {
    return { lines: (ctx.subscription?.items ?? []).map((item) => subscriptionLine(item)) };
  }
  const prorate = request.order_type === "change_offer" || request.order_type === "add_offer";
  const anchor = ctx.subscription?.termStart ?? startDate;
  const lines: PricingLineInput[] = [];
  request.orderItems.forEach((item, index) => {
    const offer = ctx.offers[index];
    const unitAmount = offer ? pricesOf(offer)[currency] : undefined;
    if (!offer || unitAmount === undefined) return; // reported by eligibility (OFFER_NOT_FOUND, CURRENCY_NOT_PRICED)
    lines.push({
      offer: {
        id: offer.offerId,
        version: offer.version,
        name: offer.name,
        billingPeriod: offer.billingPeriod,
        termMonths: offer.termMonths,
      },
      unitAmount,
      quantity: item.quantity,
      proration: prorate ? prorationFor(offer.billingPeriod, anchor, startDate) : null,
    });
  });
  // change_offer replaces the base plan; add-ons stay on the subscription.
  const replacedLines: ReplacedLineInput[] =
    request.order_type === "change_offer"
      ? (ctx.subscription?.items ?? [])
          .filter((item) => !item.offerVersionRef.addOn && item.billingPeriod !== "once")
          .map((item) => ({
            ...subscriptionLine(item),
            proration: prorationFor(item.billingPeriod, anchor, startDate),
          }))
      : [];
  return { lines, replacedLines };
}

function subscriptionLine(item: SubscriptionItemRow): PricingLineInput {
  return {
    offer: {
      id: item.offerId,
      version: item.offerVersion,
      name: item.offerVersionRef.name,
      billingPeriod: item.billingPeriod,
      termMonths: item.offerVersionRef.termMonths,
    },
    unitAmount: item.unitAmount,
    quantity: item.quantity,
  };
}

function prorationFor(period: "month" | "year" | "once", anchor: Date, changeDate: Date) {
  const months = periodMonths(period);
  if (months === null) return null;
  return { ...billingPeriodContaining(anchor, months, changeDate), changeDate };
}

function eligibilityContext(
  request: OrderRequest,
  ctx: OrderContext,
  now: Date,
  country: string | null,
  currency: string,
  pricedTotal: number,
): EligibilityContext {
  const { partner, customer, subscription, discount } = ctx;
  const lines =
    "orderItems" in request
      ? request.orderItems.map((item, index) => {
          const offer = ctx.offers[index];
          return {
            offerId: item.offer.id,
            version: item.offer.version ?? null,
            quantity: item.quantity,
            offer: offer
              ? {
                  id: offer.offerId,
                  version: offer.version,
                  name: offer.name,
                  published: offer.published,
                  openToAllPartners: offer.openToAllPartners,
                  eligiblePartnerIds: offer.eligiblePartners.map((p) => p.partnerId),
                  countries: countriesOf(offer.countries),
                  prices: pricesOf(offer),
                  minQuantity: offer.minQuantity,
                  maxQuantity: offer.maxQuantity,
                  addOn: offer.addOn,
                }
              : null,
          };
        })
      : [];
  const namedOwner = request.order_type === "new" ? request.customer?.owner : undefined;
  return {
    now,
    orderType: request.order_type,
    partner: {
      id: partner.id,
      slug: partner.slug,
      status: partner.status,
      allowedCountries: countriesOf(partner.allowedCountries),
      creditLimit: partner.creditLimit,
    },
    country,
    currency,
    lines,
    discount:
      "orderDiscount" in request && request.orderDiscount
        ? { code: request.orderDiscount.code, found: discount }
        : null,
    customer:
      request.order_type === "new" && (namedOwner || customer)
        ? { owner: namedOwner ?? customer?.id ?? "", found: customer }
        : null,
    subscription:
      "forSubscription" in request
        ? {
            reference: request.forSubscription.reference,
            found: subscription
              ? {
                  ...subscription,
                  items: subscription.items.map((i) => ({
                    offerId: i.offerId,
                    addOn: i.offerVersionRef.addOn,
                    removedAt: i.removedAt,
                  })),
                }
              : null,
          }
        : null,
    cancelEffective: request.order_type === "cancel" ? request.effective : null,
    pricedTotal,
  };
}
