// What the Stripe catalogue sync (stripe-catalogue-sync.ts) creates for the portal's catalogue, and
// the deterministic names that let it find what it made before: one Stripe product per offer
// (`po_offer_<id>`), one Stripe price per offer version and currency (found again by its lookup
// key), and one coupon per discount code and billing basis (its id includes a hash of its terms).
// Previews and submits only name these objects by the ids stored with the catalogue.
import { createHash } from "node:crypto";
import type Stripe from "stripe";

const SAFE_ID = /^[A-Za-z0-9_-]{1,60}$/;

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** Offer ids are lower-case letters, digits, '.', '_' and '-'; anything else is hashed. */
export function stripeProductIdFor(offerId: string): string {
  return SAFE_ID.test(offerId) ? `po_offer_${offerId}` : `po_offer_${shortHash(offerId)}`;
}

/** An offer as its product is made: its name, and its latest version's description. */
export type StripeCatalogueOffer = {
  id: string;
  name: string;
  productCode: string;
  /** The latest version's description; null or absent: none. */
  description?: string | null;
};

export function productParamsFor(offer: StripeCatalogueOffer): Stripe.ProductCreateParams & { id: string } {
  return {
    id: stripeProductIdFor(offer.id),
    name: offer.name.slice(0, 250),
    ...(offer.description ? { description: offer.description } : {}),
    metadata: { offer_id: offer.id, product_code: offer.productCode },
  };
}

/** What a product at Stripe says that the catalogue decides (Stripe's Product, in part). */
export type StripeProductShown = {
  name: string;
  description: string | null;
  metadata: Record<string, string>;
};

/**
 * The update that makes a product at Stripe say what the offer says now (a renamed offer, a new
 * description or product code); null when it says it already. An absent description is unset with
 * an empty string, as Stripe's "Update a product" takes it.
 */
export function productUpdateFor(
  product: StripeProductShown,
  offer: StripeCatalogueOffer,
): Stripe.ProductUpdateParams | null {
  const wanted = productParamsFor(offer);
  const update: Stripe.ProductUpdateParams = {};
  if (product.name !== wanted.name) update.name = wanted.name;
  if ((product.description ?? "") !== (wanted.description ?? ""))
    update.description = wanted.description ?? "";
  const metadata = wanted.metadata as Record<string, string>;
  if (Object.entries(metadata).some(([key, value]) => product.metadata[key] !== value))
    update.metadata = metadata;
  return Object.keys(update).length > 0 ? update : null;
}

/** One catalogue price: an offer version's unit amount in one currency. */
export type StripeCataloguePrice = {
  offerId: string;
  version: number;
  billingPeriod: "month" | "year" | "once";
  /** ISO 4217, any case. */
  currency: string;
  unitAmount: number;
};

/**
 * `po_<offer>_v<version>_<currency>`: unique per account at Stripe, so a price made by a sync whose
 * id could not be stored is found again (GET /v1/prices?lookup_keys[]=...) instead of made twice.
 */
export function priceLookupKeyFor(price: StripeCataloguePrice): string {
  const offer = SAFE_ID.test(price.offerId) ? price.offerId : shortHash(price.offerId);
  return `po_${offer}_v${price.version}_${price.currency.toLowerCase()}`;
}

/**
 * The price's parameters. `tax_behavior` is always `exclusive`: the catalogue's prices are without
 * tax under every STRIPE_TAX mode (`rates` adds exclusive tax rates, `automatic` needs prices that
 * say whether they include tax and was sent `exclusive` before, `none` adds nothing), and Stripe
 * cannot change a price's tax behaviour once set, so one price serves every mode.
 */
export function priceParamsFor(price: StripeCataloguePrice, productId: string): Stripe.PriceCreateParams {
  return {
    currency: price.currency.toLowerCase(),
    product: productId,
    unit_amount: price.unitAmount,
    ...(price.billingPeriod === "once" ? {} : { recurring: { interval: price.billingPeriod } }),
    tax_behavior: "exclusive",
    lookup_key: priceLookupKeyFor(price),
    metadata: {
      offer_id: price.offerId,
      offer_version: String(price.version),
      currency: price.currency.toUpperCase(),
    },
  };
}

/** A discount code as the coupons are made from it. */
export type StripeCouponSource = {
  code: string;
  kind: "percent" | "amount";
  percentOff: number | null;
  amountOff: number | null;
  /** The amount's currency (kind = amount). */
  currency: string | null;
  durationPeriods: number | null;
};

/** The order's shortest recurring billing period: a coupon counts months, a code periods. */
export type CouponBasis = "month" | "year";

/** Monthly if any line is monthly, else yearly, matching how the domain counts periods. */
export function couponBasisFor(lines: readonly { offer: { billingPeriod: string } }[]): CouponBasis {
  return lines.some((line) => line.offer.billingPeriod === "month") ? "month" : "year";
}

/** Months a coupon lasts for the code's `durationPeriods` billing periods of `basis`. */
export function couponDuration(
  durationPeriods: number | null,
  basis: CouponBasis,
): Pick<Stripe.CouponCreateParams, "duration" | "duration_in_months"> {
  if (durationPeriods === null) return { duration: "forever" };
  if (durationPeriods === 1) return { duration: "once" };
  return { duration: "repeating", duration_in_months: durationPeriods * (basis === "month" ? 1 : 12) };
}

export function couponParamsFor(
  discount: StripeCouponSource,
  basis: CouponBasis,
): Stripe.CouponCreateParams & { id: string } {
  const value =
    discount.kind === "percent"
      ? { percent_off: discount.percentOff ?? 0 }
      : { amount_off: discount.amountOff ?? 0, currency: (discount.currency ?? "").toLowerCase() };
  const duration = couponDuration(discount.durationPeriods, basis);
  // The terms are part of the id: a code made again with other terms gets a new coupon instead of
  // silently reusing one with the old terms.
  const terms = JSON.stringify({ code: discount.code, ...value, ...duration });
  const code = discount.code.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 30);
  return {
    id: `po_${code}_${shortHash(terms)}`,
    name: discount.code.slice(0, 40),
    ...value,
    ...duration,
    metadata: { discount_code: discount.code },
  };
}

/** Creation keys derived from the object's own name and parameters: a retry is Stripe's replay. */
export function catalogueIdempotencyKey(kind: "product" | "price" | "coupon", params: object): string {
  const digest = createHash("sha256").update(JSON.stringify(params)).digest("hex").slice(0, 32);
  return `po-stripe-${kind}-${digest}`;
}
