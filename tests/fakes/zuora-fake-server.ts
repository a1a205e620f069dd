// A local stand-in for the parts of Zuora's v1 REST API the `zuora` provider uses:
//   POST /oauth/token             form client_id, client_secret, grant_type=client_credentials
//                                 -> {access_token, token_type: "bearer", expires_in, scope, jti}
//   POST /v1/orders/preview       "Preview an order" -> {success, previewResult: {invoices: [...]}}
//   POST /v1/orders               "Create an order"  -> {success, orderNumber, accountNumber,
//                                 status, subscriptionNumbers}; Idempotency-Key replays the saved
//                                 answer (whatever the body, as Zuora documents)
//   GET  /v1/subscriptions/:key   -> {success, subscriptionNumber, accountNumber, ratePlans: [...]}
// Every /v1 call needs a valid, unexpired bearer token (401 otherwise). Business errors are
// HTTP 200 {success: false, reasons: [{code, message}]}, as Zuora does.
//
// Prices come from the rate plans a test registers (decimal strings per currency). A preview
// bills NumberOfPeriods periods from the order date: monthly charges every month, annual ones every
// 12 months, one-time charges on the first invoice; a discount plan subtracts its percentage or
// amount for `upToPeriods` periods as a separate negative "Discount" item; tax, when a rate is
// set, is per item, rounded half up. Amounts are written as JSON numbers, like Zuora.
import { randomBytes } from "node:crypto";
import { addMonthsUtc } from "../../server/domain/dates";
import { formatMinorUnits, minorUnitExponent } from "../../server/domain/money";
import { type FakeAnswer, type FakeServerControls, type RecordedRequest, startFakeHttpServer } from "./fake-http-server";

type Json = Record<string, unknown>;

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

export type ZuoraFakeOptions = {
  clientId?: string;
  clientSecret?: string;
  tokenTtlSeconds?: number;
  taxRateBps?: number;
  now?: () => number;
};

type Plan = ZuoraRatePlanDefinition & { productRatePlanChargeId: string; discount?: "percent" | "amount" };

type SubscriptionPlan = {
  id: string;
  plan: Plan;
  quantity: number;
  discountValue?: number;
  upToPeriods?: number | null;
  removed: boolean;
};

type FakeSubscription = {
  number: string;
  id: string;
  accountNumber: string;
  termType: "TERMED" | "EVERGREEN";
  termMonths: number | null;
  status: "Active" | "Cancelled";
  plans: SubscriptionPlan[];
};

type FakeAccount = { accountNumber: string; currency: string; name: string; billToContact: Json };

export type ZuoraFake = FakeServerControls & {
  clientId: string;
  clientSecret: string;
  accounts: Map<string, FakeAccount>;
  subscriptions: Map<string, FakeSubscription>;
  registerRatePlan(definition: ZuoraRatePlanDefinition): void;
  setTaxRate(basisPoints: number): void;
  /** Successful token grants so far. */
  tokensIssued(): number;
  /** Revokes every issued token (the next API call gets a 401). */
  revokeTokens(): void;
  requestsTo(method: string, pathPrefix: string): RecordedRequest[];
};

class BusinessError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const hex = (bytes: number) => randomBytes(bytes).toString("hex");

function minorOf(decimal: string, currency: string): number {
  const [whole = "0", fraction = ""] = decimal.split(".");
  const exponent = minorUnitExponent(currency);
  return Number(`${whole}${fraction.padEnd(exponent, "0").slice(0, exponent)}`);
}

