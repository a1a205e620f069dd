import type { z } from "zod";
import { DomainError } from "./domain-error";
import { zodErrorToFieldErrors } from "./validation-errors";

/** Parses input with a schema, or throws a VALIDATION DomainError listing every problem. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = zodErrorToFieldErrors(result.error);
  const summary = errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join("; ");
  throw new DomainError("VALIDATION", `Invalid input: ${summary}`, { errors });
}
