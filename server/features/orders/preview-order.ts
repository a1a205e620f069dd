// previewOrder: prices an order in the partner's context and lists every eligibility problem,
// writing nothing. The portal calls it as staff type; machine clients call it before submitting.

import { type OrderRequest, orderRequestSchema } from "../../domain/order-request-schemas";
import type { PreviewResponse } from "../../domain/order-response-schemas";
import { parseOrThrow } from "../../domain/validation";
import type { PricedOrder } from "../../infra/billing/billing-provider";
import type { Db } from "../../infra/db/db";
import type { PartnerScope } from "../auth/partner-scope";
import { loadOrderContext, type OrderContext } from "./load-order-context";
import { defaultOrderDeps, type OrderDeps } from "./order-deps";
import { withPartnerCallout } from "./partner-callout";
import { PREVIEW_SETTINGS_MAX_AGE_MS } from "./partner-settings";
import { type PricedRequest, priceOrderRequest } from "./price-order-request";
import { withProviderFigures } from "./provider-figures";
import { providerFor, providerKindFor, providerOrderRequest } from "./provider-request";

export async function previewOrder(
  db: Db,
  scope: PartnerScope,
  body: unknown,
  deps: OrderDeps = defaultOrderDeps(),
): Promise<PreviewResponse> {
  const request = parseOrThrow(orderRequestSchema, body);
  const ctx = await loadOrderContext(db, scope, request, {
    partnerSettingsMaxAgeMs: PREVIEW_SETTINGS_MAX_AGE_MS,
  });
  const priced = await withPartnerCallout(
    priceOrderRequest(request, ctx, deps.now(), deps.taxRates),
    ctx.partner,
    request,
  );
  return previewAnswer(request, ctx, priced, deps);
}

export async function previewAnswer(
  request: OrderRequest,
  ctx: OrderContext,
  priced: PricedRequest,
  deps: OrderDeps,
): Promise<PreviewResponse> {
  const kind = providerKindFor(ctx, deps);
  // An external provider is asked only about an order that could be submitted: an unknown offer
  // or an unpriced currency would make it fail, and the problems list already says why.
  const askProvider =
    kind === "builtin" || (priced.eligibility.eligible && priced.pricing.lineItems.length > 0);
  const answer = askProvider
    ? await providerFor(ctx, deps).preview(providerOrderRequest(request, ctx, priced))
    : {
        priced: priced.pricing as PricedOrder,
        providerResult: { provider: kind, skipped: "not asked: the order has eligibility problems" },
      };
  return {
    ...withProviderFigures(priced.pricing, answer.priced),
    country: priced.country,
    billingProvider: kind,
    eligibility: priced.eligibility,
    providerResult: (answer.providerResult ?? {}) as Record<string, unknown>,
  };
}
