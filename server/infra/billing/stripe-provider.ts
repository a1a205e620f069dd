// The `stripe` billing provider: previews with Stripe's invoice preview and submits customers and
// subscriptions with the official SDK. Orders name the products' prices and the codes' coupons by
// the ids the Stripe catalogue sync stored (stripe-catalogue-sync.ts): a preview or a submit
// creates none, and an order whose offer or code was never synced is refused before Stripe is
// asked (stripe-catalogue-check.ts). Tax rates (STRIPE_TAX=rates) are made by the sync too: an
// order only looks its country's up (stripe-tax-rates.ts), and is refused when Stripe has none.
import type Stripe from "stripe";
import { DomainError, isDomainError } from "../../domain/domain-error";
import type {
  BillingProvider,
  ProviderInvoiceVoid,
  ProviderOrderRequest,
  ProviderPreview,
  ProviderSubmitResult,
} from "./billing-provider";
import { partnerInvoiceAccount } from "./partner-invoice-owner";
import { DEFAULT_STRIPE_TAX_MODE, type StripeTaxMode } from "./provider-config";
import { withDeadline } from "./provider-deadline";
import { providerAnsweredGarbage, providerFiguresInconsistent } from "./provider-errors";
import { providerIdempotencyKey } from "./provider-idempotency";
import { ProviderFiguresError } from "./provider-invoice-folding";
import { parseAnswer, plainJson, StripeAnswerShapeError } from "./stripe-answers";
import {
  addsStripeItems,
  assertSyncedToStripe,
  missingTaxRateError,
  stripeCouponIdFor,
} from "./stripe-catalogue-check";
import { createStripeClient } from "./stripe-client";
import { isStripeInvalidRequest, isStripeNotFound, stripeErrorToDomain } from "./stripe-errors";
import { stripePreviewToPricedOrder } from "./stripe-invoice-mapping";
import {
  type StripeInvoiceLine,
  stripeCustomerSchema,
  stripeDeletedInvoiceSchema,
  stripeInvoiceRefSchema,
  stripeInvoiceSchema,
  stripeInvoiceStateSchema,
  stripeInvoiceStatusSchema,
  stripeLineListSchema,
  stripeSubscriptionSchema,
} from "./stripe-invoice-schema";
import {
  customerCreateParams,
  hasRecurringLines,
  invoiceItemParams,
  oneOffInvoiceParams,
  previewParams,
  STRIPE_MAX_SUBSCRIPTION_ITEMS,
  type StripeOrderContext,
  type StripeTaxParams,
  subscriptionChangeParams,
  subscriptionCreateParams,
  tooManySubscriptionItems,
} from "./stripe-request-mapping";
import { StripeTaxRates } from "./stripe-tax-rates";

export type StripeProviderOptions = {
  secretKey: string;
  apiBase?: string;
  timeoutMs: number;
  /** How Stripe is asked for tax (STRIPE_TAX); default `rates`. */
  tax?: StripeTaxMode;
  /** A ready client (tests); by default one is made from the settings above. */
  client?: Stripe;
};

/** Invoices list at most 100 lines per page; an order has at most 50 items, so 5 pages is ample. */
const MAX_LINE_PAGES = 5;

/** Refused before asking Stripe, with a problem the partner can act on (not a 502 from Stripe's 400). */
function assertWithinStripeLimits(request: ProviderOrderRequest): void {
  const count = tooManySubscriptionItems(request);
  if (count === null) return;
  const message = `Stripe bills at most ${STRIPE_MAX_SUBSCRIPTION_ITEMS} recurring offers on one subscription; this order has ${count}.`;
  throw new DomainError("INELIGIBLE", `The order is not eligible: ${message}`, {
    problems: [{ code: "PROVIDER_LIMIT_EXCEEDED", path: "orderItems", message }],
  });
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? value : value.id;
}

/** What voiding comes to for an invoice that is paid (it cannot be voided) or void already. */
function voidOutcome(invoice: {
  status: string;
  amount_paid: number;
  currency: string;
}): ProviderInvoiceVoid {
  return invoice.status === "paid"
    ? { outcome: "paid", amountPaid: invoice.amount_paid, currency: invoice.currency }
    : { outcome: "voided" };
}

export class StripeBillingProvider implements BillingProvider {
  readonly kind = "stripe" as const;
  private readonly stripe: Stripe;
  private readonly timeoutMs: number;
  private readonly secrets: readonly string[];
  private readonly tax: StripeTaxMode;
  private readonly taxRates: StripeTaxRates;

