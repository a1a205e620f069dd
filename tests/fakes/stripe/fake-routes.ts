// The Stripe fake's endpoints. Each takes the parsed form body and answers Stripe's object, or
// throws a StripeFakeError that the server turns into Stripe's error JSON.
import type { FakeAnswer, RecordedRequest } from "../fake-http-server";
import {
  buildInvoice,
  changeItems,
  fullPeriodDraft,
  newSubscriptionItem,
  oneOffDraft,
  oneOffDrafts,
  periodEndOf,
  prorationDraft,
  requireCoupon,
  requireCustomer,
  requireSubscription,
} from "./fake-billing";
import { subscriptionObject } from "./fake-objects";
import { createPrice, listPrices } from "./fake-prices";
import { createProduct, updateProduct } from "./fake-products";
import {
  assertItemLimit,
  type DraftLine,
  type Form,
  int,
  invalid,
  list,
  missing,
  noSuch,
  type Obj,
  obj,
  StripeFakeError,
  type StripeFakeState,
  type SubscriptionState,
  str,
  stringRecord,
} from "./fake-state";
import {
  automaticTaxOf,
  createTaxRate,
  customerCountry,
  type InvoiceTax,
  listTaxRates,
  requireTaxRates,
  taxRateObjects,
} from "./fake-tax";
import type {
  FakeCoupon,
  FakeCustomer,
  FakeDeletedInvoice,
  FakeInvoice,
  FakeInvoiceItem,
  FakeInvoiceLine,
  FakeList,
} from "./fake-types";

const ok = (json: unknown): FakeAnswer => ({ status: 200, json });

function createPreview(state: StripeFakeState, body: Form): FakeAnswer {
  const subscriptionId = str(body.subscription);
  const customerId = str(body.customer);
  if (!subscriptionId && !customerId && !body.customer_details) {
    throw invalid(
      "Must provide one of customer, customer_details or subscription.",
      "parameter_missing",
      "customer",
    );
  }
  if (customerId) requireCustomer(state, customerId, "customer");
  const details = obj(body.subscription_details);
  const couponId = requireCoupon(state, body.discounts);
  const automatic = automaticTaxOf(body.automatic_tax);
  const defaultTaxRates =
    details.default_tax_rates === undefined
      ? undefined
      : requireTaxRates(state, details.default_tax_rates, "subscription_details[default_tax_rates]");
  const oneOffs = oneOffDrafts(state, body.invoice_items, "invoice_items");
  const id = `upcoming_${state.newId("in")}`;
  const base = { id, couponId, status: "draft" as const, billingReason: "upcoming" };

  if (!subscriptionId) {
    const currency = str(body.currency);
    if (!currency) throw missing("currency");
    // A customer Stripe does not know yet is located by the address the preview describes.
    const describedCountry = str(obj(obj(body.customer_details).address).country) ?? null;
    const tax: InvoiceTax = {
      automatic: automatic ?? false,
      country: customerId ? customerCountry(state, customerId) : describedCountry,
      defaultTaxRates: defaultTaxRates ?? [],
    };
    assertItemLimit(list(details.items).length, "subscription_details[items]");
    const items = list(details.items).map((v, i) =>
      newSubscriptionItem(state, v, `subscription_details[items][${i}]`),
    );
    const drafts = [
      ...items.map((item) => fullPeriodDraft(state, item, null, item.periodStart, item.periodEnd)),
      ...oneOffs,
    ];
    return ok(
      buildInvoice(state, {
        ...base,
        customer: customerId ?? null,
        currency,
        drafts,
        subscription: null,
        tax,
      }),
    );
  }

  const sub = requireSubscription(state, subscriptionId);
  let drafts: DraftLine[];
  if (str(details.cancel_now) === "true") {
    drafts = sub.items.map((item) => prorationDraft(state, item, sub.id, true));
  } else if (str(details.cancel_at_period_end) === "true") {
    drafts = [];
  } else if (details.items) {
    const copy: SubscriptionState = { ...sub, items: [...sub.items] };
    const prorate = str(details.proration_behavior) !== "none";
    drafts = changeItems(state, copy, details.items, "subscription_details[items]", prorate);
  } else {
    drafts = sub.items.map((item) =>
      fullPeriodDraft(state, item, sub.id, item.periodEnd, periodEndOf(item.periodEnd, item.interval)),
    );
  }
  drafts.push(...oneOffs);
  // The subscription's own tax settings, unless the preview asks about others.
  const tax: InvoiceTax = {
    automatic: automatic ?? sub.automaticTax,
    country: customerCountry(state, sub.customer),
    defaultTaxRates: defaultTaxRates ?? sub.defaultTaxRates,
  };
  return ok(
    buildInvoice(state, {
      ...base,
      couponId: couponId ?? sub.couponId,
      customer: sub.customer,
      currency: sub.currency,
      drafts,
      subscription: sub.id,
      tax,
    }),
  );
}

