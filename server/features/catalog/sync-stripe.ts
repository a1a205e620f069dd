// The Stripe catalogue sync: makes, in the Stripe account the server bills, each offer's product,
// one price per offer version and currency, and each discount code's coupons, and stores their
// ids with the catalogue (Offer.stripeProductId, OfferPrice.stripePriceId, DiscountCode.
// stripeCouponId*). Orders billed through Stripe only name these ids: a preview or a submit
// creates nothing at Stripe, and refuses an offer or a code without them.
//
// With STRIPE_TAX=rates it first makes the tax rate of every country of the deployment's
// TAX_RATES (above 0), whenever it syncs offers; their ids are not stored (orders find them by
// their metadata), so every such run lists the account's tax rates once. An offer synced again
// because its import added a version (a rename is a new version) has its product's name,
// description and product code brought up to date at Stripe.
//
// Run by `offers import` for the offers it imported, by `discount create` for the new code, and by
// `catalog sync-stripe` for everything not synced yet (a catalogue imported before Stripe was set
// up, or a sync that failed half-way). What has its ids is left alone, so a second run calls
// Stripe for nothing (but, with STRIPE_TAX=rates, the one listing of tax rates). The first Stripe
// failure stops the run: what was synced before it keeps its ids, the rest is reported and synced
// by the next run.
import type { StripeCatalogue } from "../../infra/billing/stripe-catalogue-sync";
import type { Db } from "../../infra/db/db";
import { stripeCouponColumnsFor, stripeCouponColumnsSelect, stripeCouponsOf } from "./stripe-columns";

export type StripeSyncOutcome =
  /** Its Stripe objects were made (or found) now and their ids stored. */
  | "synced"
  /** It had every id already; Stripe was not asked. */
  | "unchanged"
  /** Dry run: it would be synced. */
  | "pending"
  /** Stripe failed while syncing it; nothing of it that was not stored before is stored. */
  | "failed"
  /** Not tried, after an earlier failure. */
  | "skipped";

export type StripeOfferSync = {
  offer: string;
  outcome: StripeSyncOutcome;
  productId: string | null;
  /** What this run did (dry run: would do) to the product: made it, updated it (a renamed offer), or nothing. */
  product: "created" | "updated" | "unchanged";
  /** The prices made by this run (or, dry run, to be made). */
  prices: { version: number; currency: string; priceId: string | null }[];
};

export type StripeDiscountSync = {
  code: string;
  outcome: StripeSyncOutcome;
  coupons: { monthly: string; yearly: string } | null;
};

/** One country's tax rate (STRIPE_TAX=rates): `unchanged` when Stripe had it. */
export type StripeTaxRateSync = {
  country: string;
  rateBps: number;
  outcome: StripeSyncOutcome;
  taxRateId: string | null;
};

export type StripeSyncReport = {
  dryRun: boolean;
  /** Empty unless STRIPE_TAX=rates and the run synced offers. */
  taxRates: StripeTaxRateSync[];
  offers: StripeOfferSync[];
  discountCodes: StripeDiscountSync[];
  counts: {
    taxRates: Record<StripeSyncOutcome, number>;
    offers: Record<StripeSyncOutcome, number>;
    discountCodes: Record<StripeSyncOutcome, number>;
  };
  /** Why the run stopped (Stripe's failure, as a partner-safe message); null when it did not. */
  failure: string | null;
};

export type StripeSyncOptions = {
  /** Report only; neither Stripe nor the database is written. */
  dryRun?: boolean;
  /** Only these offers (undefined: every offer). */
  offerIds?: readonly string[];
  /** Only these discount codes, by row id (undefined: every code). */
  discountCodeIds?: readonly string[];
  /**
   * Make the deployment's tax rates (STRIPE_TAX=rates; the catalogue knows the table). By default
   * whenever offers are synced (not for `discount create`, which syncs a code alone).
   */
  taxRates?: boolean;
  /** After each offer or code: how many of the total are done. */
  onProgress?: (done: number, total: number) => void;
};

const offerSelect = {
  id: true,
  name: true,
  productCode: true,
  latestVersion: true,
  stripeProductId: true,
  versions: {
    orderBy: { version: "asc" },
    select: {
      version: true,
      description: true,
      billingPeriod: true,
      prices: {
        where: { stripePriceId: null },
        orderBy: { currency: "asc" },
        select: { currency: true, unitAmount: true },
      },
    },
  },
} as const;

const discountSelect = {
  id: true,
  code: true,
  kind: true,
  percentOff: true,
  amountOff: true,
  currency: true,
  durationPeriods: true,
  ...stripeCouponColumnsSelect,
} as const;

function zeroCounts(): Record<StripeSyncOutcome, number> {
  return { synced: 0, unchanged: 0, pending: 0, failed: 0, skipped: 0 };
}

