// "Preview an order" and "Create an order" in the Zuora fake: validates the request the way Zuora
// does for the fields the provider sends (account, previewOptions, order actions, trigger dates,
// rate plans and charge overrides) and answers Zuora's shapes. Business errors are thrown as
// BusinessError and answered as HTTP 200 {success: false}.
import type { FakeAnswer } from "../fake-http-server";
import { previewBillingDocuments } from "./fake-billing";
import {
  arrayOf,
  BusinessError,
  type FakeAccount,
  type FakeSubscription,
  hex,
  isObject,
  type Json,
  type Plan,
  type SubscriptionPlan,
  type ZuoraFakeState,
} from "./fake-state";

const MISSING = 53100010;
const INVALID_VALUE = 53100320;
const INVALID_ID = 53100020;
const NOT_FOUND = 50000040;

/** The pricing field a charge override must use for a charge of this model and type (Zuora's). */
function pricingFieldOf(plan: Plan): string {
  const charge = plan.charges[0];
  if (plan.discount) return "discount";
  const when = charge?.type === "OneTime" ? "oneTime" : "recurring";
  return `${when}${charge?.model === "FlatFee" ? "FlatFee" : "PerUnit"}`;
}

function planFor(state: ZuoraFakeState, ratePlan: unknown, where: string): SubscriptionPlan {
  if (!isObject(ratePlan)) throw new BusinessError(INVALID_VALUE, `${where} is not an object`);
  const plan = state.plans.get(String(ratePlan.productRatePlanId ?? ""));
  if (!plan)
    throw new BusinessError(
      INVALID_ID,
      `Invalid product rate plan id: ${String(ratePlan.productRatePlanId)}`,
    );
  if (plan.status !== "Active") {
    throw new BusinessError(
      INVALID_VALUE,
      `${where}: the product rate plan ${plan.productRatePlanNumber} is not active`,
    );
  }
  if (plan.charges.length > 1) {
    throw new BusinessError(INVALID_VALUE, `${where}: the fake bills rate plans of one charge only`);
  }
  const overrides = arrayOf(ratePlan.chargeOverrides).filter(isObject);
  const override = overrides[0];
  if (overrides.length > 1)
    throw new BusinessError(INVALID_VALUE, `${where}: one charge override per charge`);
  if (override && override.productRatePlanChargeId !== plan.productRatePlanChargeId) {
    throw new BusinessError(
      INVALID_ID,
      `Invalid product rate plan charge id: ${String(override.productRatePlanChargeId)}`,
    );
  }
  const pricing = isObject(override?.pricing) ? override.pricing : {};
  const field = pricingFieldOf(plan);
  const stray = Object.keys(pricing).filter((key) => key !== field);
  if (stray.length > 0) {
    throw new BusinessError(
      INVALID_VALUE,
      `${where}: pricing.${stray[0]} does not fit the charge ${plan.productRatePlanChargeNumber} (model ${plan.charges[0]?.model})`,
    );
  }
  const result: SubscriptionPlan = { id: hex(16), plan, quantity: 1, removed: false };
  if (plan.discount) {
    const discount = isObject(pricing.discount) ? pricing.discount : {};
    const value = plan.discount === "percent" ? discount.discountPercentage : discount.discountAmount;
    if (typeof value !== "number")
      throw new BusinessError(INVALID_VALUE, `${where}: the discount value is required`);
    const endDate = isObject(override?.endDate) ? override.endDate : null;
    result.discountValue = value;
    result.upToPeriods = endDate?.endDateCondition === "Fixed_Period" ? Number(endDate.upToPeriods) : null;
    return result;
  }
  const perUnit = pricing[field];
  if (plan.chargeModel === "PerUnit" && isObject(perUnit) && perUnit.quantity !== undefined) {
    const quantity = Number(perUnit.quantity);
    if (!Number.isInteger(quantity) || quantity < 1)
      throw new BusinessError(INVALID_VALUE, `${where}: invalid quantity`);
    result.quantity = quantity;
  }
  return result;
}

