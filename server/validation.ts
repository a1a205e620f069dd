import type { z } from "zod";
import { DomainError, type FieldError } from "./domain/domain-error";

/** Turns zod issues into the `errors[{path, message}]` every transport shows. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(body)",
    message: issue.message,
  }));
}

/** Parses input with a schema, or throws a VALIDATION DomainError listing every problem. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error);
  const summary = errors.map((e) => `${e.path}: ${e.message}`).join("; ");
  throw new DomainError("VALIDATION", `Invalid input: ${summary}`, { errors });
}
