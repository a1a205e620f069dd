// The answers of the API, as zod schemas: the OpenAPI document is generated from them and the
// contract tests parse every real answer with them. They are STRICT on purpose: an extra field in
// an answer fails the contract tests, so nothing internal (partner ids, hashes, provider secrets)
// can leak into an answer unnoticed, and a renamed field cannot slip through. The one exception is
// problem+json, whose extension members RFC 9457 explicitly allows.
// Money is always an integer count of minor units; every amount here is non-negative.

import { z } from "zod";
import { ELIGIBILITY_CODE_VALUES } from "./eligibility-codes";
import {
  BILLING_PERIODS,
  BILLING_PROVIDERS,
  ORDER_FAILURE_CODES,
  ORDER_STATUSES,
  ORDER_TYPES,
} from "./enums";
import { ORDER_ID_PATTERN, OWNER_ID_PATTERN, REFERENCE_PATTERN } from "./identifiers";
import { CURRENCY_CODE_PATTERN } from "./money";

export const amountSchema = z.int().nonnegative().describe("Integer amount in the currency's minor unit");
export const currencySchema = z.string().regex(CURRENCY_CODE_PATTERN).describe("ISO 4217 currency code");
export const isoDateSchema = z.iso.date();
export const isoDateTimeSchema = z.iso.datetime({ offset: true });
export const billingPeriodSchema = z.enum(BILLING_PERIODS);

export const fractionSchema = z.strictObject({
  numerator: z.int().nonnegative(),
  denominator: z.int().positive(),
});

export const pricedOfferRefSchema = z.strictObject({
  id: z.string(),
  version: z.int().positive(),
  name: z.string(),
});

export const pricedLineItemSchema = z.strictObject({
  offer: pricedOfferRefSchema,
  description: z.string(),
  quantity: z.int().positive(),
  unitAmount: amountSchema,
  billingPeriod: billingPeriodSchema,
  periodStart: isoDateSchema.nullable(),
  periodEnd: isoDateSchema.nullable(),
  proration: fractionSchema.nullable(),
  amountWithoutTax: amountSchema,
  discountAmount: amountSchema,
  creditAmount: amountSchema,
  taxAmount: amountSchema,
  amount: amountSchema,
});

export const pricedCreditSchema = z.strictObject({
  offer: pricedOfferRefSchema,
  description: z.string(),
  quantity: z.int().positive(),
  unitAmount: amountSchema,
  billingPeriod: billingPeriodSchema,
  proration: fractionSchema,
  amount: amountSchema,
});

export const scheduleEntrySchema = z.strictObject({
  date: isoDateSchema,
  currency: currencySchema,
  amountWithoutTax: amountSchema,
  discountAmount: amountSchema,
  creditAmount: amountSchema,
  taxAmount: amountSchema,
  amount: amountSchema,
  lineItems: z.array(pricedLineItemSchema),
});

/** What priceOrder returns (pricing.ts); the preview answer and an order's detail embed it. */
export const pricingResultSchema = z.strictObject({
  currency: currencySchema,
  country: z
    .string()
    .length(2)
    .nullable()
    .describe("The order's country; null when unknown (a change to a subscription that was not found)"),
  taxRateBps: z.int().min(0).max(10_000),
  lineItems: z.array(pricedLineItemSchema),
  subtotal: amountSchema,
  discountTotal: amountSchema,
  creditTotal: amountSchema,
  taxTotal: amountSchema,
  total: amountSchema,
  credits: z.array(pricedCreditSchema),
  creditCarriedForward: amountSchema,
  schedule: z.array(scheduleEntrySchema),
});

export const eligibilityProblemSchema = z.strictObject({
  code: z.enum(ELIGIBILITY_CODE_VALUES),
  message: z.string(),
  path: z.string().describe('Dotted path of the field at fault, "" for the whole order'),
});

export const eligibilitySchema = z.strictObject({
  eligible: z.boolean(),
  problems: z.array(eligibilityProblemSchema),
});

/** POST /partner/order/preview */
export const previewResponseSchema = pricingResultSchema.extend({
  billingProvider: z.enum(BILLING_PROVIDERS),
  eligibility: eligibilitySchema,
  providerResult: z.record(z.string(), z.unknown()).describe("The billing provider's own answer, unchanged"),
});

/** POST /partner/order */
export const submitResponseSchema = z.strictObject({
  id: z.string().regex(ORDER_ID_PATTERN),
  order_reference: z.string().regex(REFERENCE_PATTERN),
  status: z.enum(ORDER_STATUSES),
  external_id: z.string().nullable(),
  subscriptionReference: z.string().regex(REFERENCE_PATTERN),
  owner: z.string().regex(OWNER_ID_PATTERN),
  created_at: isoDateTimeSchema,
  total: amountSchema,
  currency: currencySchema,
});

