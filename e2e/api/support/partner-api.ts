// The partner REST API as one partner's machine client sees it: a page object over /partner/*,
// holding a bearer token. Every call goes through `send`, so every answer is contract-checked.
import type { Answer, ApiContract, OperationId } from "./contract";
import { type SendInit, send } from "./http";

// Just the fields the tests read; the full shapes are enforced by the contract check.
export type SubmitAnswer = {
  id: string;
  order_reference: string;
  status: string;
  external_id: string | null;
  subscriptionReference: string;
  owner: string;
  created_at: string;
  total: number;
  currency: string;
};
export type OrderListAnswer = {
  items: (SubmitAnswer & { order_type: string; customer: { owner: string; email: string } })[];
  next_cursor: string | null;
};
export type PreviewAnswer = {
  total: number;
  lineItems: { offer: { id: string; name: string } }[];
  currency: string;
  eligibility: { eligible: boolean; problems: { code: string; path: string }[] };
};
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  message: string;
  errors?: { path: string; message: string }[];
  problems?: { code: string; message: string; path: string }[];
  [extension: string]: unknown;
};

export type OrderSummary = { id: string; order_reference: string; order_type: string; status: string };
export type SubscriptionAnswer = {
  reference: string;
  status: string;
  customer: { owner: string; email: string };
  items: { offer: { id: string }; quantity: number }[];
};
export type CustomerAnswer = { owner: string; email: string; firstName: string; lastName: string };
export type Page<T> = { items: T[]; next_cursor: string | null };

type Extra = Omit<SendInit, "json" | "method">;

export class PartnerApi {
  constructor(
    readonly contract: ApiContract,
    /** The Authorization header value; null sends none. */
    readonly authorization: string | null,
  ) {}

  static bearer(contract: ApiContract, token: string): PartnerApi {
    return new PartnerApi(contract, `Bearer ${token}`);
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.authorization === null ? { ...extra } : { authorization: this.authorization, ...extra };
  }

  preview<T = PreviewAnswer | Problem>(body: unknown, extra: Extra = {}): Promise<Answer<T>> {
    const init: SendInit = { method: "POST", ...extra, headers: this.headers(extra.headers) };
    return send<T>(
      this.contract,
      "previewOrder",
      "/partner/order/preview",
      extra.body === undefined ? { ...init, json: body } : init,
    );
  }

  submit<T = SubmitAnswer | Problem>(
    body: unknown,
    extra: Extra & { idempotencyKey?: string } = {},
  ): Promise<Answer<T>> {
    const headers = this.headers(
      extra.idempotencyKey ? { "idempotency-key": extra.idempotencyKey, ...extra.headers } : extra.headers,
    );
    const init: SendInit = { method: "POST", ...extra, headers };
    return send<T>(
      this.contract,
      "submitOrder",
      "/partner/order",
      extra.body === undefined ? { ...init, json: body } : init,
    );
  }

  getOrder<T = SubmitAnswer | Problem>(id: string, extra: Extra = {}): Promise<Answer<T>> {
    return send<T>(this.contract, "getOrder", `/partner/order/${encodeURIComponent(id)}`, {
      ...extra,
      headers: this.headers(extra.headers),
    });
  }

  listOrders<T = OrderListAnswer | Problem>(
    query: Record<string, string> = {},
    extra: Extra = {},
  ): Promise<Answer<T>> {
    const search = new URLSearchParams(query).toString();
    return send<T>(this.contract, "listOrders", `/partner/orders${search ? `?${search}` : ""}`, {
      ...extra,
      headers: this.headers(extra.headers),
    });
  }

  listSubscriptions<T = Page<SubscriptionAnswer> | Problem>(
    query: Record<string, string> = {},
    extra: Extra = {},
  ): Promise<Answer<T>> {
    return this.get<T>("listSubscriptions", "/partner/subscriptions", query, extra);
  }

  getSubscription<T = (SubscriptionAnswer & { orders: OrderSummary[] }) | Problem>(
    reference: string,
    extra: Extra = {},
  ): Promise<Answer<T>> {
    return this.get<T>(
      "getSubscription",
      `/partner/subscriptions/${encodeURIComponent(reference)}`,
      {},
      extra,
    );
  }

  listCustomers<T = Page<CustomerAnswer> | Problem>(
    query: Record<string, string> = {},
    extra: Extra = {},
  ): Promise<Answer<T>> {
    return this.get<T>("listCustomers", "/partner/customers", query, extra);
  }

  getCustomer<
    T = (CustomerAnswer & { subscriptions: { reference: string }[]; orders: OrderSummary[] }) | Problem,
  >(owner: string, extra: Extra = {}): Promise<Answer<T>> {
    return this.get<T>("getCustomer", `/partner/customers/${encodeURIComponent(owner)}`, {}, extra);
  }

  private get<T>(
    operation: OperationId,
    path: string,
    query: Record<string, string>,
    extra: Extra,
  ): Promise<Answer<T>> {
    const search = new URLSearchParams(query).toString();
    return send<T>(this.contract, operation, `${path}${search ? `?${search}` : ""}`, {
      ...extra,
      headers: this.headers(extra.headers),
    });
  }

  listOffers<T = { items: { id: string }[] } | Problem>(extra: Extra = {}): Promise<Answer<T>> {
    return send<T>(this.contract, "listOffers", "/partner/offers", {
      ...extra,
      headers: this.headers(extra.headers),
    });
  }

  /** Any other operation: its method and path as the contract gives them, with a JSON body or none. */
  call<T = unknown>(
    operation: OperationId,
    method: "GET" | "POST" | "PATCH" | "DELETE",
    path: string,
    json?: unknown,
  ): Promise<Answer<T>> {
    return send<T>(this.contract, operation, path, {
      method,
      headers: this.headers(),
      ...(json === undefined ? {} : { json }),
    });
  }

  /** The orders with this external id (0 or 1): how tests count what they made. */
  async ordersWithExternalId(externalId: string): Promise<OrderListAnswer["items"]> {
    const answer = await this.listOrders<OrderListAnswer>({ external_id: externalId, limit: "100" });
    if (answer.status !== 200)
      throw new Error(`listing by external_id failed: ${answer.status} ${answer.text}`);
    return answer.body.items;
  }
}
