// A local stand-in for the parts of Stripe's API the `stripe` provider uses, speaking Stripe's
// wire format: form-encoded request bodies with nested keys (parsed back into objects), JSON
// answers shaped like Stripe's objects (API 2025+: invoice lines with `pricing.price_details`,
// `discount_amounts`, `taxes`; invoices with `total_taxes`), errors as
// {error: {type, code, message, param}} with 4xx/5xx, Bearer secret key check and Idempotency-Key
// replay (same key and body: the saved answer with `Idempotent-Replayed: true`; same key, other
// body: 400 idempotency_error). Only successful answers are saved for replay.
//
// Endpoints: GET/POST /v1/products, GET/POST /v1/coupons, POST /v1/customers,
// POST /v1/invoices/create_preview, GET /v1/invoices/:id/lines, POST /v1/invoices,
// POST /v1/invoiceitems, POST /v1/subscriptions, GET/POST/DELETE /v1/subscriptions/:id.
//
// Billing is simplified but consistent: a line is unit_amount x quantity for a full period;
// replacing items credits the unused fraction of the current period ("Unused time on ...") and
// charges the remaining fraction of the new item; a coupon discounts every positive line
// (percent) or the invoice up to its amount (amount_off, spread by amount); tax, when a rate is
// set, is exclusive, per line, rounded half up.
import { addMonthsUtc } from "../../server/domain/dates";
import { type FakeAnswer, type FakeServerControls, type RecordedRequest, startFakeHttpServer } from "./fake-http-server";
import { type FormValue, parseNestedForm } from "./form-body";

type Obj = Record<string, unknown>;
type Form = { [key: string]: FormValue };

export type StripeFakeOptions = {
  secretKey?: string;
  /** Exclusive tax in basis points applied to every line (default 0: no tax lines). */
  taxRateBps?: number;
  /** Lines per page in invoice answers, like Stripe's default of 10. */
  linesPerPage?: number;
  now?: () => number;
};

type SubscriptionItemState = {
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
};

type SubscriptionState = {
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
};

type DraftLine = {
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
};

export type StripeFake = FakeServerControls & {
  secretKey: string;
  products: Map<string, Obj>;
  coupons: Map<string, Obj>;
  customers: Map<string, Obj>;
  subscriptions: Map<string, SubscriptionState>;
  invoices: Map<string, Obj>;
  /** Requests to one endpoint, e.g. requestsTo("POST", "/v1/subscriptions"). */
  requestsTo(method: string, pathPrefix: string): RecordedRequest[];
  registerProduct(id: string, name: string): void;
  setTaxRate(basisPoints: number): void;
};

class StripeFakeError extends Error {
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

const str = (value: FormValue | undefined): string | undefined => (typeof value === "string" ? value : undefined);
const obj = (value: FormValue | undefined): Form => (value && typeof value === "object" && !Array.isArray(value) ? value : {});
const list = (value: FormValue | undefined): FormValue[] => (Array.isArray(value) ? value : []);

function int(value: FormValue | undefined, param: string): number {
  const text = str(value);
  if (text === undefined || !/^-?\d+$/.test(text)) {
    throw new StripeFakeError(400, "invalid_request_error", `Invalid integer: ${String(text)}`, "parameter_invalid_integer", param);
  }
  return Number(text);
}

function stringRecord(value: FormValue | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(value)).filter((e): e is [string, string] => typeof e[1] === "string"));
}

function roundHalfUp(numerator: number, denominator: number): number {
  const sign = numerator < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(numerator) * 2 + denominator) / (2 * denominator));
}

