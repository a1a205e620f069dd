// The parts of Stripe's invoice object (API 2025+, "basil" and later: line amounts with
// discount_amounts, taxes[] and pricing.price_details) that the mapping relies on. Loose objects:
// Stripe adds fields all the time and that must not break us; what we read must be there and be
// of the right type, or the answer counts as garbage. Amounts are integers in minor units.
import { z } from "zod";

const minor = z.int();

export const stripeInvoiceLineSchema = z.looseObject({
  id: z.string(),
  object: z.literal("line_item"),
  amount: minor,
  currency: z.string(),
  description: z.string().nullable(),
  quantity: z.int().nonnegative().nullable(),
  period: z.looseObject({ start: z.int(), end: z.int() }),
  discount_amounts: z.array(z.looseObject({ amount: minor })).nullable(),
  pretax_credit_amounts: z
    .array(z.looseObject({ amount: minor, type: z.string() }))
    .nullable()
    .optional(),
  taxes: z
    .array(z.looseObject({ amount: minor, tax_behavior: z.string() }))
    .nullable()
    .optional(),
  parent: z.looseObject({ type: z.string() }).nullable().optional(),
  pricing: z
    .looseObject({
      price_details: z.looseObject({ product: z.string() }).optional(),
      // The SDK turns this decimal string into its own Decimal object; read it via String().
      unit_amount_decimal: z.unknown().optional(),
    })
    .nullable()
    .optional(),
});

export type StripeInvoiceLine = z.infer<typeof stripeInvoiceLineSchema>;

export const stripeLineListSchema = z.looseObject({
  object: z.literal("list"),
  data: z.array(stripeInvoiceLineSchema),
  has_more: z.boolean(),
});

export const stripeInvoiceSchema = z.looseObject({
  object: z.literal("invoice"),
  // Preview invoices have an id starting "upcoming_in_" (older API versions had none).
  id: z.string().nullable().optional(),
  currency: z.string(),
  subtotal: minor,
  total: minor,
  total_taxes: z
    .array(z.looseObject({ amount: minor, tax_behavior: z.string() }))
    .nullable()
    .optional(),
  lines: stripeLineListSchema,
});

export type StripeInvoice = z.infer<typeof stripeInvoiceSchema>;

export const stripeSubscriptionSchema = z.looseObject({
  id: z.string(),
  object: z.literal("subscription"),
  customer: z.union([z.string(), z.looseObject({ id: z.string() })]),
  status: z.string(),
  items: z.looseObject({
    object: z.literal("list"),
    data: z.array(z.looseObject({ id: z.string(), object: z.literal("subscription_item") })),
  }),
  latest_invoice: z
    .union([z.string(), z.looseObject({ id: z.string() })])
    .nullable()
    .optional(),
});

export const stripeCustomerSchema = z.looseObject({ id: z.string(), object: z.literal("customer") });

export const stripeInvoiceRefSchema = z.looseObject({ id: z.string(), object: z.literal("invoice") });

/** A finalised invoice: open (to be paid) or, when nothing was due, paid at once. */
export const stripeInvoiceStateSchema = z.looseObject({
  id: z.string(),
  object: z.literal("invoice"),
  status: z.enum(["open", "paid"]),
  number: z.string().min(1),
});

/**
 * Any invoice's status, as voiding one needs it (Stripe's five: a draft, open or uncollectible
 * awaiting payment, paid, void), with what was paid.
 */
export const stripeInvoiceStatusSchema = z.looseObject({
  id: z.string(),
  object: z.literal("invoice"),
  status: z.enum(["draft", "open", "paid", "uncollectible", "void"]),
  amount_paid: minor,
  currency: z.string(),
});

/** The answer to deleting a draft invoice. */
export const stripeDeletedInvoiceSchema = z.looseObject({
  id: z.string(),
  object: z.literal("invoice"),
  deleted: z.literal(true),
});

/** A tax rate: what finding ours by its metadata needs (percentage is a number out of 100). */
export const stripeTaxRateSchema = z.looseObject({
  id: z.string(),
  object: z.literal("tax_rate"),
  active: z.boolean(),
  inclusive: z.boolean(),
  percentage: z.number(),
  country: z.string().nullable().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
});

export type StripeTaxRate = z.infer<typeof stripeTaxRateSchema>;

export const stripeTaxRateListSchema = z.looseObject({
  object: z.literal("list"),
  data: z.array(stripeTaxRateSchema),
  has_more: z.boolean(),
});

/** The parts of a Price the catalogue sync compares with what it would make. */
export const stripePriceSchema = z.looseObject({
  id: z.string(),
  object: z.literal("price"),
  active: z.boolean(),
  currency: z.string(),
  unit_amount: z.int().nullable(),
  product: z.union([z.string(), z.looseObject({ id: z.string() })]),
  recurring: z.looseObject({ interval: z.string() }).nullable(),
  tax_behavior: z.string().nullable(),
});

export const stripePriceListSchema = z.looseObject({
  object: z.literal("list"),
  data: z.array(stripePriceSchema),
  has_more: z.boolean(),
});
export type StripePrice = z.infer<typeof stripePriceSchema>;

/** The parts of a Product the catalogue sync compares with the offer (a renamed offer updates it). */
export const stripeProductSchema = z.looseObject({
  id: z.string(),
  object: z.literal("product"),
  name: z.string(),
  description: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
});
