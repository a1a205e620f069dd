// A local stand-in for the parts of Stripe's API the `stripe` provider uses, speaking Stripe's
// wire format: form-encoded request bodies with nested keys (parsed back into objects), JSON
// answers shaped like Stripe's objects (API 2025+: invoice lines with `pricing.price_details`,
// `discount_amounts`, `taxes`; invoices with `total_taxes`; 10 lines per page), errors as
// {error: {type, code, message, param}} with 4xx/5xx, a Bearer secret key check, and
// Idempotency-Key handling as Stripe documents it ("Idempotent requests", API reference) for POST:
// - the status and body of the first request of a key are saved once its endpoint began
//   executing, errors included (a business refusal such as finalising a non-draft invoice, a
//   missing customer, an existing id); a retry with the same parameters gets them back with
//   `Idempotent-Replayed: true`;
// - nothing is saved when the request failed before execution: authentication, API version, an
//   unknown URL, or parameter validation (see `failedValidation`); a retry executes afresh;
// - a request whose key is held by a request still executing: 409 idempotency_error, nothing saved;
// - a key reused on another endpoint or with other parameters: 400 idempotency_error;
// - a key is pruned 24 hours (of the fake's clock, `now`) after its first request: reusing it then
//   executes a new request. GET and DELETE ignore the header (idempotent by definition).
// Tests hold a request in flight with `hold()` (fake-http-server.ts) to see the 409.
//
// Endpoints: POST /v1/products, GET/POST /v1/products/:id (stripe/fake-products.ts),
// GET/POST /v1/prices, GET /v1/prices/:id (stripe/fake-prices.ts), GET/POST /v1/coupons,
// POST /v1/customers, POST /v1/invoices/create_preview, GET /v1/invoices/:id/lines, POST /v1/invoices,
// POST /v1/invoices/:id/finalize, /send and /void, GET/DELETE /v1/invoices/:id,
// POST /v1/invoiceitems, POST /v1/subscriptions, GET/POST/DELETE /v1/subscriptions/:id,
// GET/POST /v1/tax_rates, GET /v1/tax_rates/:id.
// How it bills: stripe/fake-billing.ts; how it taxes (the tax rates a request names, or the
// account's own Stripe Tax registrations given as `automaticTax`): stripe/fake-tax.ts. There is no
// tax the request does not ask for.
import {
  type BeginExecution,
  type FakeAnswer,
  type FakeServerControls,
  type RecordedRequest,
  startFakeHttpServer,
} from "./fake-http-server";
import { parseNestedForm } from "./form-body";
import { productObject } from "./stripe/fake-objects";
import { routeStripeRequest } from "./stripe/fake-routes";
import { StripeFakeError, StripeFakeState, type SubscriptionState } from "./stripe/fake-state";
import type {
  FakeCoupon,
  FakeCustomer,
  FakeInvoice,
  FakePrice,
  FakeProduct,
  FakeTaxRate,
} from "./stripe/fake-types";

/** The Stripe-Version whose shapes this fake answers (what server/infra/billing/stripe-client.ts pins). */
export const STRIPE_FAKE_API_VERSION = "2026-10-28.endive";

export type StripeFakeOptions = {
  secretKey?: string;
  /**
   * The account's Stripe Tax registrations: country -> basis points charged there when a request
   * turns automatic_tax on (e.g. { GB: 2000 }); none by default, so Stripe Tax collects nothing.
   */
  automaticTax?: Readonly<Record<string, number>>;
  /** Lines per page in invoice answers (Stripe's default is 10). */
  linesPerPage?: number;
  now?: () => number;
};