  constructor(options: StripeProviderOptions) {
    this.timeoutMs = options.timeoutMs;
    this.secrets = [options.secretKey];
    this.stripe =
      options.client ??
      createStripeClient({
        secretKey: options.secretKey,
        apiBase: options.apiBase,
        timeoutMs: options.timeoutMs,
      });
    this.tax = options.tax ?? DEFAULT_STRIPE_TAX_MODE;
    this.taxRates = new StripeTaxRates(this.stripe, (operation) => this.call(operation));
  }

  async preview(request: ProviderOrderRequest): Promise<ProviderPreview> {
    return this.guard(async () => {
      assertWithinStripeLimits(request);
      assertSyncedToStripe(request);
      partnerInvoiceAccount(request, "stripe");
      const context = await this.prepare(request);
      const answer = await this.call(() =>
        this.stripe.invoices.createPreview(previewParams(request, context)),
      );
      const invoice = parseAnswer(stripeInvoiceSchema, answer, "invoice preview");
      const lines = await this.allLines(invoice.id ?? null, invoice.lines.data, invoice.lines.has_more);
      return {
        priced: stripePreviewToPricedOrder(invoice, lines, request),
        providerResult: plainJson(answer),
      };
    });
  }

  async submit(request: ProviderOrderRequest, idempotencyKey: string): Promise<ProviderSubmitResult> {
    return this.guard(async () => {
      assertWithinStripeLimits(request);
      assertSyncedToStripe(request);
      partnerInvoiceAccount(request, "stripe");
      const keyFor = (step: string) =>
        providerIdempotencyKey("stripe", request.partner.id, idempotencyKey, step);
      switch (request.orderType) {
        case "new":
          return this.submitNew(request, keyFor);
        case "change_offer":
        case "add_offer":
          return this.submitItemChange(request, keyFor);
        case "cancel":
          return this.submitCancel(request, keyFor);
        case "renew": {
          const id = this.subscriptionIdOf(request);
          const answer = await this.call(() =>
            this.stripe.subscriptions.update(
              id,
              { cancel_at_period_end: false },
              { idempotencyKey: keyFor("renew") },
            ),
          );
          return this.subscriptionResult(request, answer);
        }
      }
    });
  }

  private async submitNew(request: ProviderOrderRequest, keyFor: (step: string) => string) {
    const context = await this.prepare(request);
    const customerId =
      context.customerId ??
      parseAnswer(
        stripeCustomerSchema,
        await this.call(() =>
          this.stripe.customers.create(customerCreateParams(request), { idempotencyKey: keyFor("customer") }),
        ),
        "customer",
      ).id;

    if (hasRecurringLines(request)) {
      const answer = await this.call(() =>
        this.stripe.subscriptions.create(subscriptionCreateParams(request, { ...context, customerId }), {
          idempotencyKey: keyFor("subscription"),
        }),
      );
      return this.subscriptionResult(request, answer);
    }

    // Only one-off offers: no subscription, an invoice of invoice items.
    const items = invoiceItemParams(request, context.tax);
    for (const [index, item] of items.entries()) {
      await this.call(() =>
        this.stripe.invoiceItems.create(
          { customer: customerId, ...item },
          { idempotencyKey: keyFor(`item-${index}`) },
        ),
      );
    }
    const draft = parseAnswer(
      stripeInvoiceRefSchema,
      await this.call(() =>
        this.stripe.invoices.create(oneOffInvoiceParams(request, { ...context, customerId }), {
          idempotencyKey: keyFor("invoice"),
        }),
      ),
      "invoice",
    );
    // An invoice made through the API stays a draft, billing nothing, until it is finalised;
    // then Stripe emails it to the customer (collection by invoice, due in
    // STRIPE_DAYS_UNTIL_DUE days) and keeps collecting (auto_advance).
    const answer = await this.call(() =>
      this.stripe.invoices.finalizeInvoice(
        draft.id,
        { auto_advance: true },
        { idempotencyKey: keyFor("invoice-finalize") },
      ),
    );
    const finalized = parseAnswer(stripeInvoiceStateSchema, answer, "finalized invoice");
    if (finalized.status === "open") {
      await this.call(() =>
        this.stripe.invoices.sendInvoice(draft.id, {}, { idempotencyKey: keyFor("invoice-send") }),
      );
    }
    return {
      // The partner's own customer is not the end customer's: that one stays without any.
      providerCustomerId: context.partnerBilled ? request.customer.providerCustomerId : customerId,
      providerSubscriptionId: null,
      providerReference: draft.id,
      providerResult: plainJson(answer),
    };
  }