function createSubscription(state: StripeFakeState, body: Form): FakeAnswer {
  const customer = requireCustomer(state, str(body.customer), "customer");
  const itemsValue = list(body.items);
  if (itemsValue.length === 0) throw missing("items");
  assertItemLimit(itemsValue.length, "items");
  const collectionMethod = str(body.collection_method) ?? "charge_automatically";
  if (collectionMethod === "send_invoice" && body.days_until_due === undefined)
    throw missing("days_until_due");
  const couponId = requireCoupon(state, body.discounts);
  const automaticTax = automaticTaxOf(body.automatic_tax) ?? false;
  const defaultTaxRates = requireTaxRates(state, body.default_tax_rates, "default_tax_rates");
  const id = state.newId("sub");
  const items = itemsValue.map((value, index) => newSubscriptionItem(state, value, `items[${index}]`));
  const oneOffs = oneOffDrafts(state, body.add_invoice_items, "add_invoice_items").map((d) => ({
    ...d,
    subscription: id,
  }));
  const sub: SubscriptionState = {
    id,
    customer,
    currency: str(body.currency) ?? items[0]?.currency ?? "gbp",
    status: "active",
    created: state.seconds(),
    items,
    couponId,
    cancelAtPeriodEnd: false,
    canceledAt: null,
    cancellationComment: null,
    collectionMethod,
    daysUntilDue: body.days_until_due === undefined ? null : int(body.days_until_due, "days_until_due"),
    metadata: stringRecord(body.metadata),
    latestInvoice: null,
    automaticTax,
    defaultTaxRates,
  };
  const invoiceId = state.newId("in");
  const drafts = [
    ...items.map((item) => fullPeriodDraft(state, item, id, item.periodStart, item.periodEnd)),
    ...oneOffs,
  ];
  state.invoices.set(
    invoiceId,
    buildInvoice(state, {
      id: invoiceId,
      customer,
      currency: sub.currency,
      drafts,
      couponId,
      subscription: id,
      status: "open",
      billingReason: "subscription_create",
      tax: { automatic: automaticTax, country: customerCountry(state, customer), defaultTaxRates },
    }),
  );
  sub.latestInvoice = invoiceId;
  state.subscriptions.set(id, sub);
  return ok(subscriptionObject(state, sub));
}

function updateSubscription(state: StripeFakeState, id: string, body: Form): FakeAnswer {
  const sub = requireSubscription(state, id);
  if (sub.status === "canceled") {
    throw invalid("A canceled subscription can only update its cancellation_details and metadata.");
  }
  // Worked out on a copy, kept only when the whole update is accepted (as Stripe does).
  const next: SubscriptionState = { ...sub, items: [...sub.items] };
  next.couponId = body.discounts === undefined ? sub.couponId : requireCoupon(state, body.discounts);
  next.automaticTax = automaticTaxOf(body.automatic_tax) ?? sub.automaticTax;
  if (body.default_tax_rates !== undefined)
    next.defaultTaxRates = requireTaxRates(state, body.default_tax_rates, "default_tax_rates");
  const behavior = str(body.proration_behavior) ?? "create_prorations";
  const drafts = body.items ? changeItems(state, next, body.items, "items", behavior !== "none") : [];
  drafts.push(
    ...oneOffDrafts(state, body.add_invoice_items, "add_invoice_items").map((d) => ({
      ...d,
      subscription: id,
    })),
  );
  if (body.cancel_at_period_end !== undefined)
    next.cancelAtPeriodEnd = str(body.cancel_at_period_end) === "true";
  const comment = str(obj(body.cancellation_details).comment);
  if (comment !== undefined) next.cancellationComment = comment;
  if (drafts.length > 0 && behavior === "always_invoice") {
    const invoiceId = state.newId("in");
    state.invoices.set(
      invoiceId,
      buildInvoice(state, {
        id: invoiceId,
        customer: next.customer,
        currency: next.currency,
        drafts,
        couponId: next.couponId,
        subscription: id,
        status: "open",
        billingReason: "subscription_update",
        tax: {
          automatic: next.automaticTax,
          country: customerCountry(state, next.customer),
          defaultTaxRates: next.defaultTaxRates,
        },
      }),
    );
    next.latestInvoice = invoiceId;
  }
  Object.assign(sub, next);
  return ok(subscriptionObject(state, sub));
}

