// ProviderOrderRequest -> the body of Zuora's "Preview an order" (POST /v1/orders/preview) and
// "Create an order" (POST /v1/orders), shapes as in Zuora's v1 API reference:
//   - a new customer is `previewAccountInfo` in a preview and `newAccount` in a create; a known one
//     is `existingAccountNumber` in both;
//   - subscriptions[].orderActions[] with type CreateSubscription / AddProduct / RemoveProduct /
//     CancelSubscription / TermsAndConditions / RenewSubscription and their same-named objects;
//   - previewOptions: 12 billing periods of billing documents (the schedule the API promises);
//   - all three trigger dates are set to the order date, so tenants that require service
//     activation or customer acceptance do not leave the order Pending.
//   - a partner that owns the invoice: the new subscription's `invoiceOwnerAccountNumber` is the
//     partner's own Zuora account, the end customer's account (new or existing) owning the
//     subscription (partner-invoice-owner.ts); later orders keep that invoice owner.
// Choices: one subscription per order; TERMED for the longest offer term when every recurring
// offer has one, else EVERGREEN; renewals are explicit orders (autoRenew false); a change_offer
// removes every current rate plan and adds the new offers; billing runs on Zuora's bill runs
// (no processingOptions), so an order never fails on invoicing or payment.
import { formatMinorUnits } from "../../domain/money";
import type { ProviderCustomer, ProviderOfferLine, ProviderOrderRequest } from "./billing-provider";
import { partnerInvoiceAccount } from "./partner-invoice-owner";
import { zuoraDiscountPlanFor, zuoraRatePlanFor } from "./zuora-catalogue";

export const ZUORA_PREVIEW_PERIODS = 12;

type Json = Record<string, unknown>;

function isoDate(date: string): string {
  return date.slice(0, 10);
}

function triggerDates(date: string): Json[] {
  return ["ContractEffective", "ServiceActivation", "CustomerAcceptance"].map((name) => ({
    name,
    triggerDate: date,
  }));
}

function address(customer: ProviderCustomer, country: string): Json {
  const parts = customer.address ?? {};
  const fields: Json = {
    address1: parts.address1,
    address2: parts.address2,
    city: parts.city,
    state: parts.state,
    postalCode: parts.postalCode,
    country: parts.country ?? country,
  };
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined && value !== ""),
  );
}

/** A preview takes the address only (PreviewContactInfo: it decides tax); an account, the person too. */
function contact(customer: ProviderCustomer, country: string): Json {
  const person: Json = {
    firstName: customer.firstName,
    lastName: customer.lastName,
    workEmail: customer.email,
    workPhone: customer.address?.phone,
  };
  const defined = Object.entries(person).filter(([, value]) => value !== undefined && value !== "");
  return { ...Object.fromEntries(defined), ...address(customer, country) };
}

function billCycleDay(orderDate: string): number {
  return Number(orderDate.slice(8, 10)) || 1;
}

function accountPart(request: ProviderOrderRequest, mode: "preview" | "create"): Json {
  const existing = request.customer.providerCustomerId;
  if (existing) return { existingAccountNumber: existing };
  const account = { currency: request.currency, billCycleDay: billCycleDay(request.orderDate) };
  if (mode === "preview") {
    return { previewAccountInfo: { ...account, billToContact: address(request.customer, request.country) } };
  }
  return {
    newAccount: {
      name: `${request.customer.firstName} ${request.customer.lastName}`.trim(),
      ...account,
      billToContact: contact(request.customer, request.country),
      autoPay: false,
      notes: `Partner ${request.partner.slug}`,
    },
  };
}

/** assertMappedInZuora (zuora-catalogue.ts) has refused an order without ids before this runs. */
function mapped<T>(ref: T | null, what: string): T {
  if (ref === null) throw new Error(`${what} has no Zuora rate plan`);
  return ref;
}

function ratePlan(line: ProviderOfferLine): Json {
  const { productRatePlanId, productRatePlanChargeId } = mapped(
    zuoraRatePlanFor(line.offer),
    `offer ${line.offer.id}`,
  );
  const perUnit = line.offer.billingPeriod === "once" ? "oneTimePerUnit" : "recurringPerUnit";
  return {
    productRatePlanId,
    chargeOverrides: [{ productRatePlanChargeId, pricing: { [perUnit]: { quantity: line.quantity } } }],
  };
}

