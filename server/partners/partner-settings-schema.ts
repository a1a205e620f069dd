import { z } from "zod";

export const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 country code such as GB");

export const createPartnerInput = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, "must be 1-40 lower-case letters, digits or hyphens"),
  name: z.string().trim().min(1, "is required").max(200),
  countries: z.array(countryCode).min(1).nullable().default(null),
  creditLimit: z.number().int("must be whole minor units").nonnegative().nullable().default(null),
  invoiceOwner: z.enum(["partner", "customer"]).default("partner"),
  billingProvider: z.enum(["builtin", "stripe", "zuora"]).nullable().default(null),
  defaultCurrency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "must be an ISO 4217 currency code")
    .default("GBP"),
  status: z.enum(["active", "suspended"]).default("active"),
});

export type CreatePartnerInput = z.input<typeof createPartnerInput>;
