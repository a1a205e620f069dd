// Creates the portal's catalogue in a Stripe account: products, prices, coupons and (STRIPE_TAX=
// rates) the tax rates of the deployment's TAX_RATES. Called when offers are imported and discount
// codes created (and by `catalog sync-stripe` for what exists already), never by an order:
// previews and submits only name what this made, by the ids stored with the catalogue (tax rates:
// found by their metadata, stripe-tax-rates.ts). Every creation is idempotent twice over: an
// idempotency key derived from the object's parameters (a retry within Stripe's 24 hours is a
// replay), and a name Stripe keeps unique (the product's and coupon's own id, the price's lookup
// key, the tax rate's metadata), looked up first, so a sync whose ids could not be stored finds the
// same objects again later. A product found is updated when the offer was renamed since.
import type Stripe from "stripe";
import type { TaxRateTable } from "../../domain/tax";
import type { StripeCouponRefs } from "./billing-provider";
import { withDeadline } from "./provider-deadline";
import { parseAnswer, StripeAnswerShapeError } from "./stripe-answers";
import {
  type CouponBasis,
  catalogueIdempotencyKey,
  couponParamsFor,
  priceParamsFor,
  productParamsFor,
  productUpdateFor,
  type StripeCatalogueOffer,
  type StripeCataloguePrice,
  type StripeCouponSource,
} from "./stripe-catalogue-ids";
import { createStripeClient } from "./stripe-client";
import { isStripeAlreadyExists, isStripeNotFound, stripeErrorToDomain } from "./stripe-errors";
import {
  type StripePrice,
  stripePriceListSchema,
  stripePriceSchema,
  stripeProductSchema,
} from "./stripe-invoice-schema";
import { type EnsuredTaxRate, StripeTaxRates, type TaxRateEntry, taxRatesToSync } from "./stripe-tax-rates";

export type StripeCatalogueOptions = {
  secretKey: string;
  apiBase?: string | undefined;
  timeoutMs: number;
  /**
   * STRIPE_TAX=rates: the deployment's TAX_RATES, whose rates (above 0) the sync makes at Stripe;
   * null or absent (another STRIPE_TAX mode): no tax rate is made.
   */
  taxRates?: TaxRateTable | null;
  /** A ready client (tests); by default one is made from the settings above. */
  client?: Stripe;
};

/** What a product sync did: made it, updated it (the offer was renamed), or found it as it is. */
export type ProductSync = { id: string; change: "created" | "updated" | "unchanged" };

export class StripeCatalogue {
  private readonly stripe: Stripe;
  private readonly timeoutMs: number;
  private readonly secrets: readonly string[];
  private readonly taxRates: StripeTaxRates;
  /** The tax rates to make (STRIPE_TAX=rates), by country. */
  readonly taxRateEntries: readonly TaxRateEntry[];

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
    this.taxRates = new StripeTaxRates(this.stripe, (operation) => this.call(operation));
    this.taxRateEntries = options.taxRates ? taxRatesToSync(options.taxRates) : [];
  }

  /** The offer's product (`po_offer_<id>`): found, or created. Its id. */
  async ensureProduct(offer: StripeCatalogueOffer): Promise<string> {
    return (await this.syncProduct(offer)).id;
  }

  /**
   * The offer's product: created when missing, else updated when its name, description or product
   * code are not the offer's any more (POST /v1/products/{id} with those alone). `dryRun`: only
   * looked up; the answer says what a real run would do.
   */
  async syncProduct(offer: StripeCatalogueOffer, options: { dryRun?: boolean } = {}): Promise<ProductSync> {
    const params = productParamsFor(offer);
    let found: unknown = null;
    try {
      found = await this.call(() => this.stripe.products.retrieve(params.id));
    } catch (error) {
      if (!isStripeNotFound(error)) throw error;
    }
    if (found === null && options.dryRun) return { id: params.id, change: "created" };
    if (found === null) {
      try {
        await this.call(() =>
          this.stripe.products.create(params, { idempotencyKey: catalogueIdempotencyKey("product", params) }),
        );
        return { id: params.id, change: "created" };
      } catch (createError) {
        // Made by a concurrent sync in between: compare it like one found.
        if (!isStripeAlreadyExists(createError)) throw createError;
        found = await this.call(() => this.stripe.products.retrieve(params.id));
      }
    }
    const update = productUpdateFor(parseAnswer(stripeProductSchema, found, "product"), offer);
    if (!update) return { id: params.id, change: "unchanged" };
    if (options.dryRun) return { id: params.id, change: "updated" };
    // No idempotency key: setting the same values twice is harmless, and a key derived from them
    // would make a rename back to an earlier name within 24 hours a replay that changes nothing.
    await this.call(() => this.stripe.products.update(params.id, update));
    return { id: params.id, change: "updated" };
  }

  /**
   * The deployment's tax rates (STRIPE_TAX=rates): each found by its metadata, or made. `dryRun`:
   * only looked up; those to make have no id.
   */
  ensureTaxRates(options: { dryRun?: boolean } = {}): Promise<EnsuredTaxRate[]> {
    return this.taxRates.ensure(this.taxRateEntries, options);
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
    // Two syncs that both miss it send the same parameters, so the same key: the second creation
    // is Stripe's replay of the first, not a lookup-key collision.
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