function cancelSubscription(state: StripeFakeState, id: string, query: URLSearchParams): FakeAnswer {
  const sub = requireSubscription(state, id);
  if (sub.status === "canceled") throw invalid(`This subscription has already been canceled: '${id}'`);
  sub.status = "canceled";
  sub.canceledAt = state.seconds();
  const comment = query.get("cancellation_details[comment]");
  if (comment) sub.cancellationComment = comment;
  return ok(subscriptionObject(state, sub));
}

function createCoupon(state: StripeFakeState, body: Form): FakeAnswer {
  const id = str(body.id) ?? state.newId("co");
  if (state.coupons.has(id)) throw invalid("Coupon already exists.", "resource_already_exists", "id");
  const duration = str(body.duration) ?? "once";
  if (!["once", "repeating", "forever"].includes(duration))
    throw invalid(`Invalid duration: ${duration}`, "parameter_invalid", "duration");
  if (duration === "repeating" && body.duration_in_months === undefined) throw missing("duration_in_months");
  const percentOff = body.percent_off === undefined ? null : Number(str(body.percent_off));
  const amountOff = body.amount_off === undefined ? null : int(body.amount_off, "amount_off");
  if ((percentOff === null) === (amountOff === null))
    throw invalid("Provide exactly one of percent_off or amount_off.");
  if (amountOff !== null && !str(body.currency)) throw missing("currency");
  const coupon = {
    id,
    object: "coupon",
    amount_off: amountOff,
    created: state.seconds(),
    currency: str(body.currency) ?? null,
    duration,
    duration_in_months:
      body.duration_in_months === undefined ? null : int(body.duration_in_months, "duration_in_months"),
    livemode: false,
    max_redemptions: null,
    metadata: stringRecord(body.metadata),
    name: str(body.name) ?? null,
    percent_off: percentOff,
    redeem_by: null,
    times_redeemed: 0,
    valid: true,
  } satisfies FakeCoupon;
  state.coupons.set(id, coupon);
  return ok(coupon);
}

