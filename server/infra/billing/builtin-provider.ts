// `builtin`: no external billing system. The catalogue pricing the domain computed is the answer,
// and submitting only mints a reference for support; customers and subscriptions live in this
// project's database alone, so there are no provider ids.
import { randomBytes } from "node:crypto";
import type {
  BillingProvider,
  ProviderOrderRequest,
  ProviderPreview,
  ProviderSubmitResult,
} from "./billing-provider";

export type BuiltinProviderOptions = { now?: () => Date };

export class BuiltinBillingProvider implements BillingProvider {
  readonly kind = "builtin" as const;
  private readonly now: () => Date;

  constructor(options: BuiltinProviderOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  async preview(request: ProviderOrderRequest): Promise<ProviderPreview> {
    const { catalogue } = request;
    return {
      priced: catalogue,
      providerResult: {
        provider: "builtin",
        pricedAt: this.now().toISOString(),
        source: "catalogue",
        currency: catalogue.currency,
        total: catalogue.total,
        lineCount: catalogue.lineItems.length,
        scheduleEntries: catalogue.schedule.length,
      },
    };
  }

  async submit(request: ProviderOrderRequest, _idempotencyKey: string): Promise<ProviderSubmitResult> {
    const providerReference = `builtin-${randomBytes(12).toString("hex")}`;
    return {
      providerCustomerId: null,
      providerSubscriptionId: null,
      providerReference,
      providerResult: {
        provider: "builtin",
        reference: providerReference,
        submittedAt: this.now().toISOString(),
        orderType: request.orderType,
        currency: request.catalogue.currency,
        total: request.catalogue.total,
      },
    };
  }
}
