// Every way a billing provider can let an order down ends as ONE error: DomainError
// "UPSTREAM_FAILED" (502 over REST, "safe to retry with the same key"). The messages are written
// for the partner reading them: they name the provider and what went wrong, and never carry a
// secret, a token, a stack trace or a raw body. The original error stays attached as the
// non-enumerable `cause` for server-side diagnosis (it is not serialised into answers).
import { DomainError } from "../../domain/domain-error";

export type ExternalProvider = "stripe" | "zuora";

const PROVIDER_LABEL: Readonly<Record<ExternalProvider, string>> = { stripe: "Stripe", zuora: "Zuora" };

export function providerLabel(provider: ExternalProvider): string {
  return PROVIDER_LABEL[provider];
}

function upstream(message: string, cause?: unknown): DomainError {
  const error = new DomainError("UPSTREAM_FAILED", message);
  if (cause !== undefined) Object.defineProperty(error, "cause", { value: cause, enumerable: false });
  return error;
}

export function providerTimedOut(provider: ExternalProvider, cause?: unknown): DomainError {
  return upstream(`${providerLabel(provider)} did not answer in time`, cause);
}

export function providerUnreachable(provider: ExternalProvider, cause?: unknown): DomainError {
  return upstream(`${providerLabel(provider)} could not be reached`, cause);
}

/** A 5xx or an answer with a status we cannot act on. */
export function providerFailed(
  provider: ExternalProvider,
  status: number | null,
  cause?: unknown,
): DomainError {
  const where = status === null ? "" : ` (HTTP ${status})`;
  return upstream(`${providerLabel(provider)} failed to process the request${where}`, cause);
}

/** Not JSON, or JSON without the fields we rely on. */
export function providerAnsweredGarbage(provider: ExternalProvider, cause?: unknown): DomainError {
  return upstream(`${providerLabel(provider)} gave an answer that could not be understood`, cause);
}

/** The provider's figures contradict themselves (lines do not add up to its own totals). */
export function providerFiguresInconsistent(provider: ExternalProvider, cause?: unknown): DomainError {
  return upstream(`${providerLabel(provider)} answered with figures that do not add up`, cause);
}

export function providerRejectedCredentials(provider: ExternalProvider, cause?: unknown): DomainError {
  return upstream(`${providerLabel(provider)} rejected this server's credentials`, cause);
}

export function providerRateLimited(provider: ExternalProvider, cause?: unknown): DomainError {
  return upstream(`${providerLabel(provider)} is limiting requests; try again shortly`, cause);
}

/** Refusals: asking again with the same request gets the same answer. */
const refusals = new WeakSet<object>();

/** A business refusal (invalid plan, unknown account, ...) with the provider's own explanation. */
export function providerRefused(
  provider: ExternalProvider,
  providerMessage: string | null | undefined,
  secrets: readonly string[] = [],
  cause?: unknown,
): DomainError {
  const detail = providerMessage ? sanitizeProviderMessage(providerMessage, secrets) : "";
  const error = upstream(`${providerLabel(provider)} refused the order${detail ? `: ${detail}` : ""}`, cause);
  refusals.add(error);
  return error;
}

/** Whether a provider error is a refusal of the request, not worth retrying unchanged. */
export function isProviderRefusal(error: unknown): boolean {
  return typeof error === "object" && error !== null && refusals.has(error);
}

const MAX_MESSAGE_LENGTH = 300;

// Shapes of credentials that a provider might echo back in an error message.
const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9*]+/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /\b(?:access_token|client_secret|client_id)\s*[=:]\s*\S+/gi,
];

/**
 * A provider's message, safe to show: configured secrets and anything shaped like a key or a
 * bearer token redacted, control characters removed, and cut to a readable length.
 */
export function sanitizeProviderMessage(message: string, secrets: readonly string[] = []): string {
  let text = message;
  for (const secret of secrets) {
    if (secret.length >= 4) text = text.split(secret).join("[redacted]");
  }
  for (const pattern of SECRET_PATTERNS) text = text.replace(pattern, "[redacted]");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point.
  text = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text;
}
