// DomainError codes mapped once to tRPC codes (the REST side maps the same codes to HTTP
// statuses in server/transport/http). tRPC derives the HTTP status of its answer from these.
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import type { DomainErrorCode } from "../../domain/domain-error";

export const TRPC_CODE_FOR_DOMAIN_ERROR: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  VALIDATION: "BAD_REQUEST",
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  INELIGIBLE: "UNPROCESSABLE_CONTENT",
  CONFLICT: "CONFLICT",
  IDEMPOTENCY_MISMATCH: "UNPROCESSABLE_CONTENT",
  IN_FLIGHT: "CONFLICT",
  UPSTREAM_FAILED: "BAD_GATEWAY",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
};
