// The answers of the partner-object reads (GET /partner/subscriptions[/{reference}],
// GET /partner/customers[/{owner}]), strict like every answer of the API (see
// order-response-schemas.ts): the services are typed by them, the OpenAPI document is generated
// from them and the contract tests parse every real answer with them. Customers and subscriptions
// belong to one partner; nothing here names the partner or a provider's ids.

import { z } from "zod";
import { BILLING_PERIODS, ORDER_STATUSES, ORDER_TYPES, SUBSCRIPTION_STATUSES } from "./enums";
import { ORDER_ID_PATTERN, OWNER_ID_PATTERN, REFERENCE_PATTERN } from "./identifiers";
import { amountSchema, currencySchema, isoDateTimeSchema } from "./order-response-schemas";

export const subscriptionItemSchema = z.strictObject({
  offer: z.strictObject({
    id: z.string(),
    version: z.int().positive(),
    name: z.string(),
    addOn: z.boolean(),
  }),
  quantity: z.int().positive(),
  unitAmount: amountSchema,
  billingPeriod: z.enum(BILLING_PERIODS),
  addedAt: isoDateTimeSchema,
});

/** One row of GET /partner/subscriptions: its live items, term and customer. */
export const subscriptionSchema = z.strictObject({
  reference: z.string().regex(REFERENCE_PATTERN),
  status: z.enum(SUBSCRIPTION_STATUSES),
  currency: currencySchema,
  termStart: isoDateTimeSchema,
  termEnd: isoDateTimeSchema.nullable().describe("End of the current commitment; null when rolling"),
  termMonths: z.int().positive().nullable(),
  cancelAt: isoDateTimeSchema
    .nullable()
    .describe(
      "When it ends or ended: set by a cancellation (at the end of the term: still active until then)",
    ),
  cancelledAt: isoDateTimeSchema.nullable(),
  cancelReason: z.string().nullable(),
  createdAt: isoDateTimeSchema,
  customer: z.strictObject({
    owner: z.string().regex(OWNER_ID_PATTERN),
    email: z.string(),
    name: z.string(),
  }),
  items: z.array(subscriptionItemSchema),
});

/** An order as a subscription or customer lists it; GET /partner/order/{id} has the rest. */
export const orderBriefSchema = z.strictObject({
  id: z.string().regex(ORDER_ID_PATTERN),
  order_reference: z.string().regex(REFERENCE_PATTERN),
  order_type: z.enum(ORDER_TYPES),
  status: z.enum(ORDER_STATUSES),
  created_at: isoDateTimeSchema,
  total: amountSchema,
  currency: currencySchema,
});

/** How many orders a subscription's or customer's answer carries; the orders list pages the rest. */
export const RECENT_ORDERS = 20;

/** GET /partner/subscriptions/{reference} */
export const subscriptionDetailSchema = subscriptionSchema.extend({
  orders: z
    .array(orderBriefSchema)
    .max(RECENT_ORDERS)
    .describe(
      `The newest ${RECENT_ORDERS} orders against it; GET /partner/orders?subscription={reference} pages them all`,
    ),
});

/** GET /partner/subscriptions */
export const subscriptionListResponseSchema = z.strictObject({
  items: z.array(subscriptionSchema),
  next_cursor: z.string().nullable(),
});

/** One row of GET /partner/customers: the owner identity and its contact details. */
export const customerSchema = z.strictObject({
  owner: z.string().regex(OWNER_ID_PATTERN),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  country: z.string().nullable(),
  createdAt: isoDateTimeSchema,
});

/** The billing address as the customer's first order gave it (address fields only). */
export const customerAddressSchema = z.strictObject({
  company: z.string().optional(),
  address1: z.string().optional(),
  address2: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().optional(),
});
export const CUSTOMER_ADDRESS_FIELDS = Object.keys(customerAddressSchema.shape) as (keyof z.infer<
  typeof customerAddressSchema
>)[];

/** GET /partner/customers/{owner} */
export const customerDetailSchema = customerSchema.extend({
  billingAddress: customerAddressSchema.nullable(),
  subscriptions: z
    .array(
      z.strictObject({
        reference: z.string().regex(REFERENCE_PATTERN),
        status: z.enum(SUBSCRIPTION_STATUSES),
        currency: currencySchema,
        termStart: isoDateTimeSchema,
        termEnd: isoDateTimeSchema.nullable(),
        cancelAt: isoDateTimeSchema.nullable(),
      }),
    )
    .describe("Every subscription of the customer, newest first"),
  orders: z
    .array(orderBriefSchema)
    .max(RECENT_ORDERS)
    .describe(`The newest ${RECENT_ORDERS} orders; GET /partner/orders?customer={owner} pages them all`),
});

/** GET /partner/customers */
export const customerListResponseSchema = z.strictObject({
  items: z.array(customerSchema),
  next_cursor: z.string().nullable(),
});

export type SubscriptionView = z.infer<typeof subscriptionSchema>;
export type SubscriptionDetail = z.infer<typeof subscriptionDetailSchema>;
export type CustomerView = z.infer<typeof customerSchema>;
export type CustomerDetail = z.infer<typeof customerDetailSchema>;
export type CustomerListResponse = z.infer<typeof customerListResponseSchema>;
