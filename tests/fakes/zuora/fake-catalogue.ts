// The product catalogue in the Zuora fake, in the shapes of Zuora's v1 reference:
//   GET /v1/catalog/products ("List all products"): {success, products: [...], nextPage}, the last
//     updated product first; from Zuora-Version 230.0 on, a product's productRatePlans is the URL
//     of its plans (/v1/rateplan/{id}/productRatePlan), before that the plans themselves;
//   GET /v1/products/{product-key}/product-rate-plans, and the older path of the same operation,
//     GET /v1/rateplan/{product-key}/productRatePlan ("List all product rate plans of a product";
//     the key is the product's id or SKU): {success, productRatePlans: [...], nextPage}.
// Paging as documented: `page` (from 1) needs `pageSize`, at most 40 (default 10 products, 20 rate
// plans); nextPage, the URL of the next page, is present only while there is one.
import type { FakeAnswer, RecordedRequest } from "../fake-http-server";
import {
  BusinessError,
  type FakeCharge,
  type FakeProduct,
  type Json,
  type Plan,
  type ZuoraFakeState,
} from "./fake-state";

const INVALID_VALUE = 53100320;
const NOT_FOUND = 50000040;
const MAX_PAGE_SIZE = 40;
/** The currencies the fake's discount plans are priced in. */
const DISCOUNT_CURRENCIES = ["GBP", "EUR", "USD"];

function integerParameter(request: RecordedRequest, name: string, fallback: number, max: number): number {
  const raw = request.query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > max) {
    throw new BusinessError(INVALID_VALUE, `${name} must be an integer from 1 to ${max}`);
  }
  return value;
}

function page<T>(request: RecordedRequest, items: readonly T[], defaultSize: number) {
  if (request.query.has("page") && !request.query.has("pageSize")) {
    throw new BusinessError(INVALID_VALUE, "pageSize must be set to use page");
  }
  const pageSize = integerParameter(request, "pageSize", defaultSize, MAX_PAGE_SIZE);
  const number = integerParameter(request, "page", 1, Number.MAX_SAFE_INTEGER);
  const start = (number - 1) * pageSize;
  const more = start + pageSize < items.length;
  const next = `http://${String(request.headers.host)}${request.path}?page=${number + 1}&pageSize=${pageSize}`;
  return { items: items.slice(start, start + pageSize), ...(more ? { nextPage: next } : {}) };
}

function pricing(plan: Plan, charge: FakeCharge): Json[] {
  const base = {
    discountAmount: null,
    discountPercentage: null,
    includedUnits: null,
    overagePrice: null,
    tiers: null,
  };
  if (plan.discount) {
    return DISCOUNT_CURRENCIES.map((currency) => ({
      ...base,
      currency,
      price: null,
      ...(charge.model === "DiscountPercentage" ? { discountPercentage: 0 } : { discountAmount: 0 }),
    }));
  }
  return Object.entries(plan.prices).map(([currency, price]) => ({
    ...base,
    currency,
    price: Number(price),
  }));
}

function chargeJson(plan: Plan, charge: FakeCharge): Json {
  return {
    id: charge.id,
    productRatePlanChargeNumber: charge.number,
    name: charge.name,
    description: "",
    type: charge.type,
    model: charge.model,
    billingPeriod: charge.billingPeriod,
    billingTiming: "IN_ADVANCE",
    listPriceBase: charge.type === "Recurring" ? "Per_Billing_Period" : null,
    uom: charge.model === "PerUnit" ? "Each" : null,
    defaultQuantity: charge.model === "PerUnit" ? 1 : null,
    triggerEvent: "ContractEffective",
    endDateCondition: "Subscription_End",
    upToPeriods: null,
    taxable: false,
    pricing: pricing(plan, charge),
    pricingSummary: pricing(plan, charge).map(
      (p) => `${p.currency}${p.price ?? p.discountPercentage ?? p.discountAmount}`,
    ),
  };
}

function planJson(plan: Plan): Json {
  return {
    id: plan.productRatePlanId,
    productRatePlanNumber: plan.productRatePlanNumber,
    name: plan.name,
    description: "",
    status: plan.status,
    effectiveStartDate: "2020-01-01",
    effectiveEndDate: plan.status === "Expired" ? "2024-12-31" : "2099-12-31",
    grade: null,
    productRatePlanCharges: plan.charges.map((charge) => chargeJson(plan, charge)),
  };
}

/** Zuora-Version 230.0 and later answer a product's rate plans as a URL. */
function plansAsUrl(version: string | undefined): boolean {
  const [major = 0] = (version ?? "").split(".").map(Number);
  return major >= 230;
}

export function catalogueProducts(
  state: ZuoraFakeState,
  request: RecordedRequest,
  version?: string,
): FakeAnswer {
  const newestFirst = [...state.products].reverse();
  const { items, ...next } = page(request, newestFirst, 10);
  const products = items.map((product: FakeProduct) => ({
    id: product.id,
    sku: product.sku,
    name: product.name,
    description: "",
    category: null,
    productNumber: product.productNumber,
    effectiveStartDate: "2020-01-01",
    effectiveEndDate: "2099-12-31",
    productFeatures: [],
    productRatePlans: plansAsUrl(version)
      ? `/v1/rateplan/${product.id}/productRatePlan`
      : product.plans.slice(0, 300).map(planJson),
  }));
  return { status: 200, json: { success: true, products, ...next } };
}

export function productRatePlans(state: ZuoraFakeState, key: string, request: RecordedRequest): FakeAnswer {
  const product = state.products.find((p) => p.id === key || p.sku === key);
  if (!product) throw new BusinessError(NOT_FOUND, `Cannot find entity by key: '${key}'.`);
  const { items, ...next } = page(request, product.plans, 20);
  return { status: 200, json: { success: true, productRatePlans: items.map(planJson), ...next } };
}
