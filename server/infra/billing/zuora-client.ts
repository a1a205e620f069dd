// A small Zuora REST client over the global fetch (Zuora's SDKs are not needed for a few calls):
// OAuth client credentials with a cached token, a deadline on every call, and ONE place that
// turns whatever Zuora answers into either validated data or a DomainError. Zuora reports
// business errors as HTTP 200 with {success: false, reasons: [...]}, so a 200 is not a success
// until the body says so.
import type { z } from "zod";
import { isDomainError } from "../../domain/domain-error";
import type { ZuoraSettings } from "./provider-config";
import { withDeadline } from "./provider-deadline";
import {
  providerAnsweredGarbage,
  providerFailed,
  providerRateLimited,
  providerRefused,
  providerRejectedCredentials,
  providerUnreachable,
} from "./provider-errors";
import {
  zuoraAsyncJobSchema,
  zuoraAsyncOrderAnswerSchema,
  zuoraAsyncOrderResultSchema,
  zuoraFailureSchema,
  zuoraTokenSchema,
} from "./zuora-schemas";
import { tokenExpiry, ZuoraTokenCache } from "./zuora-token-cache";

/** The minor API version the request and answer shapes were written against. */
export const ZUORA_API_VERSION = "341.0";

export type ZuoraClientOptions = ZuoraSettings & {
  timeoutMs: number;
  /** Clock for the token cache (tests move it forward). */
  now?: () => number;
};

type RawAnswer = { status: number; text: string };

export type ZuoraAnswer<T> = { data: T; raw: unknown };

/**
 * An asynchronous order's job: still processing, or completed with the answer "Create an order"
 * gives (`raw`: that answer as Zuora sent it). A failed job is thrown as Zuora's refusal.
 */
