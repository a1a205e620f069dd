// A local stand-in for the parts of Zuora's v1 REST API the `zuora` provider uses:
//   POST /oauth/token            form client_id, client_secret, grant_type=client_credentials
//                                -> {access_token, token_type: "bearer", expires_in, scope, jti}
//   POST /v1/orders/preview      "Preview an order" -> {success, previewResult: {invoices: [...]}}
//   POST /v1/orders              "Create an order" -> {success, orderNumber, accountNumber, status,
//                                subscriptions: [{subscriptionNumber, subscriptionId, status}]}
//                                at Zuora-Version 223.0 and later, {..., subscriptionNumbers} before
//   POST /v1/async/orders        "Create an order asynchronously" -> 202 {success, jobId}
//   GET  /v1/async-jobs/:jobId   "Retrieve the status and response of a job" -> {success, status:
//                                Processing | Failed | Completed, errors, result}: Processing for
//                                `asyncProcessingPolls` polls, then the order is created (or
//                                refused: Failed) as "Create an order" would (zuora/fake-async-orders.ts)
//   GET  /v1/subscriptions/:key  -> {success, subscriptionNumber, accountNumber, ratePlans: [...]}
//   GET  /v1/catalog/products, GET /v1/products/:key/product-rate-plans (and its older path
//                                /v1/rateplan/:key/productRatePlan): the product catalogue, paged
//                                as Zuora does (zuora/fake-catalogue.ts)
// Every /v1 call needs a valid, unexpired bearer token (401 otherwise). Business errors are HTTP
// 200 {success: false, reasons: [{code, message}]}, as Zuora does.
// Idempotency-Key, as Zuora documents it (developer.zuora.com, "Idempotent requests"), on POST and
// PATCH /v1 calls: the status, headers and body of the first request of a key are saved whether it
// succeeded or failed, and a later request with that key gets them back, whatever its body (Zuora
// documents no comparison of bodies, nor a replay marker); a request while the first of its key is
// still in progress: 409 Conflict; the key used with another tenant (entity), URL or method: 422
// Unprocessable Content; a key is removed 24 hours (of the fake's clock, `now`) after it is set,
// and then executes afresh. Requests refused before they reach a tenant (no valid token, an entity
// the token cannot act in) save nothing. Tests hold a request in progress with `hold()`.
// Prices come from the rate plans a test registers, which get ids and numbers generated as Zuora
// generates them (never a product code), and an order must name them: an unknown rate plan or
// charge id is refused. How the fake bills: zuora/fake-billing.ts.
import {
  type BeginExecution,
  type FakeAnswer,
  type FakeServerControls,
  type RecordedRequest,
  startFakeHttpServer,
} from "./fake-http-server";
import { type FakeAsyncJob, FakeAsyncOrders } from "./zuora/fake-async-orders";
import { catalogueProducts, productRatePlans } from "./zuora/fake-catalogue";
import { handleOrder } from "./zuora/fake-orders";
import {
  BusinessError,
  type FakeAccount,
  type FakeSubscription,
  hex,
  isObject,
  type Json,
  type RegisteredRatePlan,
  ZuoraFakeState,
  type ZuoraRatePlanDefinition,
} from "./zuora/fake-state";

export type { FakeAsyncJob } from "./zuora/fake-async-orders";
export type { RegisteredRatePlan, ZuoraRatePlanDefinition } from "./zuora/fake-state";

export type ZuoraFakeOptions = {
  clientId?: string;
  clientSecret?: string;
  tokenTtlSeconds?: number;
  taxRateBps?: number;
  now?: () => number;
  /**
   * Entities of a multi-entity tenant the client may act in. With more than one, every /v1 call
   * must name one in Zuora-Entity-Ids; with one, the header may be left out. Unset: no entities.
   */
  entityIds?: string[];
  /** The tenant has Invoice Settlement: credits are answered as credit memos (fake-state.ts). */
  invoiceSettlement?: boolean;
  creditMemoRule?: "NegativeCharges" | "NetNegativeTotals";
  /** How many polls an asynchronous order's job answers Processing before it runs (default 2). */
  asyncProcessingPolls?: number;
};