  private async submitItemChange(request: ProviderOrderRequest, keyFor: (step: string) => string) {
    const id = this.subscriptionIdOf(request);
    const marker = keyFor("item-change").slice(-24);
    const current = await this.retrieveSubscription(id);
    // A retried submit whose change already went through: Stripe has the new items, marked with
    // this order's marker. Applying the change again would replace them, so answer with them.
    if (
      current.items.data.some(
        (item) => (item.metadata as Record<string, unknown> | undefined)?.po_change === marker,
      )
    ) {
      return this.subscriptionResult(request, current.raw);
    }
    const context = await this.prepare(request, current.itemIds);
    const params = subscriptionChangeParams(request, context);
    for (const item of params.items ?? []) {
      if (!item.deleted) item.metadata = { ...(item.metadata as Record<string, string>), po_change: marker };
    }
    const answer = await this.call(() =>
      this.stripe.subscriptions.update(id, params, { idempotencyKey: keyFor("item-change") }),
    );
    return this.subscriptionResult(request, answer);
  }

  private async submitCancel(request: ProviderOrderRequest, keyFor: (step: string) => string) {
    const id = this.subscriptionIdOf(request);
    const reason = request.cancel?.reason;
    const cancellation_details = reason ? { comment: reason.slice(0, 500) } : undefined;
    if (request.cancel?.effective !== "immediately") {
      const answer = await this.call(() =>
        this.stripe.subscriptions.update(
          id,
          { cancel_at_period_end: true, ...(cancellation_details ? { cancellation_details } : {}) },
          { idempotencyKey: keyFor("cancel") },
        ),
      );
      return this.subscriptionResult(request, answer);
    }
    try {
      const answer = await this.call(() =>
        this.stripe.subscriptions.cancel(id, {
          prorate: true,
          ...(cancellation_details ? { cancellation_details } : {}),
        }),
      );
      return this.subscriptionResult(request, answer);
    } catch (error) {
      // DELETE takes no idempotency key: a retry after a cancel that went through is refused by
      // Stripe, so look whether the subscription is cancelled already and, if so, answer with it.
      if (isDomainError(error)) throw error;
      const current = await this.retrieveSubscription(id);
      if (current.status === "canceled") return this.subscriptionResult(request, current.raw);
      throw error;
    }
  }

  /**
   * Voids the invoice of one-off offers a new order made (compensation.ts), by what Stripe says
   * of it first: open or uncollectible, "Void an invoice" (POST /v1/invoices/:id/void, under a key
   * derived from `idempotencyKey`); void already, nothing to do (a repeated call); still a draft
   * (not reached by submitNew, which answers once the invoice is finalised), "Delete a draft
   * invoice"; paid, which Stripe refuses to void, answered for an operator to refund by hand.
   */
  async voidInvoice(
    partnerId: string,
    invoiceId: string,
    idempotencyKey: string,
  ): Promise<ProviderInvoiceVoid> {
    return this.guard(async () => {
      const current = await this.retrieveInvoiceStatus(invoiceId);
      if (current.status === "draft") return this.deleteDraftInvoice(invoiceId);
      if (current.status !== "open" && current.status !== "uncollectible") return voidOutcome(current);
      const key = providerIdempotencyKey("stripe", partnerId, idempotencyKey, "invoice-void");
      try {
        const answer = await this.call(() =>
          this.stripe.invoices.voidInvoice(invoiceId, {}, { idempotencyKey: key }),
        );
        const voided = parseAnswer(stripeInvoiceStatusSchema, answer, "voided invoice");
        if (voided.status !== "void") throw new StripeAnswerShapeError(`voided invoice is ${voided.status}`);
        return { outcome: "voided" };
      } catch (error) {
        // Refused: the invoice moved on since it was read (the customer paid it meanwhile, or
        // another run voided it). What it is now decides; anything else stays a failure.
        if (!isStripeInvalidRequest(error)) throw error;
        const now = await this.retrieveInvoiceStatus(invoiceId);
        if (now.status === "paid" || now.status === "void") return voidOutcome(now);
        throw error;
      }
    });
  }

  private async retrieveInvoiceStatus(invoiceId: string) {
    const answer = await this.call(() => this.stripe.invoices.retrieve(invoiceId));
    return parseAnswer(stripeInvoiceStatusSchema, answer, "invoice");
  }

  private async deleteDraftInvoice(invoiceId: string): Promise<ProviderInvoiceVoid> {
    try {
      const answer = await this.call(() => this.stripe.invoices.del(invoiceId));
      parseAnswer(stripeDeletedInvoiceSchema, answer, "deleted invoice");
    } catch (error) {
      // DELETE takes no idempotency key: one that went through before leaves no invoice to find.
      if (!isStripeNotFound(error)) throw error;
    }
    return { outcome: "deleted" };
  }

