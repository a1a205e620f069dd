// What the Stripe fake remembers between requests, and the helpers every route uses to read
// form values and to answer Stripe-shaped errors.
import type { FormValue } from "../form-body";
import type {
  FakeCoupon,
  FakeCustomer,
  FakeInvoice,
  FakeInvoiceLine,
  FakePrice,
  FakeProduct,
  FakeTaxRate,
} from "./fake-types";

export type Obj = Record<string, unknown>;
export type Form = { [key: string]: FormValue };

/** A price's tax behaviour: whether its amount includes tax (Stripe Tax needs one of the first two). */
export type TaxBehavior = "exclusive" | "inclusive" | "unspecified";

export type SubscriptionItemState = {
  id: string;
  product: string;
  priceId: string;
  currency: string;
  unitAmount: number;
  interval: "month" | "year";
  quantity: number;
  metadata: Record<string, string>;
  periodStart: number;
  periodEnd: number;
  /** Tax rate ids of the item (`tax_rates`), taking the place of the subscription's defaults. */
  taxRates: string[];
  taxBehavior: TaxBehavior;
};

export type SubscriptionState = {
  id: string;
  customer: string;
  currency: string;
  status: "active" | "canceled";
  created: number;
  items: SubscriptionItemState[];
  couponId: string | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: number | null;
  cancellationComment: string | null;
  collectionMethod: string;
  daysUntilDue: number | null;
  metadata: Record<string, string>;
  latestInvoice: string | null;
  /** automatic_tax[enabled]: Stripe Tax computes the tax of its invoices. */
  automaticTax: boolean;
  defaultTaxRates: string[];
};

/** One line of an invoice being built, before discounts and taxes. */
export type DraftLine = {
  description: string;
  product: string;
  priceId: string;
  unitAmount: number;
  quantity: number;
  amount: number;
  periodStart: number;
  periodEnd: number;
  oneOff: boolean;
  proration: boolean;
  subscription: string | null;
  subscriptionItem: string | null;
  /** The line's own tax rates; empty: the invoice's default_tax_rates apply. */
  taxRates: string[];
  taxBehavior: TaxBehavior;
};

export class StripeFakeState {
  readonly products = new Map<string, FakeProduct>();
  readonly coupons = new Map<string, FakeCoupon>();
  /** Prices in the order they were created. */
  readonly prices = new Map<string, FakePrice>();
  readonly customers = new Map<string, FakeCustomer>();
  readonly subscriptions = new Map<string, SubscriptionState>();
  readonly invoices = new Map<string, FakeInvoice>();
  /** Tax rates in the order they were created (Stripe lists them newest first). */
  readonly taxRates = new Map<string, FakeTaxRate>();
  /** Invoices "sent" to their customer (POST /v1/invoices/:id/send); Stripe emails them. */
  readonly sentInvoices = new Set<string>();
  readonly invoiceLines = new Map<string, FakeInvoiceLine[]>();
  readonly pendingItems = new Map<string, DraftLine[]>();
  /** The archived rates Stripe Tax makes for what it charged, by "country:basis points". */
  readonly automaticRateIds = new Map<string, string>();
  private counter = 0;

  constructor(
    readonly now: () => number,
    /**
     * The account's Stripe Tax registrations: country -> rate in basis points that Stripe Tax
     * charges there (automatic_tax); a country not listed is one the account does not collect in.
     */
    public automaticTax: Readonly<Record<string, number>>,
    readonly linesPerPage: number,
  ) {}

  newId(prefix: string): string {
    this.counter += 1;
    return `${prefix}_fake${this.counter.toString().padStart(6, "0")}`;
  }

  seconds(): number {
    return Math.floor(this.now() / 1000);
  }
}

export class StripeFakeError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

export const invalid = (message: string, code?: string, param?: string) =>
  new StripeFakeError(400, "invalid_request_error", message, code, param);

/** Stripe's documented limit on a subscription's items. */
export const MAX_SUBSCRIPTION_ITEMS = 20;

export function assertItemLimit(count: number, param: string): void {
  if (count > MAX_SUBSCRIPTION_ITEMS)
    throw invalid(
      `A subscription can have at most ${MAX_SUBSCRIPTION_ITEMS} items.`,
      "parameter_invalid_integer",
      param,
    );
}

export const missing = (param: string) =>
  invalid(`Missing required param: ${param}.`, "parameter_missing", param);

export const noSuch = (kind: string, id: string | undefined, param: string, status = 400) =>
  new StripeFakeError(status, "invalid_request_error", `No such ${kind}: '${id}'`, "resource_missing", param);

export const str = (value: FormValue | undefined): string | undefined =>
  typeof value === "string" ? value : undefined;

export const obj = (value: FormValue | undefined): Form =>
  value && typeof value === "object" && !Array.isArray(value) ? value : {};

export const list = (value: FormValue | undefined): FormValue[] => (Array.isArray(value) ? value : []);

/** A form boolean ("true" or "false"); undefined when the parameter is absent. */
export function bool(value: FormValue | undefined, param: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  throw invalid(
    `Invalid boolean: ${typeof value === "string" ? value : "(not a string)"}`,
    "parameter_invalid_boolean",
    param,
  );
}

export function int(value: FormValue | undefined, param: string): number {
  const text = str(value);
  if (text === undefined || !/^-?\d+$/.test(text)) {
    throw invalid(`Invalid integer: ${String(text)}`, "parameter_invalid_integer", param);
  }
  return Number(text);
}

export function stringRecord(value: FormValue | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(obj(value)).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
}

export function roundHalfUp(numerator: number, denominator: number): number {
  const sign = numerator < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(numerator) * 2 + denominator) / (2 * denominator));
}