/**
 * A subscription whose invoices go to another account than its owner's (CreateSubscription's
 * `invoiceOwnerAccountNumber`); without it, the owner is invoiced.
 */
export type InvoicedSubscription = FakeSubscription & { invoiceOwnerAccountNumber?: string };

/** The account a subscription's invoices go to: its invoice owner, else its owner. */
export function invoiceOwnerOf(subscription: FakeSubscription): string {
  return (subscription as InvoicedSubscription).invoiceOwnerAccountNumber ?? subscription.accountNumber;
}

type Outcome = { subscription: InvoicedSubscription; cancelled: boolean };

/**
 * `invoiceOwnerAccountNumber`: an existing account of the tenant (Zuora refuses an unknown one),
 * in the subscription owner's currency (the fake knows no Multiple Currencies feature).
 */
function invoiceOwnerFor(
  state: ZuoraFakeState,
  create: Json,
  owner: FakeAccount,
  where: string,
): FakeAccount | null {
  const number = create.invoiceOwnerAccountNumber;
  if (number === undefined) return null;
  if (typeof number !== "string" || number === "")
    throw new BusinessError(INVALID_VALUE, `${where}: invoiceOwnerAccountNumber must be an account number`);
  const account = state.accounts.get(number);
  if (!account) throw new BusinessError(NOT_FOUND, `Cannot find account ${number}`);
  if (account.currency !== owner.currency) {
    throw new BusinessError(
      INVALID_VALUE,
      `${where}: the invoice owner account ${number} bills in ${account.currency}, the subscription owner account in ${owner.currency}`,
    );
  }
  return account;
}

function createSubscription(
  state: ZuoraFakeState,
  action: Json,
  owner: FakeAccount,
  where: string,
): InvoicedSubscription {
  const create = isObject(action.createSubscription) ? action.createSubscription : {};
  const invoiceOwner = invoiceOwnerFor(state, create, owner, `${where}.createSubscription`);
  const initial =
    isObject(create.terms) && isObject(create.terms.initialTerm) ? create.terms.initialTerm : {};
  const termed = initial.termType === "TERMED";
  if (termed && !(Number(initial.period) > 0))
    throw new BusinessError(INVALID_VALUE, `${where}: a TERMED subscription needs initialTerm.period`);
  const plans = arrayOf(create.subscribeToRatePlans).map((p, i) =>
    planFor(state, p, `${where}.subscribeToRatePlans[${i}]`),
  );
  if (plans.length === 0) throw new BusinessError(INVALID_VALUE, `${where}: subscribeToRatePlans is empty`);
  return {
    number: `A-S${state.next()}`,
    id: hex(16),
    accountNumber: owner.accountNumber,
    ...(invoiceOwner ? { invoiceOwnerAccountNumber: invoiceOwner.accountNumber } : {}),
    termType: termed ? "TERMED" : "EVERGREEN",
    termMonths: termed ? Number(initial.period) : null,
    status: "Active",
    plans,
  };
}

function applyAction(
  state: ZuoraFakeState,
  action: Json,
  subscription: FakeSubscription,
  where: string,
): boolean {
  switch (action.type) {
    case "AddProduct":
      subscription.plans.push(planFor(state, action.addProduct, `${where}.addProduct`));
      return false;
    case "RemoveProduct": {
      const ratePlanId = isObject(action.removeProduct) ? action.removeProduct.ratePlanId : undefined;
      const plan = subscription.plans.find((p) => p.id === ratePlanId && !p.removed);
      if (!plan) throw new BusinessError(INVALID_ID, `${where}: invalid ratePlanId ${String(ratePlanId)}`);
      plan.removed = true;
      return false;
    }
    case "CancelSubscription": {
      const cancel = isObject(action.cancelSubscription) ? action.cancelSubscription : {};
      const policy = String(cancel.cancellationPolicy);
      if (!["EndOfCurrentTerm", "EndOfLastInvoicePeriod", "SpecificDate"].includes(policy)) {
        throw new BusinessError(INVALID_VALUE, `${where}: invalid cancellationPolicy`);
      }
      if (policy === "EndOfCurrentTerm" && subscription.termType === "EVERGREEN") {
        throw new BusinessError(INVALID_VALUE, "EndOfCurrentTerm is not valid for an evergreen subscription");
      }
      if (policy === "SpecificDate" && typeof cancel.cancellationEffectiveDate !== "string") {
        throw new BusinessError(MISSING, `${where}: cancellationEffectiveDate is required`);
      }
      subscription.status = "Cancelled";
      return true;
    }
    case "TermsAndConditions":
      return false;
    case "RenewSubscription":
      if (subscription.termType !== "TERMED")
        throw new BusinessError(INVALID_VALUE, "An evergreen subscription cannot be renewed");
      return false;
    default:
      throw new BusinessError(MISSING, `${where}: unsupported order action type ${String(action.type)}`);
  }
}

