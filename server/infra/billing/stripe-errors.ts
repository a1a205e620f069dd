// Stripe SDK errors -> DomainError "UPSTREAM_FAILED" with a message fit for the partner.
// Stripe's own message is shown only for refusals of the request (4xx invalid request / card
// errors), where it explains what to fix; for authentication errors it is dropped entirely
// because it quotes part of the key.
import Stripe from "stripe";
import { type DomainError, isDomainError } from "../../domain/domain-error";
import {
  providerAnsweredGarbage,
  providerFailed,
  providerRateLimited,
  providerRefused,
  providerRejectedCredentials,
  providerTimedOut,
  providerUnreachable,
} from "./provider-errors";

export function isStripeNotFound(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeError && error.statusCode === 404;
}

/** Stripe refused the request as it stands (400): e.g. voiding an invoice that is no longer open. */
export function isStripeInvalidRequest(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 400;
}

export function isStripeAlreadyExists(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeError && error.code === "resource_already_exists";
}

export function stripeErrorToDomain(error: unknown, secrets: readonly string[]): DomainError {
  if (isDomainError(error)) return error;
  if (!(error instanceof Stripe.errors.StripeError)) return providerFailed("stripe", null, error);
  if (error instanceof Stripe.errors.StripeConnectionError) {
    return /timeout/i.test(error.message)
      ? providerTimedOut("stripe", error)
      : providerUnreachable("stripe", error);
  }
  if (
    error instanceof Stripe.errors.StripeAuthenticationError ||
    error instanceof Stripe.errors.StripePermissionError
  ) {
    return providerRejectedCredentials("stripe", error);
  }
  if (error instanceof Stripe.errors.StripeRateLimitError) return providerRateLimited("stripe", error);
  const status = error.statusCode ?? null;
  // The SDK reports a body it could not parse as an API error without a status code.
  if (status === null) return providerAnsweredGarbage("stripe", error);
  if (status >= 500) return providerFailed("stripe", status, error);
  // 409: another request with the same idempotency key is still running at Stripe (a retry that
  // overlapped the first attempt); asking again later gets the first one's answer.
  if (status === 409) return providerFailed("stripe", status, error);
  if (status >= 400) return providerRefused("stripe", error.message, secrets, error);
  return providerFailed("stripe", status, error);
}