export type StripeFake = FakeServerControls & {
  secretKey: string;
  products: Map<string, FakeProduct>;
  coupons: Map<string, FakeCoupon>;
  prices: Map<string, FakePrice>;
  customers: Map<string, FakeCustomer>;
  subscriptions: Map<string, SubscriptionState>;
  invoices: Map<string, FakeInvoice>;
  /** Tax rates, oldest first (those made by the requests, and Stripe Tax's archived ones). */
  taxRates: Map<string, FakeTaxRate>;
  /** Ids of invoices sent to their customer. */
  sentInvoices: Set<string>;
  /** Requests to one endpoint, e.g. requestsTo("POST", "/v1/subscriptions"). */
  requestsTo(method: string, pathPrefix: string): RecordedRequest[];
  registerProduct(id: string, name: string): void;
  /**
   * The customer pays an open invoice (on Stripe's hosted invoice page, say): it becomes paid,
   * for all it asked. The fake has no payment methods, so tests pay this way.
   */
  payInvoice(id: string): void;
  setAutomaticTax(registrations: Readonly<Record<string, number>>): void;
};

/** Stripe prunes a key once it is at least 24 hours old. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

type RequestIdentity = { endpoint: string; parameters: string };
type SavedAnswer = RequestIdentity & { at: number; answer: FakeAnswer };

/** JSON with object keys sorted, so parameters compare whatever order they were sent in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

function requestIdentity(request: RecordedRequest): RequestIdentity {
  const query = [...request.query.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    endpoint: `${request.method} ${request.path}`,
    // An unreadable body is compared as sent.
    parameters: `${canonical(request.body ?? request.rawBody)}?${canonical(query)}`,
  };
}

function assertSameRequest(key: string, first: RequestIdentity, request: RecordedRequest): void {
  const incoming = requestIdentity(request);
  if (incoming.endpoint !== first.endpoint) {
    throw new StripeFakeError(
      400,
      "idempotency_error",
      `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${first.endpoint}' vs '${incoming.endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`,
    );
  }
  if (incoming.parameters !== first.parameters) {
    throw new StripeFakeError(
      400,
      "idempotency_error",
      `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    );
  }
}

/**
 * Whether an error of the fake's routes is one Stripe raises before the endpoint begins executing
 * (so no idempotent result is saved): the request names no endpoint, or its parameters fail
 * validation on their own (missing, malformed, unknown, out of range), without looking at the
 * account's objects. Errors that depend on the account's objects (no such customer, the id exists,
 * the invoice is not a draft, the subscription is canceled, an archived tax rate, Stripe Tax
 * unable to compute) come from an executing endpoint, and their answer is saved.
 */
export function failedValidation(error: StripeFakeError): boolean {
  if (error.status === 401) return true;
  if (error.message.startsWith("Unrecognized request URL")) return true;
  if (error.code?.startsWith("parameter_") || error.code === "country_code_invalid") {
    // Counted on the subscription's items after the change: the endpoint was executing.
    return !error.message.startsWith("A subscription needs at least one item");
  }
  if (error.code !== undefined) return false;
  return VALIDATION_MESSAGES.some((pattern) => pattern.test(error.message));
}

/** The fake's code-less errors that check a parameter's form alone (stripe/fake-*.ts). */
const VALIDATION_MESSAGES: readonly RegExp[] = [
  /^Invalid (decimal|string|array|tax_behavior)\b/,
  /^The percentage (can have at most|must be between)/,
  /^Metadata (can have at most|keys are at most)/,
  /^You can pass at most \d+ tax rates/,
  /^Provide exactly one of percent_off or amount_off/,
  /^lookup_key must be at most/,
];