function applyActions(state: ZuoraFakeState, entry: Json, account: FakeAccount, index: number): Outcome {
  const { accountNumber } = account;
  const actions = arrayOf(entry.orderActions).filter(isObject);
  if (actions.length === 0)
    throw new BusinessError(MISSING, `subscriptions[${index}].orderActions is required`);
  let subscription: InvoicedSubscription | undefined;
  if (typeof entry.subscriptionNumber === "string") {
    const existing = state.subscriptions.get(entry.subscriptionNumber);
    if (!existing) throw new BusinessError(NOT_FOUND, `Cannot find subscription ${entry.subscriptionNumber}`);
    if (existing.accountNumber !== accountNumber)
      throw new BusinessError(INVALID_VALUE, "The subscription does not belong to the account");
    // Work on a copy: only a created order stores it.
    subscription = { ...existing, plans: existing.plans.map((p) => ({ ...p })) };
  }
  let cancelled = false;
  actions.forEach((action, actionIndex) => {
    const where = `subscriptions[${index}].orderActions[${actionIndex}]`;
    const triggers = arrayOf(action.triggerDates)
      .filter(isObject)
      .map((t) => t.name);
    if (!triggers.includes("ContractEffective")) {
      throw new BusinessError(MISSING, `${where}: triggerDates must include ContractEffective`);
    }
    if (action.type === "CreateSubscription") {
      subscription = createSubscription(state, action, account, where);
      return;
    }
    if (!subscription) throw new BusinessError(MISSING, `${where}: subscriptionNumber is required`);
    cancelled = applyAction(state, action, subscription, where) || cancelled;
  });
  if (!subscription) throw new BusinessError(MISSING, `subscriptions[${index}] has no subscription`);
  return { subscription, cancelled };
}

function accountFor(
  state: ZuoraFakeState,
  body: Json,
  preview: boolean,
): { account: FakeAccount; isNew: boolean } {
  if (typeof body.existingAccountNumber === "string") {
    const account = state.accounts.get(body.existingAccountNumber);
    if (!account) throw new BusinessError(NOT_FOUND, `Cannot find account ${body.existingAccountNumber}`);
    return { account, isNew: false };
  }
  const field = preview ? "previewAccountInfo" : "newAccount";
  const wrongField = preview ? "newAccount" : "previewAccountInfo";
  if (body[wrongField] !== undefined)
    throw new BusinessError(INVALID_VALUE, `${wrongField} is not valid here`);
  const info = body[field];
  if (!isObject(info)) throw new BusinessError(MISSING, `${field} or existingAccountNumber is required`);
  if (typeof info.currency !== "string") throw new BusinessError(MISSING, `${field}.currency is required`);
  if (typeof info.billCycleDay !== "number")
    throw new BusinessError(MISSING, `${field}.billCycleDay is required`);
  if (!isObject(info.billToContact)) throw new BusinessError(MISSING, `${field}.billToContact is required`);
  if (!preview && typeof info.name !== "string")
    throw new BusinessError(MISSING, "newAccount.name is required");
  return {
    account: {
      accountNumber: preview ? "(preview)" : `A${state.next()}`,
      currency: info.currency,
      name: String(info.name ?? ""),
      billToContact: info.billToContact,
    },
    isNew: true,
  };
}