// The list row and the detail mirror server/features/orders/order-view.ts and get-order.ts as written; if
// those change, the contract tests fail and this is the one place to update.

export const orderListCustomerSchema = z.strictObject({
  owner: z.string().regex(OWNER_ID_PATTERN),
  email: z.string(),
  name: z.string(),
});

export const orderCreatedBySchema = z.strictObject({
  kind: z.enum(["user", "api_client"]),
  id: z.string(),
  name: z.string(),
});

/** One row of GET /partner/orders. */
export const orderListItemSchema = submitResponseSchema.extend({
  subscriptionReference: z.string().regex(REFERENCE_PATTERN).nullable(),
  order_type: z.enum(ORDER_TYPES),
  subtotal: amountSchema,
  discount_total: amountSchema,
  tax_total: amountSchema,
  billing_provider: z.enum(BILLING_PROVIDERS),
  attempts: z
    .int()
    .nonnegative()
    .describe("Attempts to process this order so far (1 for one processed at once)"),
  processed_at: isoDateTimeSchema.nullable().describe("When the order became complete or failed"),
  failure: z
    .strictObject({
      code: z.enum(ORDER_FAILURE_CODES),
      message: z.string(),
    })
    .nullable()
    .describe("Why a failed order failed, fit to show; null unless status is failed"),
  customer: orderListCustomerSchema,
  created_by: orderCreatedBySchema.nullable(),
});

/** An order line as stored (the OrderItem row). */
export const storedOrderItemSchema = z.strictObject({
  offer: z.strictObject({ id: z.string(), version: z.int().positive() }),
  description: z.string(),
  quantity: z.int().positive(),
  unitAmount: amountSchema,
  amountWithoutTax: amountSchema,
  discountAmount: amountSchema,
  taxAmount: amountSchema,
  amount: amountSchema,
  billingPeriod: billingPeriodSchema,
});

export const orderAuditEntrySchema = z.strictObject({
  action: z.string(),
  actor: z.strictObject({ kind: z.enum(["user", "api_client", "system"]), id: z.string().nullable() }),
  at: isoDateTimeSchema,
  data: z.unknown(),
});

/** GET /partner/order/{id}: the list row plus the lines, the priced schedule and the audit trail. */
export const orderDetailSchema = orderListItemSchema.extend({
  items: z.array(storedOrderItemSchema),
  schedule: z.array(scheduleEntrySchema),
  audit: z.array(orderAuditEntrySchema),
});

/** GET /partner/orders */
export const orderListResponseSchema = z.strictObject({
  items: z.array(orderListItemSchema),
  next_cursor: z.string().nullable(),
});

export const offerPriceSchema = z.strictObject({
  currency: currencySchema,
  unitAmount: amountSchema,
});

/** One offer of GET /partner/offers: the latest published version this partner may sell. */
export const listedOfferSchema = z.strictObject({
  id: z.string(),
  version: z.int().positive(),
  name: z.string(),
  description: z.string().nullable(),
  productCode: z.string(),
  billingPeriod: billingPeriodSchema,
  termMonths: z.int().positive().nullable(),
  minQuantity: z.int().positive(),
  maxQuantity: z.int().positive().nullable(),
  addOn: z.boolean(),
  countries: z.array(z.string().length(2)).nullable().describe("null: sold in every country"),
  prices: z.array(offerPriceSchema),
});

/** GET /partner/offers */
export const offerListResponseSchema = z.strictObject({
  items: z.array(listedOfferSchema),
});

export const fieldErrorSchema = z.strictObject({
  path: z.string(),
  message: z.string(),
});

/** application/problem+json (RFC 9457); extension members are allowed. */
export const problemDetailsSchema = z.looseObject({
  type: z.string().describe('A URI identifying the problem type, or "about:blank"'),
  title: z.string(),
  status: z.int().min(400).max(599),
  detail: z.string(),
  instance: z.string(),
  message: z.string().describe("Repeats detail for clients that read only `message`"),
  errors: z.array(fieldErrorSchema).optional(),
  problems: z.array(eligibilityProblemSchema).optional(),
});

export type PricingResultResponse = z.output<typeof pricingResultSchema>;
export type PreviewResponse = z.output<typeof previewResponseSchema>;
export type SubmitResponse = z.output<typeof submitResponseSchema>;
export type OrderListItem = z.output<typeof orderListItemSchema>;
export type OrderDetail = z.output<typeof orderDetailSchema>;
export type OrderListResponse = z.output<typeof orderListResponseSchema>;
export type ListedOffer = z.output<typeof listedOfferSchema>;
export type OfferListResponse = z.output<typeof offerListResponseSchema>;
export type ProblemDetails = z.output<typeof problemDetailsSchema>;