export type ZuoraAsyncJobStatus =
  | { status: "Processing" }
  | { status: "Completed"; result: z.infer<typeof zuoraAsyncOrderResultSchema>; raw: unknown };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export class ZuoraClient {
  private readonly baseUrl: string;
  private readonly tokens: ZuoraTokenCache;
  private readonly secrets: readonly string[];

  constructor(private readonly options: ZuoraClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.secrets = [options.clientId, options.clientSecret];
    const now = options.now ?? Date.now;
    this.tokens = new ZuoraTokenCache(() => this.fetchToken(now), now);
  }

  async get<T>(path: string, schema: z.ZodType<T>): Promise<ZuoraAnswer<T>> {
    return this.call("GET", path, schema, undefined, undefined);
  }

  async post<T>(
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    idempotencyKey?: string,
  ): Promise<ZuoraAnswer<T>> {
    return this.call("POST", path, schema, body, idempotencyKey);
  }

  /**
   * "Create an order asynchronously": the body of "Create an order", answered at once (202) with
   * the id of the job that creates the order. Under an Idempotency-Key, a repeated request gets the
   * first one's answer (the same job) back.
   */
  async createOrderAsync(body: unknown, idempotencyKey: string): Promise<ZuoraAnswer<{ jobId: string }>> {
    return this.post("/v1/async/orders", body, zuoraAsyncOrderAnswerSchema, idempotencyKey);
  }

  /** "Retrieve the status and response of a job", for a job of createOrderAsync. */
  async asyncJobStatus(jobId: string): Promise<ZuoraAsyncJobStatus> {
    const { data } = await this.get(`/v1/async-jobs/${encodeURIComponent(jobId)}`, zuoraAsyncJobSchema);
    if (data.status === "Processing") return { status: "Processing" };
    // Zuora's validation refused the order when its job ran: as final as a synchronous refusal.
    if (data.status === "Failed") {
      throw providerRefused("zuora", data.errors, this.secrets, new Error(`Zuora job ${jobId} failed`));
    }
    const failure = zuoraFailureSchema.safeParse(data.result);
    if (failure.success) {
      const reason = failure.data.reasons?.[0];
      throw providerRefused("zuora", reason?.message, this.secrets, new Error(`Zuora job ${jobId} failed`));
    }
    const result = zuoraAsyncOrderResultSchema.safeParse(data.result);
    if (!result.success) throw providerAnsweredGarbage("zuora", result.error);
    return { status: "Completed", result: result.data, raw: data.result };
  }

  private async call<T>(
    method: "GET" | "POST",
    path: string,
    schema: z.ZodType<T>,
    body: unknown,
    idempotencyKey: string | undefined,
  ): Promise<ZuoraAnswer<T>> {
    let token = await this.tokens.get();
    let answer = await this.send(method, path, token, body, idempotencyKey);
    if (answer.status === 401) {
      // Revoked or expired early: one fresh token, then give up.
      this.tokens.invalidate(token);
      token = await this.tokens.get();
      answer = await this.send(method, path, token, body, idempotencyKey);
    }
    return this.interpret(answer, schema);
  }

  private send(
    method: "GET" | "POST",
    path: string,
    token: string,
    body: unknown,
    idempotencyKey: string | undefined,
  ): Promise<RawAnswer> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: "application/json",
      "Zuora-Version": ZUORA_API_VERSION,
    };
    // A token valid for several entities of a multi-entity tenant must name the one to act in.
    if (this.options.entityId) headers["Zuora-Entity-Ids"] = this.options.entityId;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
    return this.exchange(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** One HTTP exchange under the deadline; network failures become DomainErrors here. */
  private exchange(url: string, init: RequestInit): Promise<RawAnswer> {
    return withDeadline("zuora", this.options.timeoutMs, async (signal) => {
      try {
        const response = await fetch(url, { ...init, signal, redirect: "error" });
        return { status: response.status, text: await response.text() };
      } catch (error) {
        if (isDomainError(error)) throw error;
        if (signal.aborted && isDomainError(signal.reason)) throw signal.reason;
        throw providerUnreachable("zuora", error);
      }
    });
  }

  private interpret<T>(answer: RawAnswer, schema: z.ZodType<T>): ZuoraAnswer<T> {
    const { status } = answer;
    if (status >= 500) throw providerFailed("zuora", status);
    if (status === 429) throw providerRateLimited("zuora");
    if (status === 401 || status === 403) throw providerRejectedCredentials("zuora");
    // An earlier request with this Idempotency-Key is still in progress at Zuora: not a refusal
    // of the order but a retry that came too soon, to be tried again later.
    if (status === 409) throw providerFailed("zuora", status);
    const json = parseJson(answer.text);
    if (json === undefined)
      throw providerAnsweredGarbage("zuora", new Error(`HTTP ${status}, body is not JSON`));
    const failure = zuoraFailureSchema.safeParse(json);
    if (failure.success) {
      const reason = failure.data.reasons?.[0];
      throw providerRefused(
        "zuora",
        reason?.message,
        this.secrets,
        new Error(`Zuora reason ${reason?.code ?? "?"}`),
      );
    }
    if (status >= 400) throw providerRefused("zuora", `HTTP ${status}`, this.secrets);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw providerAnsweredGarbage("zuora", parsed.error);
    return { data: parsed.data, raw: json };
  }

  private async fetchToken(now: () => number) {
    const form = new URLSearchParams({
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      grant_type: "client_credentials",
    });
    const answer = await this.exchange(`${this.baseUrl}/oauth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: form.toString(),
    });
    if (answer.status >= 500) throw providerFailed("zuora", answer.status);
    if (answer.status === 429) throw providerRateLimited("zuora");
    if (answer.status >= 400) throw providerRejectedCredentials("zuora");
    const parsed = zuoraTokenSchema.safeParse(parseJson(answer.text));
    if (!parsed.success) throw providerAnsweredGarbage("zuora", parsed.error);
    return { accessToken: parsed.data.access_token, expiresAt: tokenExpiry(now(), parsed.data.expires_in) };
  }
}
