// Provider tests build ProviderOrderRequests by hand (tests/fakes/order-request-fixture.ts): this
// syncs their offers and discount code to the Stripe fake first, with the app's catalogue sync,
// as `offers import` and `discount create` do, and names the ids on the request, as the order
// services do from the stored ids. The offer's unit amount is the line's (a test's catalogue).
import type {
  BillingProvider,
  ProviderOrderRequest,
  ProviderPreview,
  ProviderSubmitResult,
} from "../../server/infra/billing/billing-provider";
import { StripeCatalogue } from "../../server/infra/billing/stripe-catalogue-sync";
import type { StripeFake } from "../fakes/stripe-fake-server";

export function fakeCatalogue(fake: StripeFake): StripeCatalogue {
  return new StripeCatalogue({ secretKey: fake.secretKey, apiBase: fake.url, timeoutMs: 3_000 });
}

export async function syncedToStripe(
  fake: StripeFake,
  request: ProviderOrderRequest,
): Promise<ProviderOrderRequest> {
  const catalogue = fakeCatalogue(fake);
  const lines = [];
  for (const line of request.lines) {
    if (line.offer.stripePriceId !== undefined) {
      lines.push(line);
      continue;
    }
    const productId = await catalogue.ensureProduct(line.offer);
    const stripePriceId = await catalogue.ensurePrice(
      {
        offerId: line.offer.id,
        version: line.offer.version,
        billingPeriod: line.offer.billingPeriod,
        currency: request.currency,
        unitAmount: line.unitAmount,
      },
      productId,
    );
    lines.push({ ...line, offer: { ...line.offer, stripePriceId } });
  }
  const { discount } = request;
  const stripeCoupons =
    discount && discount.stripeCoupons === undefined
      ? await catalogue.ensureCoupons({ ...discount, currency: request.currency })
      : discount?.stripeCoupons;
  return { ...request, lines, discount: discount ? { ...discount, stripeCoupons } : null };
}

/** The provider, with every request's catalogue synced to the fake before it is asked. */
export function syncingFirst<P extends BillingProvider>(
  provider: P,
  fake: () => StripeFake,
): BillingProvider {
  return {
    kind: provider.kind,
    preview: async (request: ProviderOrderRequest): Promise<ProviderPreview> =>
      provider.preview(await syncedToStripe(fake(), request)),
    submit: async (request: ProviderOrderRequest, key: string): Promise<ProviderSubmitResult> =>
      provider.submit(await syncedToStripe(fake(), request), key),
  };
}