  /**
   * The discount's coupon, the tax rate of the order's country, and the Stripe customer if known.
   * Prices, coupons and tax rates were synced with the catalogue: nothing is created here.
   */
  private async prepare(
    request: ProviderOrderRequest,
    replacedItemIds?: readonly string[],
  ): Promise<StripeOrderContext> {
    this.subscriptionIdOf(request);
    const changesItems = addsStripeItems(request);
    const tax = await this.taxParams(request, changesItems);
    const couponId = changesItems ? stripeCouponIdFor(request) : null;
    let replaced = replacedItemIds;
    if (!replaced && request.orderType === "change_offer") {
      replaced = (await this.retrieveSubscription(this.subscriptionIdOf(request))).itemIds;
    }
    const partnerCustomerId = partnerInvoiceAccount(request, "stripe");
    return {
      customerId: partnerCustomerId ?? request.customer.providerCustomerId,
      partnerBilled: partnerCustomerId !== null,
      couponId,
      replacedItemIds: replaced ?? [],
      tax,
    };
  }

  /** Only items the order adds name a tax rate: those on a subscription keep the one they have. */
  private async taxParams(request: ProviderOrderRequest, addsItems: boolean): Promise<StripeTaxParams> {
    if (this.tax !== "rates") return { automatic: this.tax === "automatic", taxRateIds: [] };
    const rateBps = request.taxRateBps ?? 0;
    if (!addsItems || !(rateBps > 0) || request.country === "") return { automatic: false, taxRateIds: [] };
    const id = await this.taxRates.find(request.country, rateBps);
    if (!id) throw missingTaxRateError(request.country, rateBps);
    return { automatic: false, taxRateIds: [id] };
  }

  private async retrieveSubscription(id: string) {
    const raw = await this.call(() => this.stripe.subscriptions.retrieve(id));
    const subscription = parseAnswer(stripeSubscriptionSchema, raw, "subscription");
    return {
      raw,
      status: subscription.status,
      items: subscription.items,
      itemIds: subscription.items.data.map((item) => item.id),
    };
  }

  private async allLines(invoiceId: string | null, first: StripeInvoiceLine[], hasMore: boolean) {
    const lines = [...first];
    let more = hasMore;
    for (let page = 0; more; page += 1) {
      const last = lines.at(-1);
      if (!invoiceId || !last || page >= MAX_LINE_PAGES)
        throw new StripeAnswerShapeError("invoice lines do not end");
      const answer = await this.call(() =>
        this.stripe.invoices.listLineItems(invoiceId, { limit: 100, starting_after: last.id }),
      );
      const list = parseAnswer(stripeLineListSchema, answer, "invoice lines");
      lines.push(...list.data);
      more = list.has_more;
    }
    return lines;
  }

  private subscriptionResult(request: ProviderOrderRequest, answer: unknown): ProviderSubmitResult {
    const subscription = parseAnswer(stripeSubscriptionSchema, answer, "subscription");
    const customerId = idOf(subscription.customer);
    // A subscription invoiced to the partner's own customer says nothing of the end customer's.
    const billsPartner = customerId !== null && customerId === request.partner.accounts?.stripeCustomerId;
    return {
      providerCustomerId: (billsPartner ? null : customerId) ?? request.customer.providerCustomerId,
      providerSubscriptionId: subscription.id,
      providerReference: idOf(subscription.latest_invoice) ?? subscription.id,
      providerResult: plainJson(answer),
    };
  }

  /** Orders on an existing subscription need Stripe's id of it. */
  private subscriptionIdOf(request: ProviderOrderRequest): string {
    if (request.orderType === "new") return "";
    const id = request.subscription?.providerSubscriptionId;
    if (!id) {
      const reference = request.subscription?.reference ?? "(unknown)";
      throw new DomainError(
        "CONFLICT",
        `Subscription ${reference} is not billed through Stripe, so Stripe cannot change it`,
      );
    }
    return id;
  }

  private call<T>(operation: () => Promise<T>): Promise<T> {
    return withDeadline("stripe", this.timeoutMs, () => operation());
  }

  /** Every failure leaves as a DomainError; internals stay attached as the hidden `cause`. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ProviderFiguresError) throw providerFiguresInconsistent("stripe", error);
      if (error instanceof StripeAnswerShapeError) throw providerAnsweredGarbage("stripe", error);
      throw stripeErrorToDomain(error, this.secrets);
    }
  }
}
