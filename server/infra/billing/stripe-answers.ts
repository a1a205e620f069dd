// Reading Stripe's answers: each is checked against the schema of what the code relies on
// (stripe-invoice-schema.ts); one that does not match is garbage, reported as such, never half
// read.
import type { z } from "zod";

export class StripeAnswerShapeError extends Error {
  override name = "StripeAnswerShapeError";
}

export function parseAnswer<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new StripeAnswerShapeError(`unexpected ${what}: ${result.error.message.slice(0, 500)}`);
  return result.data;
}

/** The SDK's objects carry Decimal instances and a hidden lastResponse; the answer is plain JSON. */
export function plainJson(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