function createCustomer(state: StripeFakeState, body: Form): FakeAnswer {
  const id = state.newId("cus");
  const address = obj(body.address);
  const customer = {
    id,
    object: "customer",
    address:
      Object.keys(address).length > 0
        ? {
            line1: str(address.line1) ?? null,
            line2: str(address.line2) ?? null,
            city: str(address.city) ?? null,
            state: str(address.state) ?? null,
            postal_code: str(address.postal_code) ?? null,
            country: str(address.country) ?? null,
          }
        : null,
    balance: 0,
    created: state.seconds(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    // Stripe answers both on a new customer (its published sample does); the SDK marks them optional.
    discount: null,
    email: str(body.email) ?? null,
    invoice_prefix: id.slice(-8).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: stringRecord(body.metadata),
    name: str(body.name) ?? null,
    next_invoice_sequence: 1,
    phone: str(body.phone) ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  } satisfies FakeCustomer;
  state.customers.set(id, customer);
  return ok(customer);
}

function createInvoiceItem(state: StripeFakeState, body: Form): FakeAnswer {
  const customer = requireCustomer(state, str(body.customer), "customer");
  const draft = oneOffDraft(state, body, "");
  // The item's price is known (oneOffDraft checked it), or given inline with its currency.
  const currency = str(obj(body.price_data).currency) ?? state.prices.get(draft.priceId)?.currency;
  if (!currency) throw missing("price_data[currency]");
  state.pendingItems.set(customer, [...(state.pendingItems.get(customer) ?? []), draft]);
  return ok({
    id: state.newId("ii"),
    object: "invoiceitem",
    amount: draft.amount,
    currency,
    customer,
    quantity: draft.quantity,
    tax_rates: taxRateObjects(state, draft.taxRates),
  } satisfies FakeInvoiceItem);
}

function createInvoice(state: StripeFakeState, body: Form): FakeAnswer {
  const customer = requireCustomer(state, str(body.customer), "customer");
  const include = str(body.pending_invoice_items_behavior) !== "exclude";
  const drafts = include ? (state.pendingItems.get(customer) ?? []) : [];
  const tax: InvoiceTax = {
    automatic: automaticTaxOf(body.automatic_tax) ?? false,
    country: customerCountry(state, customer),
    defaultTaxRates: requireTaxRates(state, body.default_tax_rates, "default_tax_rates"),
  };
  const id = state.newId("in");
  const invoice = buildInvoice(state, {
    id,
    customer,
    currency: str(body.currency) ?? "gbp",
    drafts,
    couponId: requireCoupon(state, body.discounts),
    subscription: null,
    status: "draft",
    billingReason: "manual",
    tax,
  });
  // The pending items are the invoice's only once it is accepted.
  if (include) state.pendingItems.delete(customer);
  state.invoices.set(id, invoice);
  return ok(invoice);
}

/**
 * "Finalize an invoice": a draft becomes open (paid at once when nothing is due), its number and
 * finalisation time are set; anything but a draft is refused, as Stripe does.
 */
function finalizeInvoice(state: StripeFakeState, id: string, body: Form): FakeAnswer {
  const invoice = state.invoices.get(id);
  if (!invoice) throw noSuch("invoice", id, "invoice", 404);
  if (invoice.status !== "draft")
    throw invalid(
      "This invoice is already finalized, you can't re-finalize a non-draft invoice.",
      "invoice_not_editable",
    );
  const autoAdvance = str(body.auto_advance);
  if (autoAdvance !== undefined && autoAdvance !== "true" && autoAdvance !== "false")
    throw invalid(`Invalid boolean: ${autoAdvance}`, "parameter_invalid_boolean", "auto_advance");
  const at = state.seconds();
  const paid = invoice.amount_due === 0;
  const finalized: FakeInvoice = {
    ...invoice,
    status: paid ? "paid" : "open",
    auto_advance: autoAdvance !== "false",
    number: `FAKE-${String(state.invoices.size).padStart(4, "0")}`,
    status_transitions: {
      finalized_at: at,
      paid_at: paid ? at : null,
      voided_at: null,
      marked_uncollectible_at: null,
    },
  };
  state.invoices.set(id, finalized);
  return ok(finalized);
}

/** "Send an invoice for manual payment": only an open invoice whose collection method is send_invoice. */
function sendInvoice(state: StripeFakeState, id: string): FakeAnswer {
  const invoice = state.invoices.get(id);
  if (!invoice) throw noSuch("invoice", id, "invoice", 404);
  if (invoice.collection_method !== "send_invoice")
    throw invalid("You can only manually send an invoice if its collection method is 'send_invoice'.");
  if (invoice.status !== "open")
    throw invalid(`You can't send an invoice with status '${String(invoice.status)}'.`);
  state.sentInvoices.add(id);
  return ok(invoice);
}

/**
 * "Void an invoice": marks a finalised, unpaid invoice (open or uncollectible) void, for good.
 * Stripe documents no parameter but `expand` (its SDK's InvoiceVoidInvoiceParams); any other is
 * refused. A draft (delete it instead), a paid invoice and a void one are refused with a 400
 * invalid_request_error; Stripe's reference names the rule, not its message, so the message here
 * is the fake's wording of it.
 */
function voidInvoice(state: StripeFakeState, id: string, body: Form): FakeAnswer {
  refuseUnknownParams(body, ["expand"]);
  const invoice = state.invoices.get(id);
  if (!invoice) throw noSuch("invoice", id, "invoice", 404);
  if (invoice.status !== "open" && invoice.status !== "uncollectible")
    throw invalid(
      `You can only void an invoice that is open or uncollectible; this invoice is ${String(invoice.status)}.`,
    );
  const voided: FakeInvoice = {
    ...invoice,
    status: "void",
    auto_advance: false,
    amount_remaining: 0,
    status_transitions: { ...invoice.status_transitions, voided_at: state.seconds() },
  };
  state.invoices.set(id, voided);
  return ok(voided);
}

/**
 * "Delete a draft invoice": only a draft (no parameters); once finalised an invoice can only be
 * voided. A deleted invoice is gone: asking for it again answers 404.
 */
function deleteInvoice(state: StripeFakeState, id: string, query: URLSearchParams): FakeAnswer {
  refuseUnknownParams(Object.fromEntries(query.entries()), []);
  const invoice = state.invoices.get(id);
  if (!invoice) throw noSuch("invoice", id, "invoice", 404);
  if (invoice.status !== "draft")
    throw invalid(
      `You can only delete draft invoices; this invoice is ${String(invoice.status)}, void it instead.`,
    );
  state.invoices.delete(id);
  state.invoiceLines.delete(id);
  return ok({ id, object: "invoice", deleted: true } satisfies FakeDeletedInvoice);
}

function refuseUnknownParams(params: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (!known.includes(key)) throw invalid(`Received unknown parameter: ${key}`, "parameter_unknown", key);
  }
}