export async function syncStripeCatalogue(
  db: Db,
  stripe: StripeCatalogue,
  options: StripeSyncOptions = {},
): Promise<StripeSyncReport> {
  const dryRun = options.dryRun === true;
  const offers = await db.offer.findMany({
    where: options.offerIds ? { id: { in: [...options.offerIds] } } : {},
    orderBy: { id: "asc" },
    select: offerSelect,
  });
  const codes = await db.discountCode.findMany({
    where: options.discountCodeIds ? { id: { in: [...options.discountCodeIds] } } : {},
    orderBy: { code: "asc" },
    select: discountSelect,
  });
  const total = offers.length + codes.length;
  let done = 0;
  let failure: string | null = null;
  const progress = () => {
    done += 1;
    options.onProgress?.(done, total);
  };

  const taxReports: StripeTaxRateSync[] = [];
  const withTaxRates = options.taxRates ?? (options.offerIds === undefined || options.offerIds.length > 0);
  if (withTaxRates && stripe.taxRateEntries.length > 0) {
    try {
      for (const rate of await stripe.ensureTaxRates({ dryRun })) {
        taxReports.push({
          country: rate.country,
          rateBps: rate.rateBps,
          outcome: rate.created ? "synced" : rate.id === null ? "pending" : "unchanged",
          taxRateId: rate.id,
        });
      }
    } catch (error) {
      failure = stripe.describeFailure(error).message;
      for (const rate of stripe.taxRateEntries) {
        taxReports.push({ country: rate.country, rateBps: rate.rateBps, outcome: "failed", taxRateId: null });
      }
    }
  }

  const offerReports: StripeOfferSync[] = [];
  for (const offer of offers) {
    const unsynced = offer.versions.flatMap((v) =>
      v.prices.map((p) => ({ offerId: offer.id, version: v.version, billingPeriod: v.billingPeriod, ...p })),
    );
    const report: StripeOfferSync = {
      offer: offer.id,
      outcome: "unchanged",
      productId: offer.stripeProductId,
      product: "unchanged",
      prices: [],
    };
    offerReports.push(report);
    if (offer.stripeProductId !== null && unsynced.length === 0) {
      progress();
      continue;
    }
    if (failure !== null) {
      report.outcome = "skipped";
      continue;
    }
    // The product is synced from the latest version: the offer may have been renamed by the
    // version whose prices are synced now.
    const latest = offer.versions.find((v) => v.version === offer.latestVersion);
    const productOffer = { ...offer, description: latest?.description ?? null };
    if (dryRun) {
      report.outcome = "pending";
      report.prices = unsynced.map((p) => ({ version: p.version, currency: p.currency, priceId: null }));
      try {
        // A read: the report says whether the product would be made or renamed.
        report.product = (await stripe.syncProduct(productOffer, { dryRun: true })).change;
      } catch (error) {
        report.outcome = "failed";
        failure = stripe.describeFailure(error).message;
      }
      progress();
      continue;
    }
    try {
      // The product's id is stored before any price's: while it is set, orders re-read versions
      // whose prices lack ids (offer-lookup.ts).
      const product = await stripe.syncProduct(productOffer);
      report.product = product.change;
      const productId = product.id;
      if (offer.stripeProductId === null) {
        await db.offer.update({ where: { id: offer.id }, data: { stripeProductId: productId } });
        report.productId = productId;
      }
      for (const price of unsynced) {
        const priceId = await stripe.ensurePrice(price, productId);
        // Set once, from null: a concurrent sync that stored another price first wins.
        await db.offerPrice.updateMany({
          where: {
            offerId: offer.id,
            offerVersion: price.version,
            currency: price.currency,
            stripePriceId: null,
          },
          data: { stripePriceId: priceId },
        });
        report.prices.push({ version: price.version, currency: price.currency, priceId });
      }
      report.outcome = "synced";
    } catch (error) {
      report.outcome = "failed";
      failure = stripe.describeFailure(error).message;
    }
    progress();
  }

  const codeReports: StripeDiscountSync[] = [];
  for (const code of codes) {
    const report: StripeDiscountSync = {
      code: code.code,
      outcome: "pending",
      coupons: stripeCouponsOf(code),
    };
    codeReports.push(report);
    if (report.coupons !== null) {
      report.outcome = "unchanged";
      progress();
      continue;
    }
    if (failure !== null) {
      report.outcome = "skipped";
      continue;
    }
    if (!dryRun) {
      try {
        const coupons = await stripe.ensureCoupons(code);
        await db.discountCode.update({ where: { id: code.id }, data: stripeCouponColumnsFor(coupons) });
        report.coupons = coupons;
        report.outcome = "synced";
      } catch (error) {
        report.outcome = "failed";
        failure = stripe.describeFailure(error).message;
      }
    }
    progress();
  }

  const counts = { taxRates: zeroCounts(), offers: zeroCounts(), discountCodes: zeroCounts() };
  for (const r of taxReports) counts.taxRates[r.outcome] += 1;
  for (const o of offerReports) counts.offers[o.outcome] += 1;
  for (const c of codeReports) counts.discountCodes[c.outcome] += 1;
  return { dryRun, taxRates: taxReports, offers: offerReports, discountCodes: codeReports, counts, failure };
}
