// The order request body (docs/partner-api.md, "The order body"), shared by REST, tRPC and the
// portal's forms.
//
// Decision: every object is STRICT. An unknown field is a 400 naming its path instead of being
// silently dropped, so a client can never believe it set partner, owner (other than through
// customer.owner), status, price, unitAmount or total: those come from the credentials and the
// catalogue, never from the body. It also catches typos ("quantitiy") that would otherwise pass.
//
// Every string has a length cap so a huge body fails fast with a clear message; the body-size
// limit (256 KiB) is the outer guard, these are the per-field ones. Strings are trimmed, codes are
// upper-cased (country, currency, subscription reference) and owner ids lower-cased.

import { z } from "zod";
import { isCountryCode } from "./countries";
import { CANCEL_EFFECTIVE, ORDER_TYPES } from "./enums";
import { OWNER_ID_PATTERN, REFERENCE_PATTERN } from "./identifiers";
import { CURRENCY_CODE_PATTERN } from "./money";

export { type FieldError, zodErrorToFieldErrors } from "./validation-errors";

export const LIMITS = {
  name: 200,
  email: 254,
  phone: 40,
  company: 200,
  addressLine: 200,
  city: 100,
  state: 100,
  postalCode: 20,
  offerId: 100,
  externalId: 255,
  discountCode: 64,
  reason: 500,
  orderItems: 50,
  quantity: 100_000,
  renewTermMonths: 120,
} as const;

const tooLong = (max: number) => `must be at most ${max} characters`;

const text = (max: number) => z.string().trim().max(max, tooLong(max));
const requiredText = (max: number) => text(max).min(1, "must not be empty");

export const emailSchema = z
  .string()
  .trim()
  .max(LIMITS.email, tooLong(LIMITS.email))
  .pipe(z.email({ error: "must be an email address" }));

export const countryCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, { error: "must be an ISO 3166-1 alpha-2 country code, e.g. GB" });

export const currencyCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(CURRENCY_CODE_PATTERN, { error: "must be an ISO 4217 currency code, e.g. GBP" });

export const isoDateOrDateTimeSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: "must be an ISO 8601 date (2025-01-31) or date-time with offset (2025-01-31T09:00:00Z)",
});

export const ownerIdSchema = z
  .string()
  .trim()
  .max(64, tooLong(64))
  .toLowerCase()
  .regex(OWNER_ID_PATTERN, { error: 'must be an owner id: "id-" and 32 hex digits' });

export const subscriptionReferenceSchema = z
  .string()
  .trim()
  .max(32, tooLong(32))
  .toUpperCase()
  .regex(REFERENCE_PATTERN, { error: "must be a 12-character subscription reference (A-Z, 0-9)" });

/** An address; every field optional (delivery details may be partial). */
export const addressSchema = z.strictObject({
  firstName: text(LIMITS.name).optional(),
  lastName: text(LIMITS.name).optional(),
  email: emailSchema.optional(),
  phone: text(LIMITS.phone).optional(),
  company: text(LIMITS.company).optional(),
  address1: text(LIMITS.addressLine).optional(),
  address2: text(LIMITS.addressLine).optional(),
  city: text(LIMITS.city).optional(),
  state: text(LIMITS.state).optional(),
  postalCode: text(LIMITS.postalCode).optional(),
  country: countryCodeSchema.optional(),
});

/** The billing address must be complete enough to invoice: address1, city, postalCode, country. */
export const billingDetailsSchema = addressSchema.extend({
  address1: requiredText(LIMITS.addressLine),
  city: requiredText(LIMITS.city),
  postalCode: requiredText(LIMITS.postalCode),
  country: countryCodeSchema,
});

export const orderItemSchema = z.strictObject({
  offer: z.strictObject({
    id: requiredText(LIMITS.offerId),
    version: z.int({ error: "must be a whole number" }).min(1, "must be 1 or more").optional(),
  }),
  quantity: z
    .int({ error: "must be a whole number" })
    .min(1, "must be at least 1")
    .max(LIMITS.quantity, `must be at most ${LIMITS.quantity}`),
});

export const orderItemsSchema = z
  .array(orderItemSchema, { error: "must be a list of order items" })
  .min(1, "must have at least one item")
  .max(LIMITS.orderItems, `must have at most ${LIMITS.orderItems} items`);

export const customerDetailsSchema = z.strictObject({
  firstName: requiredText(LIMITS.name),
  lastName: requiredText(LIMITS.name),
  email: emailSchema,
  phone: text(LIMITS.phone).optional(),
});