function invoiceLinesPage(state: StripeFakeState, invoiceId: string, request: RecordedRequest): FakeAnswer {
  const all = state.invoiceLines.get(invoiceId);
  if (!all) throw noSuch("invoice", invoiceId, "invoice", 404);
  const after = request.query.get("starting_after");
  const limit = Math.min(100, Number(request.query.get("limit") ?? "10"));
  const start = after ? all.findIndex((line) => line.id === after) + 1 : 0;
  return ok({
    object: "list",
    data: all.slice(start, start + limit),
    has_more: start + limit < all.length,
    url: request.path,
  } satisfies FakeList<FakeInvoiceLine>);
}

function retrieve(map: Map<string, Obj>, kind: string, id: string): FakeAnswer {
  const found = map.get(id);
  if (!found) throw noSuch(kind, id, "id", 404);
  return ok(found);
}

export function routeStripeRequest(state: StripeFakeState, request: RecordedRequest): FakeAnswer {
  const body = (request.body ?? {}) as Form;
  const { method, path } = request;
  const [, version, resource, rawId, sub] = path.split("/");
  const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
  if (version !== "v1")
    throw new StripeFakeError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
  const route = `${method} ${resource}${id === undefined ? "" : "/:id"}${sub === undefined ? "" : `/${sub}`}`;

  if (route === "POST invoices/:id" && id === "create_preview") return createPreview(state, body);
  switch (route) {
    case "GET invoices/:id/lines":
      return invoiceLinesPage(state, id ?? "", request);
    case "POST invoices":
      return createInvoice(state, body);
    case "POST invoices/:id/finalize":
      return finalizeInvoice(state, id ?? "", body);
    case "POST invoices/:id/send":
      return sendInvoice(state, id ?? "");
    case "POST invoices/:id/void":
      return voidInvoice(state, id ?? "", body);
    case "GET invoices/:id":
      return retrieve(state.invoices, "invoice", id ?? "");
    case "DELETE invoices/:id":
      return deleteInvoice(state, id ?? "", request.query);
    case "POST invoiceitems":
      return createInvoiceItem(state, body);
    case "POST products":
      return ok(createProduct(state, body));
    case "POST products/:id":
      return ok(updateProduct(state, id ?? "", body));
    case "GET products/:id":
      return retrieve(state.products, "product", id ?? "");
    case "POST prices":
      return ok(createPrice(state, body));
    case "GET prices":
      return ok(listPrices(state, request));
    case "GET prices/:id":
      return retrieve(state.prices, "price", id ?? "");
    case "POST coupons":
      return createCoupon(state, body);
    case "GET coupons/:id":
      return retrieve(state.coupons, "coupon", id ?? "");
    case "POST customers":
      return createCustomer(state, body);
    case "POST subscriptions":
      return createSubscription(state, body);
    case "GET subscriptions/:id":
      return ok(subscriptionObject(state, requireSubscription(state, id ?? "")));
    case "POST tax_rates":
      return ok(createTaxRate(state, body));
    case "GET tax_rates":
      return ok(listTaxRates(state, request));
    case "GET tax_rates/:id":
      return retrieve(state.taxRates, "tax rate", id ?? "");
    case "POST subscriptions/:id":
      return updateSubscription(state, id ?? "", body);
    case "DELETE subscriptions/:id":
      return cancelSubscription(state, id ?? "", request.query);
    default:
      throw new StripeFakeError(
        404,
        "invalid_request_error",
        `Unrecognized request URL (${method}: ${path}).`,
      );
  }
}
