// The `zuora` billing provider: Zuora Orders. A preview is "Preview an order" for 12 billing
// periods (the whole schedule comes from Zuora); a submit is "Create an order" with an
// Idempotency-Key derived from the partner's key. Zuora replays the saved answer of a key for 24
// hours whatever the body, so a retried submit never creates a second order. An order processed
// later may instead be handed to "Create an order asynchronously" (submitLater) and its job looked
// at until Zuora has done it (checkSubmitted), so a long order is not cut off by our deadline. An
// order whose offers or discount code have no Zuora ids yet is refused first (zuora-catalogue.ts).
import { DomainError, isDomainError } from "../../domain/domain-error";
import type {
  BillingProvider,
  ProviderLaterSubmission,
  ProviderOrderRequest,
  ProviderPreview,
  ProviderSubmitCheck,
  ProviderSubmitResult,
} from "./billing-provider";
import { DecimalAmountError } from "./decimal-amounts";
import type { ZuoraSettings } from "./provider-config";
import { providerAnsweredGarbage, providerFailed, providerFiguresInconsistent } from "./provider-errors";
import { providerIdempotencyKey } from "./provider-idempotency";
import { ProviderFiguresError } from "./provider-invoice-folding";
import { assertMappedInZuora } from "./zuora-catalogue";
import { ZuoraClient } from "./zuora-client";
import { zuoraOrderBody } from "./zuora-order-request";
import { zuoraPreviewToPricedOrder } from "./zuora-preview-mapping";
import {
  type ZuoraCreatedOrder,
  type ZuoraSubscription,
  zuoraCreateOrderAnswerSchema,
  zuoraPreviewAnswerSchema,
  zuoraSubscriptionSchema,
} from "./zuora-schemas";

export type ZuoraProviderOptions = ZuoraSettings & { timeoutMs: number; now?: () => number };

/** Rate plans that a RemoveProduct action took off are still listed; they are not current. */
function currentRatePlanIds(subscription: ZuoraSubscription): string[] {
  return subscription.ratePlans.filter((plan) => plan.lastChangeType !== "Remove").map((plan) => plan.id);
}

/** What an order Zuora created answers, as a submit result (the sync and async answers alike). */
function submitResultOf(
  data: ZuoraCreatedOrder,
  raw: unknown,
  request: ProviderOrderRequest,
): ProviderSubmitResult {
  return {
    providerCustomerId: data.accountNumber,
    providerSubscriptionId:
      data.subscriptions?.[0]?.subscriptionNumber ?? request.subscription?.providerSubscriptionId ?? null,
    providerReference: data.orderNumber,
    providerResult: raw,
  };
}

export class ZuoraBillingProvider implements BillingProvider {
  readonly kind = "zuora" as const;
  private readonly client: ZuoraClient;

  constructor(options: ZuoraProviderOptions) {
    this.client = new ZuoraClient(options);
  }

  async preview(request: ProviderOrderRequest): Promise<ProviderPreview> {
    return this.guard(async () => {
      assertMappedInZuora(request);
      const { effective, ratePlanIds } = await this.withSubscriptionFacts(request);
      const { data, raw } = await this.client.post(
        "/v1/orders/preview",
        zuoraOrderBody(effective, "preview", ratePlanIds),
        zuoraPreviewAnswerSchema,
      );
      return {
        priced: zuoraPreviewToPricedOrder(
          data.previewResult.invoices ?? [],
          effective,
          data.previewResult.creditMemos ?? [],
        ),
        providerResult: raw,
      };
    });
  }

  async submit(request: ProviderOrderRequest, idempotencyKey: string): Promise<ProviderSubmitResult> {
    return this.guard(async () => {
      assertMappedInZuora(request);
      const { effective, ratePlanIds } = await this.withSubscriptionFacts(request);
      const { data, raw } = await this.client.post(
        "/v1/orders",
        zuoraOrderBody(effective, "create", ratePlanIds),
        zuoraCreateOrderAnswerSchema,
        providerIdempotencyKey("zuora", request.partner.id, idempotencyKey, "order"),
      );
      return submitResultOf(data, raw, request);
    });
  }

  /**
   * "Create an order asynchronously": the same body as submit's, under the same key (an order's
   * job only ever uses one of the two: Zuora refuses a key reused on another URL). Answers the id
   * of Zuora's job; a repeated call gets the same job back from Zuora for 24 hours.
   */
  async submitLater(request: ProviderOrderRequest, idempotencyKey: string): Promise<ProviderLaterSubmission> {
    return this.guard(async () => {
      assertMappedInZuora(request);
      const { effective, ratePlanIds } = await this.withSubscriptionFacts(request);
      const { data } = await this.client.createOrderAsync(
        zuoraOrderBody(effective, "create", ratePlanIds),
        providerIdempotencyKey("zuora", request.partner.id, idempotencyKey, "order"),
      );
      return { handle: data.jobId };
    });
  }

  /** The job of submitLater: still processing, or done with what submit answers; Failed is thrown. */
  async checkSubmitted(request: ProviderOrderRequest, handle: string): Promise<ProviderSubmitCheck> {
    return this.guard(async () => {
      const job = await this.client.asyncJobStatus(handle);
      if (job.status === "Processing") return { done: false };
      return { done: true, result: submitResultOf(job.result, job.raw, request) };
    });
  }

  /**
   * Orders on an existing subscription need Zuora's subscription number, and the account number
   * (looked up on the subscription when this project does not have it); a change_offer also
   * needs the rate plans it replaces.
   */
  private async withSubscriptionFacts(request: ProviderOrderRequest) {
    if (request.orderType === "new") return { effective: request, ratePlanIds: [] as string[] };
    const number = request.subscription?.providerSubscriptionId;
    if (!number) {
      const reference = request.subscription?.reference ?? "(unknown)";
      throw new DomainError(
        "CONFLICT",
        `Subscription ${reference} is not billed through Zuora, so Zuora cannot change it`,
      );
    }
    const needsLookup = request.orderType === "change_offer" || !request.customer.providerCustomerId;
    if (!needsLookup) return { effective: request, ratePlanIds: [] as string[] };
    const { data } = await this.client.get(
      `/v1/subscriptions/${encodeURIComponent(number)}`,
      zuoraSubscriptionSchema,
    );
    const accountNumber = request.customer.providerCustomerId ?? data.accountNumber ?? null;
    return {
      effective: { ...request, customer: { ...request.customer, providerCustomerId: accountNumber } },
      ratePlanIds: request.orderType === "change_offer" ? currentRatePlanIds(data) : [],
    };
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isDomainError(error)) throw error;
      if (error instanceof ProviderFiguresError) throw providerFiguresInconsistent("zuora", error);
      if (error instanceof DecimalAmountError) throw providerAnsweredGarbage("zuora", error);
      throw providerFailed("zuora", null, error);
    }
  }
}
