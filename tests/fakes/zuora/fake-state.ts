// What the Zuora fake remembers (catalogue, accounts, subscriptions) and small shared helpers.
import { randomBytes } from "node:crypto";
import { minorUnitExponent } from "../../../server/domain/money";

export type Json = Record<string, unknown>;

export type ZuoraRatePlanDefinition = {
  productRatePlanId: string;
  /** Default "<productRatePlanId>-charge". */
  productRatePlanChargeId?: string;
  name: string;
  productName?: string;
  billingPeriod: "Month" | "Annual" | "OneTime";
  /** Unit price per currency as a decimal string, e.g. { GBP: "15.00" }. */
  prices: Record<string, string>;
};

export type Plan = ZuoraRatePlanDefinition & {
  productRatePlanChargeId: string;
  discount?: "percent" | "amount";
};

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

export class ZuoraFakeState {
  readonly plans = new Map<string, Plan>();
  readonly accounts = new Map<string, FakeAccount>();
  readonly subscriptions = new Map<string, FakeSubscription>();
  private sequence = 0;

  constructor(public taxRateBps: number) {
    // The discount rate plans of the provider's convention (server/billing/zuora-catalogue.ts).
    for (const kind of ["percent", "amount"] as const) {
      const id = `discount-${kind}`;
      this.plans.set(id, {
        productRatePlanId: id,
        productRatePlanChargeId: `${id}-charge`,
        name: kind === "percent" ? "Percentage discount" : "Fixed amount discount",
        productName: "Discounts",
        billingPeriod: "Month",
        prices: {},
        discount: kind,
      });
    }
  }

  next(): string {
    this.sequence += 1;
    return String(this.sequence).padStart(8, "0");
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