function previewPeriods(body: Json): number {
  const options = isObject(body.previewOptions) ? body.previewOptions : null;
  if (!options) throw new BusinessError(MISSING, "previewOptions is required");
  if (options.previewThruType !== "NumberOfPeriods") {
    throw new BusinessError(INVALID_VALUE, "the fake supports previewThruType NumberOfPeriods only");
  }
  const periods = Number(options.previewNumberOfPeriods);
  if (!Number.isInteger(periods) || periods < 1)
    throw new BusinessError(INVALID_VALUE, "previewNumberOfPeriods must be at least 1");
  if (!arrayOf(options.previewTypes).includes("BillingDocs"))
    throw new BusinessError(INVALID_VALUE, "previewTypes must include BillingDocs");
  return periods;
}

/**
 * Zuora-Version 223.0 changed the answer of "Create an order": up to 222.4 it lists
 * `subscriptionNumbers`; from 223.0 on, `subscriptions` with each one's number and status.
 * Zuora's own minimum applies when the header is absent, so that is the old shape too.
 */
function answersWithSubscriptionObjects(version: string | undefined): boolean {
  const [major = 0, minor = 0] = (version ?? "").split(".").map(Number);
  return major > 223 || (major === 223 && minor >= 0);
}

export function handleOrder(
  state: ZuoraFakeState,
  body: Json,
  preview: boolean,
  version?: string,
  /** The `returnIds=true` query parameter: Zuora adds each subscription's id only when asked. */
  returnIds = false,
): FakeAnswer {
  if (typeof body.orderDate !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(body.orderDate)) {
    throw new BusinessError(MISSING, "orderDate is required (yyyy-mm-dd)");
  }
  const orderDate = body.orderDate;
  if (!preview && body.previewOptions !== undefined)
    throw new BusinessError(INVALID_VALUE, "previewOptions is only valid in a preview");
  const periods = preview ? previewPeriods(body) : 1;
  const { account, isNew } = accountFor(state, body, preview);
  const entries = arrayOf(body.subscriptions).filter(isObject);
  if (entries.length === 0) throw new BusinessError(MISSING, "subscriptions is required");
  const outcomes = entries.map((entry, index) => applyActions(state, entry, account, index));
  // A cancelled subscription bills nothing more (credits for unused time are not modelled). The
  // invoices are the invoice owner's: in its currency (checked to be the owner's when it was named).
  const currencyOf = (subscription: FakeSubscription) =>
    state.accounts.get(invoiceOwnerOf(subscription))?.currency ?? account.currency;
  const documents = outcomes.map((o) =>
    o.cancelled
      ? { invoices: [], creditMemos: [] }
      : previewBillingDocuments(state, o.subscription, currencyOf(o.subscription), orderDate, periods),
  );
  const invoices = documents.flatMap((d) => d.invoices);
  const creditMemos = documents.flatMap((d) => d.creditMemos);
  // Credit memos exist only where Invoice Settlement is on; Zuora leaves the field out otherwise.
  const previewResult = state.invoiceSettlement ? { invoices, creditMemos } : { invoices };
  if (preview) return { status: 200, json: { success: true, previewResult } };

  if (isNew) state.accounts.set(account.accountNumber, account);
  for (const outcome of outcomes) state.subscriptions.set(outcome.subscription.number, outcome.subscription);
  return {
    status: 200,
    json: {
      success: true,
      orderNumber: `O-${state.next()}`,
      accountNumber: account.accountNumber,
      status: "Completed",
      ...(answersWithSubscriptionObjects(version)
        ? {
            subscriptions: outcomes.map((o) => ({
              subscriptionNumber: o.subscription.number,
              ...(returnIds ? { subscriptionId: o.subscription.id } : {}),
              status: o.subscription.status,
            })),
          }
        : { subscriptionNumbers: outcomes.map((o) => o.subscription.number) }),
    },
  };
}
