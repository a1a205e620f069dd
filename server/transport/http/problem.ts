// problem+json (RFC 9457) for every error the REST API gives. DomainError codes map to HTTP
// statuses here and nowhere else; anything unexpected becomes a 500 with a request id to quote
// and no internals (the details go to the log).
import { type DomainErrorCode, isDomainError } from "../../domain/domain-error";
import { HttpError } from "./http-error";

const DOMAIN_STATUS: Record<DomainErrorCode, { status: number; title: string }> = {
  VALIDATION: { status: 400, title: "Invalid request" },
  NOT_FOUND: { status: 404, title: "Not found" },
  FORBIDDEN: { status: 403, title: "Forbidden" },
  INELIGIBLE: { status: 422, title: "Order not eligible" },
  CONFLICT: { status: 409, title: "Conflict" },
  IDEMPOTENCY_MISMATCH: { status: 422, title: "Idempotency key reused with a different body" },
  IN_FLIGHT: { status: 409, title: "Request with this idempotency key in progress" },
  UPSTREAM_FAILED: { status: 502, title: "Billing provider failed" },
  RATE_LIMITED: { status: 429, title: "Too many requests" },
};

const TYPE_BASE = "https://partner-orders.dev/problems";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export type ProblemInit = {
  status: number;
  title: string;
  detail: string;
  instance: string;
  type?: string;
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
};

export function problemResponse(init: ProblemInit): Response {
  const body = {
    type: init.type ?? `${TYPE_BASE}/${slug(init.title)}`,
    title: init.title,
    status: init.status,
    detail: init.detail,
    instance: init.instance,
    message: init.detail,
    ...init.extra,
  };
  return new Response(JSON.stringify(body), {
    status: init.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store", ...init.headers },
  });
}

/** The answer for any thrown value; `unexpected` is true when it must be logged as a bug. */
export function errorToProblem(
  error: unknown,
  instance: string,
): { response: Response; unexpected: boolean } {
  if (error instanceof HttpError) {
    return {
      response: problemResponse({
        status: error.status,
        title: error.title,
        detail: error.detail,
        instance,
        type: error.options.type,
        extra: error.options.extra,
        headers: error.options.headers,
      }),
      unexpected: false,
    };
  }
  if (isDomainError(error)) {
    const { status, title } = DOMAIN_STATUS[error.code];
    const extra: Record<string, unknown> = { code: error.code, ...error.details.extra };
    if (error.details.errors) extra.errors = error.details.errors;
    if (error.details.problems) extra.problems = error.details.problems;
    return {
      response: problemResponse({ status, title, detail: error.message, instance, extra }),
      unexpected: false,
    };
  }
  return {
    response: problemResponse({
      status: 500,
      title: "Internal error",
      detail: "Something went wrong on our side. Quote the request id to support.",
      instance,
    }),
    unexpected: true,
  };
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
