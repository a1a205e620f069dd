// A local stand-in for the parts of Stripe's API the `stripe` provider uses, speaking Stripe's
// wire format: form-encoded request bodies with nested keys (parsed back into objects), JSON
// answers shaped like Stripe's objects (API 2025+: invoice lines with `pricing.price_details`,
// `discount_amounts`, `taxes`; invoices with `total_taxes`; 10 lines per page), errors as
// {error: {type, code, message, param}} with 4xx/5xx, a Bearer secret key check, and
// Idempotency-Key replay: same key and body, the saved answer with `Idempotent-Replayed: true`;
// same key and another body, 400 idempotency_error. Only successful answers are saved.
//
// Endpoints: GET/POST /v1/products, GET/POST /v1/coupons, POST /v1/customers,
// POST /v1/invoices/create_preview, GET /v1/invoices/:id/lines, POST /v1/invoices,
// POST /v1/invoiceitems, POST /v1/subscriptions, GET/POST/DELETE /v1/subscriptions/:id,
// GET/POST /v1/tax_rates, GET /v1/tax_rates/:id.
// How it bills: stripe/fake-billing.ts; how it taxes (the tax rates a request names, or the
// account's own Stripe Tax registrations given as `automaticTax`): stripe/fake-tax.ts. There is no
// tax the request does not ask for.
import {
  type FakeAnswer,
  type FakeServerControls,
  type RecordedRequest,
  startFakeHttpServer,
} from "./fake-http-server";
import { parseNestedForm } from "./form-body";
import { productObject } from "./stripe/fake-objects";
import { routeStripeRequest } from "./stripe/fake-routes";
import { type Obj, StripeFakeError, StripeFakeState, type SubscriptionState } from "./stripe/fake-state";

/** The Stripe-Version whose shapes this fake answers (what server/billing/stripe-client.ts pins). */
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
  products: Map<string, Obj>;
  coupons: Map<string, Obj>;
  customers: Map<string, Obj>;
  subscriptions: Map<string, SubscriptionState>;
  invoices: Map<string, Obj>;
  /** Tax rates, oldest first (those made by the requests, and Stripe Tax's archived ones). */
  taxRates: Map<string, Obj>;
  /** Ids of invoices sent to their customer. */
  sentInvoices: Set<string>;
  /** Requests to one endpoint, e.g. requestsTo("POST", "/v1/subscriptions"). */
  requestsTo(method: string, pathPrefix: string): RecordedRequest[];
  registerProduct(id: string, name: string): void;
  setAutomaticTax(registrations: Readonly<Record<string, number>>): void;
};

export async function startStripeFake(options: StripeFakeOptions = {}): Promise<StripeFake> {
  const secretKey = options.secretKey ?? "sk_test_fake_0123456789abcdef";
  const state = new StripeFakeState(
    options.now ?? Date.now,
    options.automaticTax ?? {},
    options.linesPerPage ?? 10,
  );
  const saved = new Map<string, { rawBody: string; answer: FakeAnswer }>();

  function answer(request: RecordedRequest): FakeAnswer {
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
      const replay = key ? saved.get(key) : undefined;
      if (replay && replay.rawBody !== request.rawBody) {
        const message =
          "Keys for idempotent requests can only be used with the same parameters they were first used with.";
        throw new StripeFakeError(400, "idempotency_error", message);
      }
      if (replay)
        return { ...replay.answer, headers: { ...replay.answer.headers, "Idempotent-Replayed": "true" } };
      const result = { ...routeStripeRequest(state, request), headers: { "Request-Id": state.newId("req") } };
      if (key && result.status < 300) saved.set(key, { rawBody: request.rawBody, answer: result });
      return result;
    } catch (error) {
      if (!(error instanceof StripeFakeError)) throw error;
      const { type, message, code, param } = error;
      return {
        status: error.status,
        json: { error: { type, message, ...(code ? { code } : {}), ...(param ? { param } : {}) } },
      };
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
    setAutomaticTax: (registrations) => {
      state.automaticTax = registrations;
    },
  };
}
