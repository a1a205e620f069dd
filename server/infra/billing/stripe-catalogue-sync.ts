// Creates the portal's catalogue in a Stripe account: products, prices and coupons. Called when
// offers are imported and discount codes created (and by `catalog sync-stripe` for what exists
// already), never by an order: previews and submits only name what this made, by the ids stored
// with the catalogue. Every creation is idempotent twice over: an idempotency key derived from
// the object's parameters (a retry within Stripe's 24 hours is a replay), and a name Stripe keeps
// unique (the product's and coupon's own id, the price's lookup key), looked up first, so a sync
// whose ids could not be stored finds the same objects again later.
import type Stripe from "stripe";
import type { StripeCouponRefs } from "./billing-provider";
import { withDeadline } from "./provider-deadline";
import { parseAnswer, StripeAnswerShapeError } from "./stripe-answers";
import {
  type CouponBasis,
  catalogueIdempotencyKey,
  couponParamsFor,
  priceParamsFor,
  productParamsFor,
  type StripeCatalogueOffer,
  type StripeCataloguePrice,
  type StripeCouponSource,
} from "./stripe-catalogue-ids";
import { createStripeClient } from "./stripe-client";
import { isStripeAlreadyExists, isStripeNotFound, stripeErrorToDomain } from "./stripe-errors";
import { type StripePrice, stripePriceListSchema, stripePriceSchema } from "./stripe-invoice-schema";

export type StripeCatalogueOptions = {
  secretKey: string;
  apiBase?: string | undefined;
  timeoutMs: number;
  /** A ready client (tests); by default one is made from the settings above. */
  client?: Stripe;
};

export class StripeCatalogue {
  private readonly stripe: Stripe;
  private readonly timeoutMs: number;
  private readonly secrets: readonly string[];

  constructor(options: StripeCatalogueOptions) {
    this.timeoutMs = options.timeoutMs;
    this.secrets = [options.secretKey];
    this.stripe =
      options.client ??
      createStripeClient({
        secretKey: options.secretKey,
        apiBase: options.apiBase,
        timeoutMs: options.timeoutMs,
      });
  }

  /** The offer's product (`po_offer_<id>`): found, or created. Its id. */
  async ensureProduct(offer: StripeCatalogueOffer): Promise<string> {
    const params = productParamsFor(offer);
    await this.ensure(
      () => this.stripe.products.retrieve(params.id),
      () =>
        this.stripe.products.create(params, { idempotencyKey: catalogueIdempotencyKey("product", params) }),
    );
    return params.id;
  }

  /**
   * The price of an offer version in one currency: the one carrying its lookup key when that one
   * is what the catalogue says, else a new one (which takes the lookup key over). Its id.
   */
  async ensurePrice(price: StripeCataloguePrice, productId: string): Promise<string> {
    const params = priceParamsFor(price, productId);
    const key = params.lookup_key as string;
    const listed = await this.call(() => this.stripe.prices.list({ lookup_keys: [key], limit: 1 }));
    const found = parseAnswer(stripePriceListSchema, listed, "prices").data[0];
    if (found && samePrice(found, params)) return found.id;
    const create = found ? { ...params, transfer_lookup_key: true } : params;
    const created = await this.call(() =>
      this.stripe.prices.create(create, { idempotencyKey: catalogueIdempotencyKey("price", create) }),
    );
    return parseAnswer(stripePriceSchema, created, "price").id;
  }

  /** The code's coupon for one billing basis: found by its id (which hashes its terms), or created. */
  async ensureCoupon(discount: StripeCouponSource, basis: CouponBasis): Promise<string> {
    const params = couponParamsFor(discount, basis);
    await this.ensure(
      () => this.stripe.coupons.retrieve(params.id),
      () => this.stripe.coupons.create(params, { idempotencyKey: catalogueIdempotencyKey("coupon", params) }),
    );
    return params.id;
  }

  /** Both coupons of a code (one call when they are the same coupon). */
  async ensureCoupons(discount: StripeCouponSource): Promise<StripeCouponRefs> {
    const monthly = await this.ensureCoupon(discount, "month");
    const yearlyId = couponParamsFor(discount, "year").id;
    const yearly = yearlyId === monthly ? monthly : await this.ensureCoupon(discount, "year");
    return { monthly, yearly };
  }

  /** Retrieve; create when Stripe says 404; a concurrent creation ("already exists") is fine. */
  private async ensure(retrieve: () => Promise<unknown>, create: () => Promise<unknown>): Promise<void> {
    try {
      await this.call(retrieve);
    } catch (error) {
      if (!isStripeNotFound(error)) throw error;
      try {
        await this.call(create);
      } catch (createError) {
        if (!isStripeAlreadyExists(createError)) throw createError;
      }
    }
  }

  private call<T>(operation: () => Promise<T>): Promise<T> {
    return withDeadline("stripe", this.timeoutMs, () => operation());
  }

  /** A failure as the DomainError the provider would raise (UPSTREAM_FAILED, no secret in it). */
  describeFailure(error: unknown): Error {
    if (error instanceof StripeAnswerShapeError) return error;
    return stripeErrorToDomain(error, this.secrets);
  }
}

function samePrice(found: StripePrice, params: Stripe.PriceCreateParams): boolean {
  const product = typeof found.product === "string" ? found.product : found.product.id;
  return (
    found.active &&
    found.currency === params.currency &&
    found.unit_amount === params.unit_amount &&
    product === params.product &&
    (found.recurring?.interval ?? null) === (params.recurring?.interval ?? null) &&
    found.tax_behavior === params.tax_behavior
  );
}
