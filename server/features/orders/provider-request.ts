// Builds what a billing provider is told about an order, from the parsed request, the loaded
// context and the catalogue pricing.

import { toIsoDate } from "../../domain/dates";
import type { BillingProviderKind } from "../../domain/enums";
import type { OrderRequest } from "../../domain/order-request-schemas";
import type {
  BillingProvider,
  PricedOrder,
  ProviderOrderRequest,
} from "../../infra/billing/billing-provider";
import { stripeCouponsOf } from "../catalog/stripe-columns";
import { zuoraRefOf } from "../catalog/zuora-columns";
import type { OrderContext } from "./load-order-context";
import type { OrderDeps } from "./order-deps";
import type { PricedRequest } from "./price-order-request";

export function providerKindFor(ctx: OrderContext, deps: OrderDeps): BillingProviderKind {
  return ctx.partner.billingProvider ?? deps.defaultProvider;
}

export function providerFor(ctx: OrderContext, deps: OrderDeps): BillingProvider {
  return deps.provider(providerKindFor(ctx, deps));
}

export function providerOrderRequest(
  request: OrderRequest,
  ctx: OrderContext,
  priced: PricedRequest,
): ProviderOrderRequest {
  const details = request.order_type === "new" ? request.customerDetails : undefined;
  const customer = ctx.customer;
  const billing = request.order_type === "new" ? request.billingDetails : null;
  return {
    orderType: request.order_type,
    partner: {
      id: ctx.partner.id,
      slug: ctx.partner.slug,
      invoiceOwner: ctx.partner.invoiceOwner,
      accounts: {
        zuoraAccountNumber: ctx.partner.zuoraAccountNumber,
        stripeCustomerId: ctx.partner.stripeCustomerId,
      },
    },
    currency: priced.currency,
    country: priced.country ?? "",
    taxRateBps: priced.pricing.taxRateBps,
    orderDate: toIsoDate(priced.startDate),
    customer: {
      owner: customer?.id ?? null,
      providerCustomerId: customer?.providerCustomerId ?? null,
      firstName: customer?.firstName ?? details?.firstName ?? "",
      lastName: customer?.lastName ?? details?.lastName ?? "",
      email: customer?.email ?? details?.email ?? "",
      address: billing ? { ...billing } : null,
    },
    lines: priced.pricing.lineItems.map((line) => {
      const offer = ctx.offers.find((o) => o?.offerId === line.offer.id && o.version === line.offer.version);
      const item = ctx.subscription?.items.find((i) => i.offerId === line.offer.id);
      return {
        offer: {
          id: line.offer.id,
          version: line.offer.version,
          name: line.offer.name,
          productCode: offer?.productCode ?? item?.offerVersionRef.productCode ?? line.offer.id,
          billingPeriod: line.billingPeriod,
          termMonths: offer?.termMonths ?? item?.offerVersionRef.termMonths ?? null,
          zuora: ctx.zuora.get(line.offer.id) ?? null,
          stripePriceId: offer?.prices.find((p) => p.currency === priced.currency)?.stripePriceId ?? null,
        },
        quantity: line.quantity,
        unitAmount: line.unitAmount,
      };
    }),
    discount: priced.discount
      ? {
          code: priced.discount.code ?? "",
          kind: priced.discount.kind,
          percentOff: priced.discount.kind === "percent" ? priced.discount.percentOff : null,
          amountOff: priced.discount.kind === "amount" ? priced.discount.amountOff : null,
          durationPeriods: priced.discount.durationPeriods,
          zuora: ctx.discount ? zuoraRefOf(ctx.discount) : null,
          stripeCoupons: ctx.discount ? stripeCouponsOf(ctx.discount) : null,
        }
      : null,
    subscription: ctx.subscription
      ? {
          reference: ctx.subscription.reference,
          providerSubscriptionId: ctx.subscription.providerSubscriptionId,
          termEnd: ctx.subscription.termEnd?.toISOString() ?? null,
        }
      : null,
    cancel:
      request.order_type === "cancel" ? { effective: request.effective, reason: request.reason } : undefined,
    renew:
      request.order_type === "renew"
        ? { termMonths: request.termMonths ?? ctx.subscription?.termMonths ?? 12 }
        : undefined,
    catalogue: priced.pricing as PricedOrder,
  };
}
