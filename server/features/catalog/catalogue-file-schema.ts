// The catalogue file of `offers import` (format in the README, "Operator CLI"). Isomorphic: no
// server imports.
import { z } from "zod";

const currencyCode = z.string().regex(/^[A-Z]{3}$/, "must be an upper-case ISO 4217 code such as GBP");
const minorUnits = z
  .number()
  .int("must be an integer amount in minor units (pence, cents)")
  .nonnegative()
  .max(1_000_000_000_00);
/** An id Zuora generated: 32 hexadecimal characters (a product code or a PRP- number is not one). */
const zuoraId = z
  .string()
  .regex(/^[0-9a-f]{32}$/i, "must be an id Zuora generated (32 hexadecimal characters)");

/** The offer's Zuora product rate plan and its per-unit charge (docs/billing-providers.md, Zuora). */
export const catalogueZuoraMappingSchema = z
  .object({ productRatePlanId: zuoraId, productRatePlanChargeId: zuoraId })
  .strict()
  .refine((m) => m.productRatePlanId.toLowerCase() !== m.productRatePlanChargeId.toLowerCase(), {
    message: "the charge id repeats the rate plan id",
    path: ["productRatePlanChargeId"],
  });

export const catalogueOfferSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, "must be 1-80 lower-case letters, digits, '.', '_' or '-'")
      .optional(),
    name: z.string().trim().min(1, "is required").max(200),
    description: z.string().max(2000).optional(),
    productCode: z.string().trim().min(1, "is required").max(80),
    billingPeriod: z.enum(["month", "year", "once"]),
    termMonths: z.number().int().min(1).max(120).nullable().optional(),
    prices: z
      .record(currencyCode, minorUnits)
      .refine((p) => Object.keys(p).length > 0, "needs at least one currency"),
    minQuantity: z.number().int().min(1).max(1_000_000).optional(),
    maxQuantity: z.number().int().min(1).max(1_000_000).nullable().optional(),
    published: z.boolean().optional(),
    addOn: z.boolean().optional(),
    salesChannel: z.string().trim().min(1).max(40).optional(),
    eligiblePartners: z.array(z.string().trim().toLowerCase().min(1)).nullable().optional(),
    countries: z
      .array(z.string().regex(/^[A-Z]{2}$/, "must be an upper-case ISO 3166-1 alpha-2 code"))
      .min(1)
      .nullable()
      .optional(),
    /** Absent: the offer keeps the mapping it has (unless its product changes); null: removes it. */
    zuora: catalogueZuoraMappingSchema.nullable().optional(),
  })
  .strict()
  .refine((o) => o.maxQuantity == null || o.maxQuantity >= (o.minQuantity ?? 1), {
    message: "must not be below minQuantity",
    path: ["maxQuantity"],
  });

export const catalogueFileSchema = z
  .object({ offers: z.array(catalogueOfferSchema).min(1, "the file lists no offers").max(100_000) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.offers.forEach((offer, index) => {
      const id = offerIdFor(offer);
      const first = seen.get(id);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["offers", index, "id"],
          message: `repeats the offer id "${id}" of offers.${first}`,
        });
      } else {
        seen.set(id, index);
      }
    });
  });

export type CatalogueOffer = z.output<typeof catalogueOfferSchema>;
export type CatalogueFile = z.output<typeof catalogueFileSchema>;

/** An offer without an id is keyed by its product code, so importing it again adds a version. */
export function offerIdFor(offer: Pick<CatalogueOffer, "id" | "productCode">): string {
  return (
    offer.id ??
    offer.productCode
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80)
  );
}