export type ZuoraFake = FakeServerControls & {
  clientId: string;
  clientSecret: string;
  accounts: Map<string, FakeAccount>;
  subscriptions: Map<string, FakeSubscription>;
  /** Adds a rate plan (and its product, on the first plan of a SKU); answers the ids Zuora made. */
  registerRatePlan(definition: ZuoraRatePlanDefinition): RegisteredRatePlan;
  /** The tenant's percentage and fixed-amount discount plans (product SKU "DISCOUNTS"). */
  discountPlans: Record<"percent" | "amount", RegisteredRatePlan>;
  setTaxRate(basisPoints: number): void;
  /** Successful token grants so far. */
  tokensIssued(): number;
  /** Revokes every issued token (the next API call gets a 401). */
  revokeTokens(): void;
  requestsTo(method: string, pathPrefix: string): RecordedRequest[];
  /** The jobs of asynchronous orders, by job id. */
  asyncJobs: ReadonlyMap<string, FakeAsyncJob>;
  /** How many polls the next asynchronous orders' jobs answer Processing. */
  setAsyncProcessingPolls(polls: number): void;
};

function subscriptionAnswer(subscription: FakeSubscription): Json {
  return {
    success: true,
    id: subscription.id,
    subscriptionNumber: subscription.number,
    accountNumber: subscription.accountNumber,
    termType: subscription.termType,
    status: subscription.status,
    ratePlans: subscription.plans.map((p) => ({
      id: p.id,
      productRatePlanId: p.plan.productRatePlanId,
      productName: p.plan.productName ?? p.plan.name,
      ratePlanName: p.plan.name,
      lastChangeType: p.removed ? "Remove" : null,
      ratePlanCharges: [
        { id: hex(16), productRatePlanChargeId: p.plan.productRatePlanChargeId, quantity: p.quantity },
      ],
    })),
  };
}

function apiAnswer(
  state: ZuoraFakeState,
  asyncOrders: FakeAsyncOrders,
  request: RecordedRequest,
): FakeAnswer {
  const { method, path } = request;
  const json = () => {
    if (!isObject(request.body)) throw new BusinessError(50000000, "The request body is not valid JSON");
    return request.body;
  };
  const header = request.headers["zuora-version"];
  const version = typeof header === "string" ? header : undefined;
  if (method === "POST" && path === "/v1/orders/preview") return handleOrder(state, json(), true, version);
  if (method === "POST" && path === "/v1/orders")
    return handleOrder(state, json(), false, version, request.query.get("returnIds") === "true");
  if (method === "POST" && path === "/v1/async/orders") return asyncOrders.start(json(), version);
  if (method === "GET" && path.startsWith("/v1/async-jobs/")) {
    return asyncOrders.status(decodeURIComponent(path.slice("/v1/async-jobs/".length)));
  }
  if (method === "GET" && path === "/v1/catalog/products") return catalogueProducts(state, request, version);
  const plansOf = /^\/v1\/(?:products\/([^/]+)\/product-rate-plans|rateplan\/([^/]+)\/productRatePlan)$/.exec(
    path,
  );
  if (method === "GET" && plansOf) {
    return productRatePlans(state, decodeURIComponent(plansOf[1] ?? plansOf[2] ?? ""), request);
  }
  if (method === "GET" && path.startsWith("/v1/subscriptions/")) {
    const subscription = state.subscriptions.get(decodeURIComponent(path.slice("/v1/subscriptions/".length)));
    if (!subscription) throw new BusinessError(50000040, "Cannot find entity by key");
    return { status: 200, json: subscriptionAnswer(subscription) };
  }
  return { status: 404, json: { message: "no such route" } };
}

/** Zuora removes an idempotency key 24 hours after it is set. */
export const ZUORA_IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

type SavedAnswer = { tenant: string; method: string; path: string; at: number; answer: FakeAnswer };

