// What the Zuora fake remembers (catalogue, accounts, subscriptions) and small shared helpers.
import { randomBytes } from "node:crypto";
import { minorUnitExponent } from "../../../server/domain/money";

export type Json = Record<string, unknown>;

export type ZuoraRatePlanDefinition = {
  /** The product's SKU: plans registered with the same SKU are rate plans of one product. */
  sku: string;
  /** Default: the plan's name. */
  productName?: string;
  name: string;
  billingPeriod: "Month" | "Annual" | "OneTime";
  /** Unit price per currency as a decimal string, e.g. { GBP: "15.00" }. */
  prices: Record<string, string>;
  /** The charge model of the plan's charge; default PerUnit (FlatFee bills its price whatever the quantity). */
  chargeModel?: "PerUnit" | "FlatFee";
  /** Default Active; Zuora refuses to subscribe to another. */
  status?: "Active" | "Expired" | "NotStarted";
  /**
   * Names of further flat-fee charges of the plan: listed in the catalogue, but the fake refuses to
   * bill such a plan (the portal maps only plans of one charge).
   */
  extraCharges?: string[];
};

/** What Zuora generated for a registered plan: ids (32 hex characters) and numbers. */
export type RegisteredRatePlan = {
  productId: string;
  productNumber: string;
  productRatePlanId: string;
  productRatePlanNumber: string;
  productRatePlanChargeId: string;
  productRatePlanChargeNumber: string;
};

export type FakeCharge = {
  id: string;
  number: string;
  name: string;
  type: "Recurring" | "OneTime";
  model: "PerUnit" | "FlatFee" | "DiscountPercentage" | "DiscountFixedAmount";
  billingPeriod: "Month" | "Annual" | null;
};

export type Plan = Omit<ZuoraRatePlanDefinition, "sku" | "extraCharges"> &
  RegisteredRatePlan & {
    status: "Active" | "Expired" | "NotStarted";
    /** The billed charge first, then the extra ones. */
    charges: FakeCharge[];
    discount?: "percent" | "amount";
  };

export type FakeProduct = { id: string; productNumber: string; sku: string; name: string; plans: Plan[] };

export type SubscriptionPlan = {
  id: string;
  plan: Plan;
  quantity: number;
  discountValue?: number;
  upToPeriods?: number | null;
  removed: boolean;
};

export type FakeSubscription = {
  number: string;
  id: string;
  accountNumber: string;
  termType: "TERMED" | "EVERGREEN";
  termMonths: number | null;
  status: "Active" | "Cancelled";
  plans: SubscriptionPlan[];
};

export type FakeAccount = { accountNumber: string; currency: string; name: string; billToContact: Json };

/** A Zuora business error: answered as HTTP 200 {success: false, reasons: [{code, message}]}. */
export class BusinessError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Invoice Settlement's "Invoice/Credit Memo generation rule" (Billing Rules): "NegativeCharges" puts
 * all negative charges on a credit memo and the rest on an invoice; "NetNegativeTotals" makes a
 * credit memo of a whole bill whose total is negative, an invoice otherwise.
 */
export type CreditMemoRule = "NegativeCharges" | "NetNegativeTotals";

export type ZuoraFakeStateOptions = {
  /** The tenant has Invoice Settlement: previews answer credits as previewResult.creditMemos. */
  invoiceSettlement?: boolean;
  /** Default NegativeCharges. */
  creditMemoRule?: CreditMemoRule;
};

export class ZuoraFakeState {
  invoiceSettlement: boolean;
  creditMemoRule: CreditMemoRule;
  readonly plans = new Map<string, Plan>();
  /** In the order registered (the catalogue lists the last updated first). */
  readonly products: FakeProduct[] = [];
  readonly accounts = new Map<string, FakeAccount>();
  readonly subscriptions = new Map<string, FakeSubscription>();
  /** The tenant's discount plans, percentage and fixed amount, in a product of their own. */
  readonly discountPlans: Record<"percent" | "amount", RegisteredRatePlan>;
  private sequence = 0;

  constructor(
    public taxRateBps: number,
    options: ZuoraFakeStateOptions = {},
  ) {
    this.invoiceSettlement = options.invoiceSettlement ?? false;
    this.creditMemoRule = options.creditMemoRule ?? "NegativeCharges";
    const discountPlan = (kind: "percent" | "amount") =>
      this.addPlan(
        {
          sku: "DISCOUNTS",
          productName: "Discounts",
          name: kind === "percent" ? "Percentage discount" : "Fixed amount discount",
          billingPeriod: "Month",
          prices: {},
        },
        kind,
      );
    this.discountPlans = { percent: discountPlan("percent"), amount: discountPlan("amount") };
  }

  next(): string {
    this.sequence += 1;
    return String(this.sequence).padStart(8, "0");
  }

  addPlan(definition: ZuoraRatePlanDefinition, discount?: "percent" | "amount"): RegisteredRatePlan {
    const { sku, extraCharges = [], chargeModel = "PerUnit", status = "Active", ...rest } = definition;
    let product = this.products.find((p) => p.sku === sku);
    if (!product) {
      product = {
        id: hex(16),
        productNumber: `PC-${this.next()}`,
        sku,
        name: definition.productName ?? definition.name,
        plans: [],
      };
      this.products.push(product);
    }
    const recurring = definition.billingPeriod !== "OneTime";
    const billed: FakeCharge = {
      id: hex(16),
      number: `PRPC-${this.next()}`,
      name: discount ? definition.name : `${definition.name} per unit`,
      type: recurring ? "Recurring" : "OneTime",
      model:
        discount === "percent"
          ? "DiscountPercentage"
          : discount === "amount"
            ? "DiscountFixedAmount"
            : chargeModel,
      billingPeriod: recurring ? (definition.billingPeriod as "Month" | "Annual") : null,
    };
    const extras: FakeCharge[] = extraCharges.map((name) => ({
      id: hex(16),
      number: `PRPC-${this.next()}`,
      name,
      type: "OneTime",
      model: "FlatFee",
      billingPeriod: null,
    }));
    const registered: RegisteredRatePlan = {
      productId: product.id,
      productNumber: product.productNumber,
      productRatePlanId: hex(16),
      productRatePlanNumber: `PRP-${this.next()}`,
      productRatePlanChargeId: billed.id,
      productRatePlanChargeNumber: billed.number,
    };
    const plan: Plan = {
      ...rest,
      ...registered,
      productName: product.name,
      chargeModel,
      status,
      charges: [billed, ...extras],
      ...(discount ? { discount } : {}),
    };
    product.plans.push(plan);
    this.plans.set(plan.productRatePlanId, plan);
    return registered;
  }
}

export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
export const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const hex = (bytes: number) => randomBytes(bytes).toString("hex");

export function minorOf(decimal: string, currency: string): number {
  const [whole = "0", fraction = ""] = decimal.split(".");
  const exponent = minorUnitExponent(currency);
  return Number(`${whole}${fraction.padEnd(exponent, "0").slice(0, exponent)}`);
}

export function roundHalfUp(numerator: number, denominator: number): number {
  const sign = numerator < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(numerator) * 2 + denominator) / (2 * denominator));
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
