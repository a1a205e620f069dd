// Query of GET /partner/orders and the portal's order table (isomorphic: forms and REST share it).
import { z } from "zod";
import { ORDER_STATUSES, ORDER_TYPES } from "../../domain/enums";

const dateOrDateTime = z
  .string()
  .trim()
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)),
    {
      message: "must be an ISO 8601 date or date-time",
    },
  );

export const listOrdersQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
    status: z.enum(ORDER_STATUSES).optional(),
    order_type: z.enum(ORDER_TYPES).optional(),
    external_id: z.string().min(1).max(255).optional(),
    created_from: dateOrDateTime.optional(),
    created_to: dateOrDateTime.optional(),
    q: z.string().trim().min(1).max(254).optional(),
    customer: z
      .string()
      .regex(/^id-[0-9a-f]{32}$/, "must be an owner id")
      .optional(),
    subscription: z.string().max(40).optional(),
  })
  .strict();

/**
 * The query as it arrives, from a URL or a form: text the schema checks (an unknown status is a
 * VALIDATION error with the field named, not a type the caller must prove first).
 */
export type ListOrdersQuery = {
  [K in keyof z.input<typeof listOrdersQuerySchema>]?: string | number | undefined;
};
