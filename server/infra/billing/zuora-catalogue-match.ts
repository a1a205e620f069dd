// Where an offer and a discount code are in a Zuora catalogue (zuora-catalogue-reader.ts), for
// `catalog map-zuora`. The rules follow what the provider sends (zuora-order-request.ts):
//   - an offer is the product whose SKU or product number is the offer's product code, and in it
//     the one active rate plan whose only charge is per unit (it gets the order's quantity) and
//     billed like the offer: monthly or annually recurring, or one-time. A plan with more charges
//     would bill what the portal neither prices nor shows, so it is not taken;
//   - a discount code is the one active rate plan, in any product, whose only charge is a
//     percentage discount (or a fixed-amount one, by the code's kind); its value is overridden
//     per code, so one plan serves every code of a kind.
// When none or several fit, the answer says why, for the operator to fix the catalogue or name
// the plan.
import type { BillingPeriod, DiscountKind } from "../../domain/enums";
import type { ZuoraRatePlanRef } from "./billing-provider";
import type {
  ZuoraCatalogue,
  ZuoraCatalogueCharge,
  ZuoraCatalogueProduct,
  ZuoraCatalogueRatePlan,
} from "./zuora-catalogue-reader";

export type CatalogueMatch =
  | {
      found: true;
      ref: ZuoraRatePlanRef;
      ratePlanNumber: string | null;
      ratePlanName: string;
      productName: string;
      /** Currencies the offer is sold in that the charge has no price in (orders in them fail). */
      missingCurrencies: string[];
    }
  | { found: false; reason: string };

export type OfferToMatch = {
  productCode: string;
  billingPeriod: BillingPeriod;
  currencies: readonly string[];
};

const OFFER_CHARGE: Readonly<
  Record<BillingPeriod, { type: string; billingPeriod: string | null; words: string }>
> = {
  month: { type: "Recurring", billingPeriod: "Month", words: "monthly recurring" },
  year: { type: "Recurring", billingPeriod: "Annual", words: "annual recurring" },
  once: { type: "OneTime", billingPeriod: null, words: "one-time" },
};

export const DISCOUNT_CHARGE_MODEL: Readonly<Record<DiscountKind, string>> = {
  percent: "DiscountPercentage",
  amount: "DiscountFixedAmount",
};

type Located = { product: ZuoraCatalogueProduct; plan: ZuoraCatalogueRatePlan; charge: ZuoraCatalogueCharge };

const isActive = (plan: ZuoraCatalogueRatePlan) => plan.status === null || plan.status === "Active";

/** The plan's one charge, when it has exactly one. */
const onlyCharge = (plan: ZuoraCatalogueRatePlan) =>
  plan.charges.length === 1 ? plan.charges[0] : undefined;

function ratePlans(catalogue: ZuoraCatalogue): Located[] {
  return catalogue.products.flatMap((product) =>
    product.ratePlans.flatMap((plan) => {
      const charge = onlyCharge(plan);
      return charge && isActive(plan) ? [{ product, plan, charge }] : [];
    }),
  );
}

const planLabel = (plan: ZuoraCatalogueRatePlan) => plan.number ?? plan.id;

function found({ product, plan, charge }: Located, missingCurrencies: string[] = []): CatalogueMatch {
  return {
    found: true,
    ref: { productRatePlanId: plan.id, productRatePlanChargeId: charge.id },
    ratePlanNumber: plan.number,
    ratePlanName: plan.name,
    productName: product.name,
    missingCurrencies,
  };
}

function fitsOffer(charge: ZuoraCatalogueCharge, period: BillingPeriod): boolean {
  const wanted = OFFER_CHARGE[period];
  return (
    charge.model === "PerUnit" &&
    charge.type === wanted.type &&
    (wanted.billingPeriod === null || charge.billingPeriod === wanted.billingPeriod)
  );
}

export function matchOffer(catalogue: ZuoraCatalogue, offer: OfferToMatch): CatalogueMatch {
  const code = offer.productCode;
  const products = catalogue.products.filter((p) => p.sku === code || p.productNumber === code);
  const [product] = products;
  if (!product) return { found: false, reason: `no product has the SKU or product number "${code}"` };
  if (products.length > 1) {
    return { found: false, reason: `${products.length} products have the SKU or product number "${code}"` };
  }
  const { words } = OFFER_CHARGE[offer.billingPeriod];
  const fitting = ratePlans({ products: [product] }).filter((l) => fitsOffer(l.charge, offer.billingPeriod));
  const [only] = fitting;
  if (!only) {
    return {
      found: false,
      reason: `product "${code}" has no active rate plan whose only charge is a per-unit ${words} charge`,
    };
  }
  if (fitting.length > 1) {
    const plans = fitting.map((l) => planLabel(l.plan)).join(", ");
    return {
      found: false,
      reason: `product "${code}" has ${fitting.length} active rate plans whose only charge is a per-unit ${words} charge (${plans})`,
    };
  }
  return found(
    only,
    offer.currencies.filter((currency) => !only.charge.currencies.includes(currency)),
  );
}

/**
 * The discount plan of a kind: the one that fits, or the one `chosen` names (its id or number),
 * which must fit.
 */
export function matchDiscountPlan(
  catalogue: ZuoraCatalogue,
  kind: DiscountKind,
  chosen?: string,
): CatalogueMatch {
  const model = DISCOUNT_CHARGE_MODEL[kind];
  const fitting = ratePlans(catalogue).filter((l) => l.charge.model === model);
  if (chosen !== undefined) {
    const named = fitting.find((l) => l.plan.id === chosen || l.plan.number === chosen);
    return named
      ? found(named)
      : { found: false, reason: `no active rate plan "${chosen}" whose only charge is a ${model} charge` };
  }
  const [only] = fitting;
  if (!only) return { found: false, reason: `no active rate plan's only charge is a ${model} charge` };
  if (fitting.length > 1) {
    const plans = fitting.map((l) => planLabel(l.plan)).join(", ");
    return {
      found: false,
      reason: `${fitting.length} active rate plans have a ${model} charge only (${plans})`,
    };
  }
  return found(only);
}

/** The active rate plan of the catalogue a stored mapping names, if it still holds the charge. */
export function ratePlanOf(catalogue: ZuoraCatalogue, ref: ZuoraRatePlanRef): ZuoraCatalogueRatePlan | null {
  for (const product of catalogue.products) {
    for (const plan of product.ratePlans) {
      const holds = plan.charges.some((charge) => charge.id === ref.productRatePlanChargeId);
      if (plan.id === ref.productRatePlanId && isActive(plan) && holds) return plan;
    }
  }
  return null;
}
