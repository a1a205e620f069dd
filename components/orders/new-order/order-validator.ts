// The request schema (the same zod schema the server parses with) loaded on demand: zod is the
// largest part of the form's code and is only needed once someone presses Submit, so it stays
// out of the page's first load.
import type { FieldMessage } from "../../preview/field-messages";

export type OrderValidator = (body: unknown) => FieldMessage[];

export async function loadOrderValidator(): Promise<OrderValidator> {
  const { newOrderSchema, zodErrorToFieldErrors } = await import("@/server/domain/order-request-schemas");
  return (body) => {
    const parsed = newOrderSchema.safeParse(body);
    return parsed.success ? [] : zodErrorToFieldErrors(parsed.error);
  };
}