function discountPlan(request: ProviderOrderRequest): Json[] {
  const { discount } = request;
  if (!discount) return [];
  const { productRatePlanId, productRatePlanChargeId } = mapped(
    zuoraDiscountPlanFor(discount),
    `discount code ${discount.code}`,
  );
  const value =
    discount.kind === "percent"
      ? { discountPercentage: discount.percentOff ?? 0 }
      : { discountAmount: Number(formatMinorUnits(discount.amountOff ?? 0, request.currency)) };
  return [
    {
      productRatePlanId,
      chargeOverrides: [
        {
          productRatePlanChargeId,
          pricing: { discount: value },
          ...(discount.durationPeriods === null
            ? {}
            : {
                endDate: {
                  endDateCondition: "Fixed_Period",
                  upToPeriodsType: "Billing_Periods",
                  upToPeriods: discount.durationPeriods,
                },
              }),
        },
      ],
    },
  ];
}

function terms(lines: readonly ProviderOfferLine[]): Json {
  const recurring = lines.filter((line) => line.offer.billingPeriod !== "once");
  const termMonths = recurring.map((line) => line.offer.termMonths);
  if (recurring.length === 0 || termMonths.some((months) => months === null)) {
    return { initialTerm: { termType: "EVERGREEN" } };
  }
  const period = Math.max(...(termMonths as number[]));
  return {
    initialTerm: { termType: "TERMED", period, periodType: "Month" },
    renewalSetting: "RENEW_WITH_SPECIFIC_TERM",
    renewalTerms: [{ period, periodType: "Month" }],
    autoRenew: false,
  };
}

/** The order actions of one order; `currentRatePlanIds` are the subscription's (change_offer). */
export function zuoraOrderActions(
  request: ProviderOrderRequest,
  currentRatePlanIds: readonly string[],
): Json[] {
  const date = isoDate(request.orderDate);
  const action = (type: string, detail: Json = {}): Json => ({
    type,
    triggerDates: triggerDates(date),
    ...detail,
  });
  const addProducts = () => [
    ...request.lines.map((line) => action("AddProduct", { addProduct: ratePlan(line) })),
    ...discountPlan(request).map((plan) => action("AddProduct", { addProduct: plan })),
  ];

  switch (request.orderType) {
    case "new": {
      const invoiceOwner = partnerInvoiceAccount(request, "zuora");
      return [
        action("CreateSubscription", {
          createSubscription: {
            ...(invoiceOwner ? { invoiceOwnerAccountNumber: invoiceOwner } : {}),
            terms: terms(request.lines),
            subscribeToRatePlans: [...request.lines.map(ratePlan), ...discountPlan(request)],
          },
        }),
      ];
    }
    case "add_offer":
      return addProducts();
    case "change_offer":
      return [
        ...currentRatePlanIds.map((ratePlanId) => action("RemoveProduct", { removeProduct: { ratePlanId } })),
        ...addProducts(),
      ];
    case "cancel": {
      const immediately = request.cancel?.effective === "immediately";
      const rolling = !request.subscription?.termEnd;
      return [
        action("CancelSubscription", {
          cancelSubscription: immediately
            ? { cancellationPolicy: "SpecificDate", cancellationEffectiveDate: date }
            : { cancellationPolicy: rolling ? "EndOfLastInvoicePeriod" : "EndOfCurrentTerm" },
        }),
      ];
    }
    case "renew": {
      const months = request.renew?.termMonths;
      const newTerm = months
        ? [
            action("TermsAndConditions", {
              termsAndConditions: {
                renewalSetting: "RENEW_WITH_SPECIFIC_TERM",
                renewalTerms: [{ period: months, periodType: "Month" }],
              },
            }),
          ]
        : [];
      return [...newTerm, action("RenewSubscription", { renewSubscription: {} })];
    }
  }
}

export function zuoraOrderBody(
  request: ProviderOrderRequest,
  mode: "preview" | "create",
  currentRatePlanIds: readonly string[] = [],
): Json {
  const subscriptionNumber = request.subscription?.providerSubscriptionId;
  // Refused (PARTNER_BILLING_ACCOUNT_MISSING) before anything else is built or Zuora is asked.
  partnerInvoiceAccount(request, "zuora");
  return {
    orderDate: isoDate(request.orderDate),
    description: `Partner order (${request.orderType}) for ${request.partner.slug}`,
    ...accountPart(request, mode),
    ...(mode === "preview"
      ? {
          previewOptions: {
            previewThruType: "NumberOfPeriods",
            previewNumberOfPeriods: ZUORA_PREVIEW_PERIODS,
            previewTypes: ["BillingDocs"],
          },
        }
      : {}),
    subscriptions: [
      {
        ...(request.orderType === "new" || !subscriptionNumber ? {} : { subscriptionNumber }),
        orderActions: zuoraOrderActions(request, currentRatePlanIds),
      },
    ],
  };
}