export const existingCustomerSchema = z.strictObject({ owner: ownerIdSchema });

export const forSubscriptionSchema = z.strictObject({ reference: subscriptionReferenceSchema });

export const orderDiscountSchema = z.strictObject({
  code: requiredText(LIMITS.discountCode).toUpperCase(),
});

/** Fields every variant accepts. */
const commonFields = {
  external_id: z
    .string()
    .min(1, "must not be empty")
    .max(LIMITS.externalId, tooLong(LIMITS.externalId))
    .optional(),
  orderDate: isoDateOrDateTimeSchema.optional(),
  process_immediately: z.boolean().default(true),
};

export const newOrderSchema = z
  .strictObject({
    order_type: z.literal("new"),
    orderItems: orderItemsSchema,
    customerDetails: customerDetailsSchema.optional(),
    customer: existingCustomerSchema.optional(),
    billingDetails: billingDetailsSchema,
    deliveryDetails: addressSchema.optional(),
    country: countryCodeSchema,
    /** Project addition: absent means derived (see currency.ts). */
    currency: currencyCodeSchema.optional(),
    orderDiscount: orderDiscountSchema.optional(),
    ...commonFields,
  })
  .superRefine((order, ctx) => {
    const hasDetails = order.customerDetails !== undefined;
    const hasCustomer = order.customer !== undefined;
    if (hasDetails && hasCustomer) {
      ctx.addIssue({
        code: "custom",
        path: ["customer"],
        message: "send either customerDetails (a new customer) or customer (an existing one), not both",
      });
    } else if (!hasDetails && !hasCustomer) {
      ctx.addIssue({
        code: "custom",
        path: ["customerDetails"],
        message: "customerDetails (a new customer) or customer.owner (an existing one) is required",
      });
    }
  });

export const changeOfferOrderSchema = z.strictObject({
  order_type: z.literal("change_offer"),
  forSubscription: forSubscriptionSchema,
  orderItems: orderItemsSchema,
  effectiveDate: isoDateOrDateTimeSchema.optional(),
  ...commonFields,
});

export const addOfferOrderSchema = z.strictObject({
  order_type: z.literal("add_offer"),
  forSubscription: forSubscriptionSchema,
  orderItems: orderItemsSchema,
  ...commonFields,
});

export const cancelOrderSchema = z.strictObject({
  order_type: z.literal("cancel"),
  forSubscription: forSubscriptionSchema,
  effective: z.enum(CANCEL_EFFECTIVE, { error: `must be one of: ${CANCEL_EFFECTIVE.join(", ")}` }),
  reason: text(LIMITS.reason).optional(),
  ...commonFields,
});

export const renewOrderSchema = z.strictObject({
  order_type: z.literal("renew"),
  forSubscription: forSubscriptionSchema,
  termMonths: z
    .int({ error: "must be a whole number" })
    .min(1, "must be at least 1")
    .max(LIMITS.renewTermMonths, `must be at most ${LIMITS.renewTermMonths}`)
    .optional(),
  ...commonFields,
});

export const orderRequestSchema = z.discriminatedUnion(
  "order_type",
  [newOrderSchema, changeOfferOrderSchema, addOfferOrderSchema, cancelOrderSchema, renewOrderSchema],
  {
    error: (issue) => {
      if (issue.code === "invalid_union") return `order_type must be one of: ${ORDER_TYPES.join(", ")}`;
      if (issue.code === "invalid_type") return "the order must be a JSON object";
      return undefined;
    },
  },
);

export type Address = z.output<typeof addressSchema>;
export type BillingDetails = z.output<typeof billingDetailsSchema>;
export type OrderItemRequest = z.output<typeof orderItemSchema>;
export type CustomerDetails = z.output<typeof customerDetailsSchema>;
export type NewOrderRequest = z.output<typeof newOrderSchema>;
export type ChangeOfferOrderRequest = z.output<typeof changeOfferOrderSchema>;
export type AddOfferOrderRequest = z.output<typeof addOfferOrderSchema>;
export type CancelOrderRequest = z.output<typeof cancelOrderSchema>;
export type RenewOrderRequest = z.output<typeof renewOrderSchema>;
/** The parsed request (defaults applied, codes normalised). */
export type OrderRequest = z.output<typeof orderRequestSchema>;
/** What a client may send (e.g. process_immediately optional). */
export type OrderRequestInput = z.input<typeof orderRequestSchema>;
