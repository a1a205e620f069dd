// The one error type the use cases throw. Each transport maps the code once: REST to an HTTP status
// and problem+json (server/transport/http), tRPC to its own codes (server/transport/trpc). Messages
// are written for the person reading them and never carry internals.
import type { FieldError } from "./validation-errors";

export type { FieldError } from "./validation-errors";

export const DOMAIN_ERROR_CODES = [
  "VALIDATION",
  "NOT_FOUND",
  "FORBIDDEN",
  "INELIGIBLE",
  "CONFLICT",
  "IDEMPOTENCY_MISMATCH",
  "IN_FLIGHT",
  "UPSTREAM_FAILED",
  "RATE_LIMITED",
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export type EligibilityProblemLike = { code: string; message: string; path: string };

export type DomainErrorDetails = {
  errors?: FieldError[];
  problems?: EligibilityProblemLike[];
  /** Extra members for the problem body, e.g. the existing order of an external_id conflict. */
  extra?: Record<string, unknown>;
};

export class DomainError extends Error {
  override name = "DomainError";

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