export async function startStripeFake(options: StripeFakeOptions = {}): Promise<StripeFake> {
  const secretKey = options.secretKey ?? "sk_test_fake_0123456789abcdef";
  const state = new StripeFakeState(
    options.now ?? Date.now,
    options.automaticTax ?? {},
    options.linesPerPage ?? 10,
  );
  const now = options.now ?? Date.now;
  /** Answers saved per idempotency key, with what the first request was and when it came. */
  const saved = new Map<string, SavedAnswer>();
  /** Keys whose first request is still executing. */
  const executing = new Set<string>();
  let errors = 0;

  /** Stripe's error JSON; answers of executed requests carry a Request-Id like successes do. */
  function errorAnswer(error: StripeFakeError, requestId?: string): FakeAnswer {
    const { type, message, code, param } = error;
    return {
      status: error.status,
      ...(requestId ? { headers: { "Request-Id": requestId } } : {}),
      json: {
        error: {
          type,
          message,
          // Stripe links an error with a code to its page (the SDK's fixture: parameter_unknown).
          ...(code
            ? { code, doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}` }
            : {}),
          ...(param ? { param } : {}),
        },
      },
    };
  }

  /** Runs the endpoint; `saveable` is false when the request failed validation (not executed). */
  function execute(request: RecordedRequest): { answer: FakeAnswer; saveable: boolean } {
    try {
      const routed = routeStripeRequest(state, request);
      return { answer: { ...routed, headers: { "Request-Id": state.newId("req") } }, saveable: true };
    } catch (error) {
      if (!(error instanceof StripeFakeError)) throw error;
      if (failedValidation(error)) return { answer: errorAnswer(error), saveable: false };
      // Its own counter, so that a refusal does not move the ids of the objects made later.
      errors += 1;
      const requestId = `req_fakeerr${errors.toString().padStart(6, "0")}`;
      return { answer: errorAnswer(error, requestId), saveable: true };
    }
  }

  async function answer(request: RecordedRequest, begin: BeginExecution): Promise<FakeAnswer> {
    const header = request.headers["idempotency-key"];
    const key = typeof header === "string" && request.method === "POST" ? header : null;
    try {
      if (request.headers.authorization !== `Bearer ${secretKey}`) {
        throw new StripeFakeError(401, "invalid_request_error", "Invalid API Key provided: sk_test_****");
      }
      // The fake speaks the one API version the client pins; Stripe refuses versions it does not know.
      const version = request.headers["stripe-version"];
      if (version !== STRIPE_FAKE_API_VERSION) {
        throw new StripeFakeError(
          400,
          "invalid_request_error",
          `Invalid Stripe API version: ${String(version)}`,
        );
      }
      if (!key) {
        await begin();
        return execute(request).answer;
      }
      const at = now();
      const first = saved.get(key);
      if (first && at - first.at >= IDEMPOTENCY_KEY_TTL_MS) saved.delete(key); // pruned
      const replay = saved.get(key);
      if (replay) {
        assertSameRequest(key, replay, request);
        return { ...replay.answer, headers: { ...replay.answer.headers, "Idempotent-Replayed": "true" } };
      }
      if (executing.has(key)) {
        throw new StripeFakeError(
          409,
          "idempotency_error",
          `There is currently another in-progress request using this idempotency key ('${key}'). Try again later.`,
        );
      }
      executing.add(key);
      try {
        await begin();
        const result = execute(request);
        if (result.saveable) saved.set(key, { ...requestIdentity(request), at, answer: result.answer });
        return result.answer;
      } finally {
        executing.delete(key);
      }
    } catch (error) {
      if (!(error instanceof StripeFakeError)) throw error;
      return errorAnswer(error);
    }
  }

  const server = await startFakeHttpServer({
    parseBody: (raw) => parseNestedForm(raw),
    handle: answer,
    failure: () => ({
      status: 500,
      json: { error: { type: "api_error", message: "An unknown error occurred on Stripe's end." } },
    }),
  });

  return {
    ...server,
    secretKey,
    products: state.products,
    coupons: state.coupons,
    prices: state.prices,
    customers: state.customers,
    subscriptions: state.subscriptions,
    invoices: state.invoices,
    taxRates: state.taxRates,
    sentInvoices: state.sentInvoices,
    requestsTo: (method, pathPrefix) =>
      server.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix)),
    registerProduct: (id, name) => {
      state.products.set(id, productObject(state, id, name, {}));
    },
    payInvoice: (id) => {
      const invoice = state.invoices.get(id);
      if (invoice?.status !== "open")
        throw new Error(`invoice ${id} is not open: ${String(invoice?.status)}`);
      state.invoices.set(id, {
        ...invoice,
        status: "paid",
        amount_paid: invoice.amount_remaining,
        amount_remaining: 0,
        status_transitions: { ...invoice.status_transitions, paid_at: state.seconds() },
      });
    },
    setAutomaticTax: (registrations) => {
      state.automaticTax = registrations;
    },
  };
}
