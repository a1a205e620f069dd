import { z } from "zod";

export const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 country code such as GB");

/**
 * The partner's own billing account at Zuora: an account number as Zuora numbers accounts by
 * default ("A" and at least 8 digits, e.g. A00000042).
 */
export const zuoraAccountNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^A\d{8,20}$/, "must be a Zuora account number such as A00000042");

/** The partner's own Stripe customer: Stripe's id of it (cus_ and letters or digits). */
export const stripeCustomerId = z
  .string()
  .trim()
  .regex(/^cus_[A-Za-z0-9]{6,64}$/, "must be a Stripe customer id such as cus_NffrFeUfNV2Hib");

export const createPartnerInput = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, "must be 1-40 lower-case letters, digits or hyphens"),
  name: z.string().trim().min(1, "is required").max(200),
  countries: z.array(countryCode).min(1).nullable().default(null),
  creditLimit: z.number().int("must be whole minor units").nonnegative().nullable().default(null),
  invoiceOwner: z.enum(["partner", "customer"]).default("customer"),
  billingProvider: z.enum(["builtin", "stripe", "zuora"]).nullable().default(null),
  /** Billed when the partner owns the invoice and is billed through Zuora; null: none. */
  zuoraAccountNumber: zuoraAccountNumber.nullable().default(null),
  /** Billed when the partner owns the invoice and is billed through Stripe; null: none. */
  stripeCustomerId: stripeCustomerId.nullable().default(null),
  defaultCurrency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "must be an ISO 4217 currency code")
    .default("GBP"),
  status: z.enum(["active", "suspended"]).default("active"),
});

export type CreatePartnerInput = z.input<typeof createPartnerInput>;