export async function startStripeFake(options: StripeFakeOptions = {}): Promise<StripeFake> {
  const secretKey = options.secretKey ?? "sk_test_fake_0123456789abcdef";
  const now = options.now ?? Date.now;
  const linesPerPage = options.linesPerPage ?? 10;
  let taxRateBps = options.taxRateBps ?? 0;
  let counter = 0;
  const newId = (prefix: string) => `${prefix}_fake${(++counter).toString().padStart(6, "0")}`;
  const seconds = () => Math.floor(now() / 1000);

  const products = new Map<string, Obj>();
  const coupons = new Map<string, Obj>();
  const customers = new Map<string, Obj>();
  const subscriptions = new Map<string, SubscriptionState>();
  const invoices = new Map<string, Obj>();
  const invoiceLines = new Map<string, Obj[]>();
  const pendingItems = new Map<string, DraftLine[]>();
  const idempotency = new Map<string, { rawBody: string; answer: FakeAnswer }>();

  const productObject = (id: string, name: string, metadata: Record<string, string>): Obj => ({
    id,
    object: "product",
    active: true,
    created: seconds(),
    default_price: null,
    description: null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata,
    name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    type: "service",
    unit_label: null,
    updated: seconds(),
    url: null,
  });

  function requireProduct(id: string | undefined, param: string): string {
    if (!id || !products.has(id)) {
      throw new StripeFakeError(400, "invalid_request_error", `No such product: '${id}'`, "resource_missing", param);
    }
    return id;
  }

  function requireCoupon(discounts: FormValue | undefined): string | null {
    const first = obj(list(discounts)[0]);
    const coupon = str(first.coupon);
    if (!coupon) return null;
    if (!coupons.has(coupon)) {
      throw new StripeFakeError(400, "invalid_request_error", `No such coupon: '${coupon}'`, "resource_missing", "discounts[0][coupon]");
    }
    return coupon;
  }

  function periodEndOf(start: number, interval: "month" | "year"): number {
    return Math.floor(addMonthsUtc(new Date(start * 1000), interval === "year" ? 12 : 1).getTime() / 1000);
  }

  function priceData(value: FormValue | undefined, param: string, recurring: boolean) {
    const data = obj(value);
    const currency = str(data.currency);
    if (!currency) throw new StripeFakeError(400, "invalid_request_error", "Missing required param: currency.", "parameter_missing", `${param}[currency]`);
    const product = requireProduct(str(data.product), `${param}[product]`);
    const unitAmount = int(data.unit_amount, `${param}[unit_amount]`);
    const interval = str(obj(data.recurring).interval);
    if (recurring && interval !== "month" && interval !== "year") {
      throw new StripeFakeError(400, "invalid_request_error", "Missing required param: recurring[interval].", "parameter_missing", `${param}[recurring][interval]`);
    }
    return { currency, product, unitAmount, interval: (interval ?? "month") as "month" | "year" };
  }

  function newSubscriptionItem(value: FormValue, index: number, param: string): SubscriptionItemState {
    const item = obj(value);
    const price = priceData(item.price_data, `${param}[${index}][price_data]`, true);
    const start = seconds();
    return {
      id: newId("si"),
      product: price.product,
      priceId: newId("price"),
      currency: price.currency,
      unitAmount: price.unitAmount,
      interval: price.interval,
      quantity: item.quantity === undefined ? 1 : int(item.quantity, `${param}[${index}][quantity]`),
      metadata: stringRecord(item.metadata),
      periodStart: start,
      periodEnd: periodEndOf(start, price.interval),
    };
  }

  function oneOffDrafts(value: FormValue | undefined, param: string): DraftLine[] {
    return list(value).map((entry, index) => oneOffDraft(obj(entry), `${param}[${index}]`));
  }

  function oneOffDraft(item: Form, param: string): DraftLine {
      const price = priceData(item.price_data, param ? `${param}[price_data]` : "price_data", false);
      const quantity = item.quantity === undefined ? 1 : int(item.quantity, param ? `${param}[quantity]` : "quantity");
      return {
        description: String(products.get(price.product)?.name ?? price.product),
        product: price.product,
        priceId: newId("price"),
        unitAmount: price.unitAmount,
        quantity,
        amount: price.unitAmount * quantity,
        periodStart: seconds(),
        periodEnd: seconds(),
        oneOff: true,
        proration: false,
        subscription: null,
        subscriptionItem: null,
      };
  }

  const productName = (id: string) => String(products.get(id)?.name ?? id);

  function fullPeriodDraft(item: SubscriptionItemState, subscription: string | null, start: number, end: number): DraftLine {
    return {
      description: `${item.quantity} × ${productName(item.product)} (at ${item.unitAmount} / ${item.interval})`,
      product: item.product,
      priceId: item.priceId,
      unitAmount: item.unitAmount,
      quantity: item.quantity,
      amount: item.unitAmount * item.quantity,
      periodStart: start,
      periodEnd: end,
      oneOff: false,
      proration: false,
      subscription,
      subscriptionItem: item.id,
    };
  }

  /** The unused (credit, negative) or remaining (charge) fraction of the item's current period. */
  function prorationDraft(item: SubscriptionItemState, subscription: string, credit: boolean, period: { start: number; end: number }): DraftLine {
    const at = seconds();
    const remaining = Math.max(0, period.end - at);
    const full = item.unitAmount * item.quantity;
    const amount = roundHalfUp(full * remaining, Math.max(1, period.end - period.start));
    const name = productName(item.product);
    return {
      description: credit ? `Unused time on ${name}` : `Remaining time on ${name}`,
      product: item.product,
      priceId: item.priceId,
      unitAmount: item.unitAmount,
      quantity: item.quantity,
      amount: credit ? -amount : amount,
      periodStart: at,
      periodEnd: period.end,
      oneOff: false,
      proration: true,
      subscription,
      subscriptionItem: item.id,
    };
  }

  function lineObject(draft: DraftLine, currency: string, discount: number, couponId: string | null): Obj {
    const taxable = draft.amount - discount;
    const tax = taxRateBps > 0 ? roundHalfUp(taxable * taxRateBps, 10_000) : 0;
    const discountId = couponId ? `di_${couponId}` : null;
    return {
      id: newId("il_tmp"),
      object: "line_item",
      amount: draft.amount,
      currency,
      description: draft.description,
      discount_amounts: discountId ? [{ amount: discount, discount: discountId }] : [],
      discountable: !draft.proration,
      discounts: discountId ? [discountId] : [],
      invoice: null,
      livemode: false,
      metadata: {},
      parent: draft.oneOff
        ? {
            type: "invoice_item_details",
            invoice_item_details: { invoice_item: newId("ii"), proration: false, proration_details: null, subscription: draft.subscription },
            subscription_item_details: null,
          }
        : {
            type: "subscription_item_details",
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: null,
              proration: draft.proration,
              proration_details: null,
              subscription: draft.subscription,
              subscription_item: draft.subscriptionItem,
            },
          },
      period: { start: draft.periodStart, end: draft.periodEnd },
      pretax_credit_amounts: discountId ? [{ amount: discount, discount: discountId, type: "discount" }] : [],
      pricing: {
        price_details: { price: draft.priceId, product: draft.product },
        type: "price_details",
        unit_amount_decimal: String(draft.unitAmount),
      },
      quantity: draft.quantity,
      quantity_decimal: String(draft.quantity),
      subscription: draft.subscription,
      subtotal: draft.amount,
      taxes:
        taxRateBps > 0
          ? [
              {
                amount: tax,
                tax_behavior: "exclusive",
                tax_rate_details: { tax_rate: "txr_fake_standard" },
                taxability_reason: "standard_rated",
                taxable_amount: taxable,
                type: "tax_rate_details",
              },
            ]
          : [],
    };
  }

  function discountsFor(drafts: readonly DraftLine[], couponId: string | null): number[] {
    const coupon = couponId ? coupons.get(couponId) : undefined;
    if (!coupon) return drafts.map(() => 0);
    const eligible = drafts.map((d) => (d.amount > 0 && !d.proration ? d.amount : 0));
    if (typeof coupon.percent_off === "number") {
      return eligible.map((amount) => roundHalfUp(amount * (coupon.percent_off as number), 100));
    }
    const base = eligible.reduce((a, b) => a + b, 0);
    const total = Math.min(Number(coupon.amount_off ?? 0), base);
    const parts = eligible.map((amount) => (base === 0 ? 0 : Math.floor((total * amount) / base)));
    const firstEligible = eligible.findIndex((amount) => amount > 0);
    if (firstEligible >= 0) parts[firstEligible] = (parts[firstEligible] ?? 0) + total - parts.reduce((a, b) => a + b, 0);
    return parts;
  }

  function buildInvoice(args: {
    id: string;
    customer: string | null;
    currency: string;
    drafts: DraftLine[];
    couponId: string | null;
    subscription: string | null;
    status: "draft" | "open";
    billingReason: string;
  }): Obj {
    const { id, currency, drafts, couponId } = args;
    const discounts = discountsFor(drafts, couponId);
    const lines = drafts.map((draft, index) => lineObject(draft, currency, discounts[index] ?? 0, couponId));
    invoiceLines.set(id, lines);
    const subtotal = drafts.reduce((sum, d) => sum + d.amount, 0);
    const discountTotal = discounts.reduce((a, b) => a + b, 0);
    const taxTotal = lines.reduce(
      (sum, line) => sum + (line.taxes as Obj[]).reduce((s, t) => s + (t.amount as number), 0),
      0,
    );
    const total = subtotal - discountTotal + taxTotal;
    const customer = args.customer ? customers.get(args.customer) : undefined;
    const at = seconds();
    return {
      id,
      object: "invoice",
      account_country: "GB",
      account_name: "Stripe Fake Ltd",
      amount_due: Math.max(0, total),
      amount_overpaid: 0,
      amount_paid: 0,
      amount_remaining: Math.max(0, total),
      amount_shipping: 0,
      attempt_count: 0,
      attempted: false,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
      billing_reason: args.billingReason,
      collection_method: "send_invoice",
      created: at,
      currency,
      customer: args.customer,
      customer_email: (customer?.email as string | undefined) ?? null,
      customer_name: (customer?.name as string | undefined) ?? null,
      discounts: couponId ? [`di_${couponId}`] : [],
      lines: {
        object: "list",
        data: lines.slice(0, linesPerPage),
        has_more: lines.length > linesPerPage,
        total_count: lines.length,
        url: `/v1/invoices/${id}/lines`,
      },
      livemode: false,
      metadata: {},
      parent: args.subscription
        ? { type: "subscription_details", subscription_details: { metadata: {}, subscription: args.subscription } }
        : null,
      period_end: at,
      period_start: at,
      starting_balance: 0,
      status: args.status,
      subtotal,
      subtotal_excluding_tax: subtotal,
      total,
      total_discount_amounts: couponId ? [{ amount: discountTotal, discount: `di_${couponId}` }] : [],
      total_excluding_tax: subtotal - discountTotal,
      total_pretax_credit_amounts: couponId ? [{ amount: discountTotal, discount: `di_${couponId}`, type: "discount" }] : [],
      total_taxes: lines.flatMap((line) => line.taxes as Obj[]),
    };
  }

  function subscriptionObject(sub: SubscriptionState): Obj {
    return {
      id: sub.id,
      object: "subscription",
      billing_cycle_anchor: sub.created,
      billing_mode: { type: "flexible", flexible: { proration_discounts: "included" }, updated_at: sub.created },
      cancel_at: sub.cancelAtPeriodEnd ? Math.min(...sub.items.map((i) => i.periodEnd)) : null,
      cancel_at_period_end: sub.cancelAtPeriodEnd,
      canceled_at: sub.canceledAt,
      cancellation_details: { comment: sub.cancellationComment, feedback: null, reason: sub.canceledAt ? "cancellation_requested" : null },
      collection_method: sub.collectionMethod,
      created: sub.created,
      currency: sub.currency,
      customer: sub.customer,
      days_until_due: sub.daysUntilDue,
      discounts: sub.couponId ? [`di_${sub.couponId}`] : [],
      ended_at: sub.status === "canceled" ? sub.canceledAt : null,
      items: {
        object: "list",
        data: sub.items.map((item) => ({
          id: item.id,
          object: "subscription_item",
          created: sub.created,
          current_period_end: item.periodEnd,
          current_period_start: item.periodStart,
          discounts: [],
          metadata: item.metadata,
          price: {
            id: item.priceId,
            object: "price",
            active: false,
            billing_scheme: "per_unit",
            currency: item.currency,
            product: item.product,
            recurring: { interval: item.interval, interval_count: 1, usage_type: "licensed" },
            tax_behavior: "unspecified",
            type: "recurring",
            unit_amount: item.unitAmount,
            unit_amount_decimal: String(item.unitAmount),
          },
          quantity: item.quantity,
          subscription: sub.id,
        })),
        has_more: false,
        total_count: sub.items.length,
        url: `/v1/subscription_items?subscription=${sub.id}`,
      },
      latest_invoice: sub.latestInvoice,
      livemode: false,
      metadata: sub.metadata,
      start_date: sub.created,
      status: sub.status,
    };
  }

  function requireSubscription(id: string): SubscriptionState {
    const sub = subscriptions.get(id);
    if (!sub) throw new StripeFakeError(404, "invalid_request_error", `No such subscription: '${id}'`, "resource_missing", "id");
    return sub;
  }

  function requireCustomer(id: string | undefined, param: string): string {
    if (!id || !customers.has(id)) {
      throw new StripeFakeError(400, "invalid_request_error", `No such customer: '${id}'`, "resource_missing", param);
    }
    return id;
  }

  /** Applies item changes (deleted / new price_data) and returns the proration drafts. */
  function changeItems(sub: SubscriptionState, itemsValue: FormValue | undefined, param: string, prorate: boolean, apply: boolean) {
    const drafts: DraftLine[] = [];
    let items = [...sub.items];
    list(itemsValue).forEach((value, index) => {
      const entry = obj(value);
      const id = str(entry.id);
      if (id) {
        const existing = items.find((item) => item.id === id);
        if (!existing) throw new StripeFakeError(400, "invalid_request_error", `No such subscription item: '${id}'`, "resource_missing", `${param}[${index}][id]`);
        if (str(entry.deleted) === "true") {
          if (prorate) drafts.push(prorationDraft(existing, sub.id, true, { start: existing.periodStart, end: existing.periodEnd }));
          items = items.filter((item) => item.id !== id);
        }
        return;
      }
      const added = newSubscriptionItem(value, index, param);
      const period = sub.items[0] ? { start: sub.items[0].periodStart, end: sub.items[0].periodEnd } : { start: added.periodStart, end: added.periodEnd };
      added.periodStart = period.start;
      added.periodEnd = period.end;
      if (prorate) drafts.push(prorationDraft(added, sub.id, false, period));
      items.push(added);
    });
    if (apply) sub.items = items;
    return drafts;
  }

  function createPreview(body: Form): FakeAnswer {
    const subscriptionId = str(body.subscription);
    const customerId = str(body.customer);
    if (!subscriptionId && !customerId && !body.customer_details) {
      throw new StripeFakeError(400, "invalid_request_error", "Must provide one of customer, customer_details or subscription.", "parameter_missing", "customer");
    }
    if (customerId) requireCustomer(customerId, "customer");
    const details = obj(body.subscription_details);
    const couponId = requireCoupon(body.discounts);
    const oneOffs = oneOffDrafts(body.invoice_items, "invoice_items");
    const id = `upcoming_${newId("in")}`;

    if (!subscriptionId) {
      const currency = str(body.currency);
      if (!currency) throw new StripeFakeError(400, "invalid_request_error", "Missing required param: currency.", "parameter_missing", "currency");
      const start = seconds();
      const items = list(details.items).map((value, index) => newSubscriptionItem(value, index, "subscription_details[items]"));
      const drafts = [...items.map((item) => fullPeriodDraft(item, null, start, item.periodEnd)), ...oneOffs];
      return ok(buildInvoice({ id, customer: customerId ?? null, currency, drafts, couponId, subscription: null, status: "draft", billingReason: "upcoming" }));
    }

    const sub = requireSubscription(subscriptionId);
    let drafts: DraftLine[];
    if (str(details.cancel_now) === "true") {
      drafts = sub.items.map((item) => prorationDraft(item, sub.id, true, { start: item.periodStart, end: item.periodEnd }));
    } else if (str(details.cancel_at_period_end) === "true") {
      drafts = [];
    } else if (details.items) {
      const copy: SubscriptionState = { ...sub, items: [...sub.items] };
      drafts = changeItems(copy, details.items, "subscription_details[items]", str(details.proration_behavior) !== "none", true);
    } else {
      drafts = sub.items.map((item) => fullPeriodDraft(item, sub.id, item.periodEnd, periodEndOf(item.periodEnd, item.interval)));
    }
    drafts.push(...oneOffs);
    return ok(buildInvoice({ id, customer: sub.customer, currency: sub.currency, drafts, couponId: couponId ?? sub.couponId, subscription: sub.id, status: "draft", billingReason: "upcoming" }));
  }

  function createSubscription(body: Form): FakeAnswer {
    const customer = requireCustomer(str(body.customer), "customer");
    const itemsValue = list(body.items);
    if (itemsValue.length === 0) throw new StripeFakeError(400, "invalid_request_error", "Missing required param: items.", "parameter_missing", "items");
    const collectionMethod = str(body.collection_method) ?? "charge_automatically";
    if (collectionMethod === "send_invoice" && body.days_until_due === undefined) {
      throw new StripeFakeError(400, "invalid_request_error", "Missing required param: days_until_due.", "parameter_missing", "days_until_due");
    }
    const couponId = requireCoupon(body.discounts);
    const id = newId("sub");
    const items = itemsValue.map((value, index) => newSubscriptionItem(value, index, "items"));
    const oneOffs = oneOffDrafts(body.add_invoice_items, "add_invoice_items").map((d) => ({ ...d, subscription: id }));
    const sub: SubscriptionState = {
      id,
      customer,
      currency: str(body.currency) ?? items[0]?.currency ?? "gbp",
      status: "active",
      created: seconds(),
      items,
      couponId,
      cancelAtPeriodEnd: false,
      canceledAt: null,
      cancellationComment: null,
      collectionMethod,
      daysUntilDue: body.days_until_due === undefined ? null : int(body.days_until_due, "days_until_due"),
      metadata: stringRecord(body.metadata),
      latestInvoice: null,
    };
    const invoiceId = newId("in");
    const drafts = [...items.map((item) => fullPeriodDraft(item, id, item.periodStart, item.periodEnd)), ...oneOffs];
    invoices.set(invoiceId, buildInvoice({ id: invoiceId, customer, currency: sub.currency, drafts, couponId, subscription: id, status: "open", billingReason: "subscription_create" }));
    sub.latestInvoice = invoiceId;
    subscriptions.set(id, sub);
    return ok(subscriptionObject(sub));
  }

  function updateSubscription(id: string, body: Form): FakeAnswer {
    const sub = requireSubscription(id);
    if (sub.status === "canceled") throw new StripeFakeError(400, "invalid_request_error", "A canceled subscription can only update its cancellation_details and metadata.");
    const couponId = body.discounts === undefined ? sub.couponId : requireCoupon(body.discounts);
    const behavior = str(body.proration_behavior) ?? "create_prorations";
    const drafts = body.items ? changeItems(sub, body.items, "items", behavior !== "none", true) : [];
    drafts.push(...oneOffDrafts(body.add_invoice_items, "add_invoice_items").map((d) => ({ ...d, subscription: id })));
    if (body.cancel_at_period_end !== undefined) sub.cancelAtPeriodEnd = str(body.cancel_at_period_end) === "true";
    const comment = str(obj(body.cancellation_details).comment);
    if (comment !== undefined) sub.cancellationComment = comment;
    sub.couponId = couponId;
    if (drafts.length > 0 && behavior === "always_invoice") {
      const invoiceId = newId("in");
      invoices.set(invoiceId, buildInvoice({ id: invoiceId, customer: sub.customer, currency: sub.currency, drafts, couponId, subscription: id, status: "open", billingReason: "subscription_update" }));
      sub.latestInvoice = invoiceId;
    }
    return ok(subscriptionObject(sub));
  }

  function cancelSubscription(id: string, query: URLSearchParams): FakeAnswer {
    const sub = requireSubscription(id);
    if (sub.status === "canceled") {
      throw new StripeFakeError(400, "invalid_request_error", `This subscription has already been canceled: '${id}'`);
    }
    sub.status = "canceled";
    sub.canceledAt = seconds();
    const comment = query.get("cancellation_details[comment]");
    if (comment) sub.cancellationComment = comment;
    return ok(subscriptionObject(sub));
  }

  function ok(json: unknown): FakeAnswer {
    return { status: 200, json };
  }

  function handle(request: RecordedRequest): FakeAnswer {
    if (request.headers.authorization !== `Bearer ${secretKey}`) {
      throw new StripeFakeError(401, "invalid_request_error", "Invalid API Key provided: sk_test_****");
    }
    const body = (request.body ?? {}) as Form;
    const { method, path } = request;
    let match: RegExpExecArray | null;

    if (method === "POST" && path === "/v1/invoices/create_preview") return createPreview(body);
    if (method === "GET" && (match = /^\/v1\/invoices\/([^/]+)\/lines$/.exec(path))) {
      const all = invoiceLines.get(decodeURIComponent(match[1] ?? ""));
      if (!all) throw new StripeFakeError(404, "invalid_request_error", "No such invoice", "resource_missing", "invoice");
      const after = request.query.get("starting_after");
      const limit = Math.min(100, Number(request.query.get("limit") ?? "10"));
      const start = after ? all.findIndex((line) => line.id === after) + 1 : 0;
      const data = all.slice(start, start + limit);
      return ok({ object: "list", data, has_more: start + limit < all.length, url: path });
    }
    if (method === "POST" && path === "/v1/products") {
      const id = str(body.id) ?? newId("prod");
      const name = str(body.name);
      if (!name) throw new StripeFakeError(400, "invalid_request_error", "Missing required param: name.", "parameter_missing", "name");
      if (products.has(id)) throw new StripeFakeError(400, "invalid_request_error", `Product already exists.`, "resource_already_exists", "id");
      const product = productObject(id, name, stringRecord(body.metadata));
      products.set(id, product);
      return ok(product);
    }
    if (method === "GET" && (match = /^\/v1\/products\/([^/]+)$/.exec(path))) {
      const product = products.get(decodeURIComponent(match[1] ?? ""));
      if (!product) throw new StripeFakeError(404, "invalid_request_error", `No such product: '${match[1]}'`, "resource_missing", "id");
      return ok(product);
    }
    if (method === "POST" && path === "/v1/coupons") {
      const id = str(body.id) ?? newId("co");
      if (coupons.has(id)) throw new StripeFakeError(400, "invalid_request_error", "Coupon already exists.", "resource_already_exists", "id");
      const duration = str(body.duration) ?? "once";
      if (!["once", "repeating", "forever"].includes(duration)) throw new StripeFakeError(400, "invalid_request_error", `Invalid duration: ${duration}`, "parameter_invalid", "duration");
      if (duration === "repeating" && body.duration_in_months === undefined) {
        throw new StripeFakeError(400, "invalid_request_error", "Missing required param: duration_in_months.", "parameter_missing", "duration_in_months");
      }
      const percentOff = body.percent_off === undefined ? null : Number(str(body.percent_off));
      const amountOff = body.amount_off === undefined ? null : int(body.amount_off, "amount_off");
      if ((percentOff === null) === (amountOff === null)) throw new StripeFakeError(400, "invalid_request_error", "Provide exactly one of percent_off or amount_off.");
      if (amountOff !== null && !str(body.currency)) throw new StripeFakeError(400, "invalid_request_error", "amount_off requires currency.", "parameter_missing", "currency");
      const coupon = {
        id,
        object: "coupon",
        amount_off: amountOff,
        created: seconds(),
        currency: str(body.currency) ?? null,
        duration,
        duration_in_months: body.duration_in_months === undefined ? null : int(body.duration_in_months, "duration_in_months"),
        livemode: false,
        max_redemptions: null,
        metadata: stringRecord(body.metadata),
        name: str(body.name) ?? null,
        percent_off: percentOff,
        redeem_by: null,
        times_redeemed: 0,
        valid: true,
      };
      coupons.set(id, coupon);
      return ok(coupon);
    }
    if (method === "GET" && (match = /^\/v1\/coupons\/([^/]+)$/.exec(path))) {
      const coupon = coupons.get(decodeURIComponent(match[1] ?? ""));
      if (!coupon) throw new StripeFakeError(404, "invalid_request_error", `No such coupon: '${match[1]}'`, "resource_missing", "id");
      return ok(coupon);
    }
    if (method === "POST" && path === "/v1/customers") {
      const id = newId("cus");
      const customer = {
        id,
        object: "customer",
        address: Object.keys(obj(body.address)).length > 0 ? { line1: null, line2: null, city: null, state: null, postal_code: null, country: null, ...obj(body.address) } : null,
        balance: 0,
        created: seconds(),
        currency: null,
        default_source: null,
        delinquent: false,
        description: null,
        email: str(body.email) ?? null,
        invoice_prefix: id.slice(-8).toUpperCase(),
        livemode: false,
        metadata: stringRecord(body.metadata),
        name: str(body.name) ?? null,
        phone: str(body.phone) ?? null,
        preferred_locales: [],
        shipping: null,
        tax_exempt: "none",
        test_clock: null,
      };
      customers.set(id, customer);
      return ok(customer);
    }
    if (method === "POST" && path === "/v1/invoiceitems") {
      const customer = requireCustomer(str(body.customer), "customer");
      const draft = oneOffDraft(body, "");
      pendingItems.set(customer, [...(pendingItems.get(customer) ?? []), draft]);
      return ok({ id: newId("ii"), object: "invoiceitem", amount: draft.amount, currency: str(obj(body.price_data).currency), customer, quantity: draft.quantity });
    }
    if (method === "POST" && path === "/v1/invoices") {
      const customer = requireCustomer(str(body.customer), "customer");
      const drafts = str(body.pending_invoice_items_behavior) === "exclude" ? [] : (pendingItems.get(customer) ?? []);
      pendingItems.delete(customer);
      const id = newId("in");
      const invoice = buildInvoice({ id, customer, currency: str(body.currency) ?? "gbp", drafts, couponId: requireCoupon(body.discounts), subscription: null, status: "draft", billingReason: "manual" });
      invoices.set(id, invoice);
      return ok(invoice);
    }
    if ((match = /^\/v1\/subscriptions\/([^/]+)$/.exec(path))) {
      const id = decodeURIComponent(match[1] ?? "");
      if (method === "GET") return ok(subscriptionObject(requireSubscription(id)));
      if (method === "POST") return updateSubscription(id, body);
      if (method === "DELETE") return cancelSubscription(id, request.query);
    }
    if (method === "POST" && path === "/v1/subscriptions") return createSubscription(body);
    throw new StripeFakeError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
  }

  function handleWithErrors(request: RecordedRequest): FakeAnswer {
    const key = request.headers["idempotency-key"];
    const idempotencyKey = typeof key === "string" && request.method === "POST" ? key : null;
    if (idempotencyKey) {
      const saved = idempotency.get(idempotencyKey);
      if (saved) {
        if (saved.rawBody !== request.rawBody) {
          return {
            status: 400,
            json: { error: { type: "idempotency_error", message: "Keys for idempotent requests can only be used with the same parameters they were first used with." } },
          };
        }
        return { ...saved.answer, headers: { ...(saved.answer.headers ?? {}), "Idempotent-Replayed": "true" } };
      }
    }
    try {
      const answer = handle(request);
      if (idempotencyKey && answer.status < 300) idempotency.set(idempotencyKey, { rawBody: request.rawBody, answer });
      return { ...answer, headers: { ...(answer.headers ?? {}), "Request-Id": newId("req") } };
    } catch (error) {
      if (!(error instanceof StripeFakeError)) throw error;
      return {
        status: error.status,
        json: { error: { type: error.type, message: error.message, ...(error.code ? { code: error.code } : {}), ...(error.param ? { param: error.param } : {}) } },
      };
    }
  }

  const server = await startFakeHttpServer({
    parseBody: (raw) => parseNestedForm(raw),
    handle: handleWithErrors,
    failure: () => ({ status: 500, json: { error: { type: "api_error", message: "An unknown error occurred on Stripe's end." } } }),
  });

  return {
    ...server,
    secretKey,
    products,
    coupons,
    customers,
    subscriptions,
    invoices,
    requestsTo: (method, pathPrefix) => server.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix)),
    registerProduct: (id, name) => {
      products.set(id, productObject(id, name, {}));
    },
    setTaxRate: (basisPoints) => {
      taxRateBps = basisPoints;
    },
  };
}