function roundHalfUp(numerator: number, denominator: number): number {
  const sign = numerator < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(numerator) * 2 + denominator) / (2 * denominator));
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export async function startZuoraFake(options: ZuoraFakeOptions = {}): Promise<ZuoraFake> {
  const clientId = options.clientId ?? "zuora-fake-client";
  const clientSecret = options.clientSecret ?? "zuora-fake-secret-0123456789";
  const ttl = options.tokenTtlSeconds ?? 3600;
  const now = options.now ?? Date.now;
  let taxRateBps = options.taxRateBps ?? 0;
  let issued = 0;
  let sequence = 0;
  const next = () => String(++sequence).padStart(8, "0");

  const plans = new Map<string, Plan>();
  const tokens = new Map<string, number>();
  const accounts = new Map<string, FakeAccount>();
  const subscriptions = new Map<string, FakeSubscription>();
  const idempotency = new Map<string, FakeAnswer>();

  for (const kind of ["percent", "amount"] as const) {
    const id = `discount-${kind}`;
    plans.set(id, {
      productRatePlanId: id,
      productRatePlanChargeId: `${id}-charge`,
      name: kind === "percent" ? "Percentage discount" : "Fixed amount discount",
      productName: "Discounts",
      billingPeriod: "Month",
      prices: {},
      discount: kind,
    });
  }

  const toNumber = (minor: number, currency: string) => Number(formatMinorUnits(minor, currency));

  function planFor(ratePlan: unknown, where: string): SubscriptionPlan {
    if (!isObject(ratePlan)) throw new BusinessError(53100020, `${where} is not an object`);
    const plan = plans.get(String(ratePlan.productRatePlanId ?? ""));
    if (!plan) throw new BusinessError(53100020, `Invalid product rate plan id: ${String(ratePlan.productRatePlanId)}`);
    const overrides = arrayOf(ratePlan.chargeOverrides).filter(isObject);
    const override = overrides[0];
    if (override && override.productRatePlanChargeId !== plan.productRatePlanChargeId) {
      throw new BusinessError(53100020, `Invalid product rate plan charge id: ${String(override.productRatePlanChargeId)}`);
    }
    const pricing = isObject(override?.pricing) ? override.pricing : {};
    const result: SubscriptionPlan = { id: hex(16), plan, quantity: 1, removed: false };
    if (plan.discount) {
      const discount = isObject(pricing.discount) ? pricing.discount : {};
      const value = plan.discount === "percent" ? discount.discountPercentage : discount.discountAmount;
      if (typeof value !== "number") throw new BusinessError(53100320, `${where}: the discount value is required`);
      result.discountValue = value;
      const endDate = isObject(override?.endDate) ? override.endDate : null;
      result.upToPeriods = endDate?.endDateCondition === "Fixed_Period" ? Number(endDate.upToPeriods) : null;
      return result;
    }
    const perUnit = pricing.recurringPerUnit ?? pricing.oneTimePerUnit;
    if (isObject(perUnit) && perUnit.quantity !== undefined) {
      const quantity = Number(perUnit.quantity);
      if (!Number.isInteger(quantity) || quantity < 1) throw new BusinessError(53100320, `${where}: invalid quantity`);
      result.quantity = quantity;
    }
    return result;
  }

  function requireTriggerDates(action: Json, where: string): void {
    const names = arrayOf(action.triggerDates).filter(isObject).map((t) => t.name);
    if (!names.includes("ContractEffective")) {
      throw new BusinessError(53100040, `${where}: triggerDates must include ContractEffective`);
    }
  }

  type Outcome = { subscription: FakeSubscription; created: boolean; cancelled: boolean };

  function applyActions(entry: Json, accountNumber: string, index: number): Outcome {
    const actions = arrayOf(entry.orderActions).filter(isObject);
    if (actions.length === 0) throw new BusinessError(53100010, `subscriptions[${index}].orderActions is required`);
    let subscription: FakeSubscription | undefined;
    let created = false;
    let cancelled = false;
    if (typeof entry.subscriptionNumber === "string") {
      const existing = subscriptions.get(entry.subscriptionNumber);
      if (!existing) throw new BusinessError(50000040, `Cannot find subscription ${entry.subscriptionNumber}`);
      if (existing.accountNumber !== accountNumber) throw new BusinessError(53100050, "The subscription does not belong to the account");
      // Work on a copy; the caller stores it only for a real order.
      subscription = { ...existing, plans: existing.plans.map((p) => ({ ...p })) };
    }
    actions.forEach((action, actionIndex) => {
      const where = `subscriptions[${index}].orderActions[${actionIndex}]`;
      requireTriggerDates(action, where);
      switch (action.type) {
        case "CreateSubscription": {
          const create = isObject(action.createSubscription) ? action.createSubscription : {};
          const terms = isObject(create.terms) && isObject(create.terms.initialTerm) ? create.terms.initialTerm : {};
          const termed = terms.termType === "TERMED";
          if (termed && !(Number(terms.period) > 0)) throw new BusinessError(53100320, `${where}: a TERMED subscription needs initialTerm.period`);
          subscription = {
            number: `A-S${next()}`,
            id: hex(16),
            accountNumber,
            termType: termed ? "TERMED" : "EVERGREEN",
            termMonths: termed ? Number(terms.period) : null,
            status: "Active",
            plans: arrayOf(create.subscribeToRatePlans).map((p, i) => planFor(p, `${where}.subscribeToRatePlans[${i}]`)),
          };
          if (subscription.plans.length === 0) throw new BusinessError(53100320, `${where}: subscribeToRatePlans is empty`);
          created = true;
          return;
        }
        case "AddProduct":
          if (!subscription) throw new BusinessError(53100010, `${where}: subscriptionNumber is required`);
          subscription.plans.push(planFor(action.addProduct, `${where}.addProduct`));
          return;
        case "RemoveProduct": {
          if (!subscription) throw new BusinessError(53100010, `${where}: subscriptionNumber is required`);
          const ratePlanId = isObject(action.removeProduct) ? action.removeProduct.ratePlanId : undefined;
          const plan = subscription.plans.find((p) => p.id === ratePlanId && !p.removed);
          if (!plan) throw new BusinessError(53100020, `${where}: invalid ratePlanId ${String(ratePlanId)}`);
          plan.removed = true;
          return;
        }
        case "CancelSubscription": {
          if (!subscription) throw new BusinessError(53100010, `${where}: subscriptionNumber is required`);
          const cancel = isObject(action.cancelSubscription) ? action.cancelSubscription : {};
          const policy = cancel.cancellationPolicy;
          if (policy === "EndOfCurrentTerm" && subscription.termType === "EVERGREEN") {
            throw new BusinessError(53100320, "EndOfCurrentTerm is not valid for an evergreen subscription");
          }
          if (!["EndOfCurrentTerm", "EndOfLastInvoicePeriod", "SpecificDate"].includes(String(policy))) {
            throw new BusinessError(53100320, `${where}: invalid cancellationPolicy`);
          }
          if (policy === "SpecificDate" && typeof cancel.cancellationEffectiveDate !== "string") {
            throw new BusinessError(53100320, `${where}: cancellationEffectiveDate is required`);
          }
          subscription.status = "Cancelled";
          cancelled = true;
          return;
        }
        case "TermsAndConditions":
          if (!subscription) throw new BusinessError(53100010, `${where}: subscriptionNumber is required`);
          return;
        case "RenewSubscription":
          if (!subscription) throw new BusinessError(53100010, `${where}: subscriptionNumber is required`);
          if (subscription.termType !== "TERMED") throw new BusinessError(53100320, "An evergreen subscription cannot be renewed");
          return;
        default:
          throw new BusinessError(53100010, `${where}: unsupported order action type ${String(action.type)}`);
      }
    });
    if (!subscription) throw new BusinessError(53100010, `subscriptions[${index}] has no subscription`);
    return { subscription, created, cancelled };
  }

  function previewInvoices(outcome: Outcome, currency: string, orderDate: string, periods: number): Json[] {
    if (outcome.cancelled) return [];
    const { subscription } = outcome;
    const active = subscription.plans.filter((p) => !p.removed);
    const charges = active.filter((p) => !p.plan.discount);
    const discounts = active.filter((p) => p.plan.discount);
    for (const charge of charges) {
      if (charge.plan.prices[currency] === undefined) {
        throw new BusinessError(53100320, `Rate plan ${charge.plan.productRatePlanId} has no price in ${currency}`);
      }
    }
    const step = charges.some((c) => c.plan.billingPeriod === "Month") ? 1 : charges.some((c) => c.plan.billingPeriod === "Annual") ? 12 : null;
    const start = new Date(`${orderDate}T00:00:00Z`);
    const invoices: Json[] = [];
    const count = step === null ? 1 : periods;
    for (let k = 0; k < count; k += 1) {
      const offset = k * (step ?? 0);
      if (subscription.termMonths !== null && offset >= subscription.termMonths) break;
      const date = addMonthsUtc(start, offset);
      const items: Json[] = [];
      let chargeTotal = 0;
      for (const charge of charges) {
        const billed =
          charge.plan.billingPeriod === "OneTime" ? k === 0 : charge.plan.billingPeriod === "Month" ? true : offset % 12 === 0;
        if (!billed) continue;
        const unit = minorOf(charge.plan.prices[currency] ?? "0", currency);
        const amount = unit * charge.quantity;
        chargeTotal += amount;
        const months = charge.plan.billingPeriod === "Annual" ? 12 : 1;
        const end = charge.plan.billingPeriod === "OneTime" ? date : new Date(addMonthsUtc(date, months).getTime() - 86_400_000);
        items.push(item(charge, currency, date, end, amount, unit, subscription.number, "Charge"));
      }
      for (const discount of discounts) {
        if (discount.upToPeriods !== null && discount.upToPeriods !== undefined && k >= discount.upToPeriods) continue;
        const value = discount.discountValue ?? 0;
        const off =
          discount.plan.discount === "percent"
            ? roundHalfUp(chargeTotal * value, 100)
            : Math.min(minorOf(String(value.toFixed(minorUnitExponent(currency))), currency), chargeTotal);
        if (off > 0) items.push(item(discount, currency, date, date, -off, 0, subscription.number, "Discount"));
      }
      if (items.length === 0) continue;
      const net = items.reduce((sum, i) => sum + (i.__net as number), 0);
      const tax = items.reduce((sum, i) => sum + (i.__tax as number), 0);
      for (const i of items) {
        delete i.__net;
        delete i.__tax;
      }
      invoices.push({
        amount: toNumber(net + tax, currency),
        amountWithoutTax: toNumber(net, currency),
        taxAmount: toNumber(tax, currency),
        targetDate: isoDay(date),
        invoiceItems: items,
      });
    }
    return invoices;
  }

  function item(
    entry: SubscriptionPlan,
    currency: string,
    start: Date,
    end: Date,
    net: number,
    unit: number,
    subscriptionNumber: string,
    processingType: "Charge" | "Discount",
  ): Json {
    const tax = taxRateBps > 0 ? roundHalfUp(net * taxRateBps, 10_000) : 0;
    return {
      serviceStartDate: isoDay(start),
      serviceEndDate: isoDay(end),
      amountWithoutTax: toNumber(net, currency),
      taxAmount: toNumber(tax, currency),
      chargeDescription: "",
      chargeName: processingType === "Discount" ? entry.plan.name : `${entry.plan.name} per unit`,
      chargeNumber: null,
      processingType,
      productName: entry.plan.productName ?? entry.plan.name,
      productRatePlanChargeId: entry.plan.productRatePlanChargeId,
      unitPrice: toNumber(unit, currency),
      subscriptionNumber,
      orderLineItemNumber: null,
      taxationItems: [],
      additionalInfo: { quantity: entry.quantity, unitOfMeasure: "Each", numberOfDeliveries: 0 },
      __net: net,
      __tax: tax,
    };
  }

  function accountFor(body: Json, preview: boolean): { account: FakeAccount; isNew: boolean } {
    if (typeof body.existingAccountNumber === "string") {
      const account = accounts.get(body.existingAccountNumber);
      if (!account) throw new BusinessError(50000040, `Cannot find account ${body.existingAccountNumber}`);
      return { account, isNew: false };
    }
    const info = preview ? body.previewAccountInfo : body.newAccount;
    const other = preview ? "newAccount" : "previewAccountInfo";
    if (body[other] !== undefined) throw new BusinessError(53100010, `${other} is not valid here`);
    if (!isObject(info)) {
      throw new BusinessError(53100010, `${preview ? "previewAccountInfo" : "newAccount"} or existingAccountNumber is required`);
    }
    if (typeof info.currency !== "string") throw new BusinessError(53100010, "currency is required");
    if (typeof info.billCycleDay !== "number") throw new BusinessError(53100010, "billCycleDay is required");
    if (!isObject(info.billToContact)) throw new BusinessError(53100010, "billToContact is required");
    if (!preview && typeof info.name !== "string") throw new BusinessError(53100010, "name is required");
    return {
      account: {
        accountNumber: preview ? "(preview)" : `A${next()}`,
        currency: info.currency,
        name: String(info.name ?? ""),
        billToContact: info.billToContact,
      },
      isNew: true,
    };
  }

  function orders(body: Json, preview: boolean): FakeAnswer {
    if (typeof body.orderDate !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(body.orderDate)) {
      throw new BusinessError(53100010, "orderDate is required (yyyy-mm-dd)");
    }
    let periods = 0;
    if (preview) {
      const previewOptions = isObject(body.previewOptions) ? body.previewOptions : null;
      if (!previewOptions) throw new BusinessError(53100010, "previewOptions is required");
      if (previewOptions.previewThruType !== "NumberOfPeriods") throw new BusinessError(53100320, "the fake supports previewThruType NumberOfPeriods only");
      periods = Number(previewOptions.previewNumberOfPeriods);
      if (!Number.isInteger(periods) || periods < 1) throw new BusinessError(53100320, "previewNumberOfPeriods must be at least 1");
      if (!arrayOf(previewOptions.previewTypes).includes("BillingDocs")) throw new BusinessError(53100320, "previewTypes must include BillingDocs");
    } else if (body.previewOptions !== undefined) {
      throw new BusinessError(53100010, "previewOptions is only valid in a preview");
    }
    const { account, isNew } = accountFor(body, preview);
    const entries = arrayOf(body.subscriptions).filter(isObject);
    if (entries.length === 0) throw new BusinessError(53100010, "subscriptions is required");
    const outcomes = entries.map((entry, index) => applyActions(entry, account.accountNumber, index));

    if (preview) {
      const invoices = outcomes.flatMap((o) => previewInvoices(o, account.currency, body.orderDate as string, periods));
      return { status: 200, json: { success: true, previewResult: { invoices } } };
    }
    // Validate prices the same way a preview would, then store.
    for (const outcome of outcomes) previewInvoices(outcome, account.currency, body.orderDate as string, 1);
    if (isNew) accounts.set(account.accountNumber, account);
    for (const outcome of outcomes) subscriptions.set(outcome.subscription.number, outcome.subscription);
    return {
      status: 200,
      json: {
        success: true,
        orderNumber: `O-${next()}`,
        accountNumber: account.accountNumber,
        status: "Completed",
        subscriptionNumbers: outcomes.map((o) => o.subscription.number),
      },
    };
  }

  function subscriptionAnswer(subscription: FakeSubscription): Json {
    return {
      success: true,
      id: subscription.id,
      subscriptionNumber: subscription.number,
      accountNumber: subscription.accountNumber,
      termType: subscription.termType,
      status: subscription.status,
      ratePlans: subscription.plans.map((p) => ({
        id: p.id,
        productRatePlanId: p.plan.productRatePlanId,
        productName: p.plan.productName ?? p.plan.name,
        ratePlanName: p.plan.name,
        lastChangeType: p.removed ? "Remove" : null,
        ratePlanCharges: [{ id: hex(16), productRatePlanChargeId: p.plan.productRatePlanChargeId, quantity: p.quantity }],
      })),
    };
  }

  function authorized(request: RecordedRequest): boolean {
    const match = /^Bearer (\S+)$/.exec(String(request.headers.authorization ?? ""));
    const expiresAt = match ? tokens.get(match[1] ?? "") : undefined;
    return expiresAt !== undefined && now() < expiresAt;
  }

  function handle(request: RecordedRequest): FakeAnswer {
    const { method, path } = request;
    if (method === "POST" && path === "/oauth/token") {
      const form = new URLSearchParams(request.rawBody);
      if (form.get("grant_type") !== "client_credentials") {
        return { status: 400, json: { error: "unsupported_grant_type" } };
      }
      if (form.get("client_id") !== clientId || form.get("client_secret") !== clientSecret) {
        return { status: 401, json: { error: "invalid_client", error_description: "Invalid client credentials" } };
      }
      const token = hex(16);
      tokens.set(token, now() + ttl * 1000);
      issued += 1;
      return {
        status: 200,
        json: { access_token: token, token_type: "bearer", expires_in: ttl, scope: "entity.fake platform.write", jti: hex(8) },
      };
    }
    if (!path.startsWith("/v1/")) return { status: 404, json: { message: "no such route" } };
    if (!authorized(request)) {
      return { status: 401, json: { success: false, reasons: [{ code: 90000011, message: "This resource is protected, please sign in first" }] } };
    }
    const idempotencyKey = method === "POST" ? request.headers["idempotency-key"] : undefined;
    if (typeof idempotencyKey === "string") {
      const saved = idempotency.get(idempotencyKey);
      if (saved) return saved;
    }
    let answer: FakeAnswer;
    try {
      if (method === "POST" && path === "/v1/orders/preview") answer = orders(jsonBody(request), true);
      else if (method === "POST" && path === "/v1/orders") answer = orders(jsonBody(request), false);
      else if (method === "GET" && path.startsWith("/v1/subscriptions/")) {
        const subscription = subscriptions.get(decodeURIComponent(path.slice("/v1/subscriptions/".length)));
        if (!subscription) throw new BusinessError(50000040, "Cannot find entity by key");
        answer = { status: 200, json: subscriptionAnswer(subscription) };
      } else answer = { status: 404, json: { message: "no such route" } };
    } catch (error) {
      if (!(error instanceof BusinessError)) throw error;
      answer = { status: 200, json: { success: false, processId: hex(8).toUpperCase(), reasons: [{ code: error.code, message: error.message }] } };
    }
    if (typeof idempotencyKey === "string") idempotency.set(idempotencyKey, answer);
    return answer;
  }

  function jsonBody(request: RecordedRequest): Json {
    if (!isObject(request.body)) throw new BusinessError(50000000, "The request body is not valid JSON");
    return request.body;
  }

  const server = await startFakeHttpServer({
    parseBody: (raw, contentType) => (contentType.includes("json") ? (JSON.parse(raw) as unknown) : raw),
    handle,
    failure: () => ({ status: 503, json: { success: false, reasons: [{ code: 50000000, message: "Service temporarily unavailable" }] } }),
  });

  return {
    ...server,
    clientId,
    clientSecret,
    accounts,
    subscriptions,
    registerRatePlan(definition) {
      plans.set(definition.productRatePlanId, {
        ...definition,
        productRatePlanChargeId: definition.productRatePlanChargeId ?? `${definition.productRatePlanId}-charge`,
      });
    },
    setTaxRate(basisPoints) {
      taxRateBps = basisPoints;
    },
    tokensIssued: () => issued,
    revokeTokens: () => tokens.clear(),
    requestsTo: (method, pathPrefix) => server.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix)),
  };
}