export async function startZuoraFake(options: ZuoraFakeOptions = {}): Promise<ZuoraFake> {
  const clientId = options.clientId ?? "zuora-fake-client";
  const clientSecret = options.clientSecret ?? "zuora-fake-secret-0123456789";
  const ttl = options.tokenTtlSeconds ?? 3600;
  const now = options.now ?? Date.now;
  const state = new ZuoraFakeState(options.taxRateBps ?? 0, {
    invoiceSettlement: options.invoiceSettlement,
    creditMemoRule: options.creditMemoRule,
  });
  const asyncOrders = new FakeAsyncOrders(state, options.asyncProcessingPolls ?? 2);
  const tokens = new Map<string, number>();
  const saved = new Map<string, SavedAnswer>();
  /** Keys whose first request is still in progress. */
  const inProgress = new Set<string>();
  let issued = 0;

  function grantToken(request: RecordedRequest): FakeAnswer {
    const form = new URLSearchParams(request.rawBody);
    if (form.get("grant_type") !== "client_credentials")
      return { status: 400, json: { error: "unsupported_grant_type" } };
    if (form.get("client_id") !== clientId || form.get("client_secret") !== clientSecret) {
      return {
        status: 401,
        json: { error: "invalid_client", error_description: "Invalid client credentials" },
      };
    }
    const token = hex(16);
    tokens.set(token, now() + ttl * 1000);
    issued += 1;
    return {
      status: 200,
      json: {
        access_token: token,
        token_type: "bearer",
        expires_in: ttl,
        scope: "entity.fake platform.write",
        jti: hex(8),
      },
    };
  }

  function checkEntity(header: string | string[] | undefined): FakeAnswer | null {
    const entities = options.entityIds ?? [];
    const named = typeof header === "string" ? header : undefined;
    const refuse = (message: string): FakeAnswer => ({
      status: 400,
      json: { success: false, processId: hex(8).toUpperCase(), reasons: [{ code: 90000020, message }] },
    });
    if (named === undefined) {
      return entities.length > 1
        ? refuse("Zuora-Entity-Ids is required: the token is valid for several entities")
        : null;
    }
    if (!entities.includes(named)) return refuse(`The entity ${named} is not accessible with this token`);
    return null;
  }

  function refusal(status: number, code: number, message: string): FakeAnswer {
    return {
      status,
      json: { success: false, processId: hex(8).toUpperCase(), reasons: [{ code, message }] },
    };
  }

  function execute(request: RecordedRequest): FakeAnswer {
    try {
      return apiAnswer(state, asyncOrders, request);
    } catch (error) {
      if (!(error instanceof BusinessError)) throw error;
      return refusal(200, error.code, error.message);
    }
  }

  async function handle(request: RecordedRequest, begin: BeginExecution): Promise<FakeAnswer> {
    if (request.method === "POST" && request.path === "/oauth/token") return grantToken(request);
    const bearer = /^Bearer (\S+)$/.exec(String(request.headers.authorization ?? ""))?.[1] ?? "";
    const expiresAt = tokens.get(bearer);
    if (expiresAt === undefined || now() >= expiresAt) {
      const reasons = [{ code: 90000011, message: "This resource is protected, please sign in first" }];
      return { status: 401, json: { success: false, reasons } };
    }
    const entityHeader = request.headers["zuora-entity-ids"];
    const entityRefusal = checkEntity(entityHeader);
    if (entityRefusal) return entityRefusal;
    const header =
      request.method === "POST" || request.method === "PATCH"
        ? request.headers["idempotency-key"]
        : undefined;
    const key = typeof header === "string" ? header : null;
    if (!key) {
      await begin();
      return execute(request);
    }
    // The tenant the request acts in: the entity it names (the only one there is, otherwise).
    const tenant = typeof entityHeader === "string" ? entityHeader : (options.entityIds?.[0] ?? "");
    const at = now();
    const first = saved.get(key);
    if (first && at - first.at >= ZUORA_IDEMPOTENCY_KEY_TTL_MS) saved.delete(key); // removed
    const replay = saved.get(key);
    if (replay) {
      if (replay.tenant !== tenant || replay.method !== request.method || replay.path !== request.path) {
        return refusal(
          422,
          50000045,
          `The idempotency key ${key} was used with another tenant, URL or HTTP method.`,
        );
      }
      return replay.answer;
    }
    if (inProgress.has(key)) {
      return refusal(409, 50000050, `A request with the idempotency key ${key} is still in progress.`);
    }
    inProgress.add(key);
    try {
      await begin();
      const answer = execute(request);
      saved.set(key, { tenant, method: request.method, path: request.path, at, answer });
      return answer;
    } finally {
      inProgress.delete(key);
    }
  }

  const server = await startFakeHttpServer({
    parseBody: (raw, contentType) => (contentType.includes("json") ? (JSON.parse(raw) as unknown) : raw),
    handle,
    failure: () => ({
      status: 503,
      json: { success: false, reasons: [{ code: 50000000, message: "Service temporarily unavailable" }] },
    }),
  });

  return {
    ...server,
    clientId,
    clientSecret,
    accounts: state.accounts,
    subscriptions: state.subscriptions,
    registerRatePlan: (definition) => state.addPlan(definition),
    discountPlans: state.discountPlans,
    setTaxRate(basisPoints) {
      state.taxRateBps = basisPoints;
    },
    tokensIssued: () => issued,
    revokeTokens: () => tokens.clear(),
    asyncJobs: asyncOrders.jobs,
    setAsyncProcessingPolls(polls) {
      asyncOrders.processingPolls = polls;
    },
    requestsTo: (method, pathPrefix) =>
      server.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix)),
  };
}
