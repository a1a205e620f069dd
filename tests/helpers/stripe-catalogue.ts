// Provider tests build ProviderOrderRequests by hand (tests/fakes/order-request-fixture.ts): this
// syncs their offers and discount code to the Stripe fake first, with the app's catalogue sync,
// as `offers import` and `discount create` do, and names the ids on the request, as the order
// services do from the stored ids. The offer's unit amount is the line's (a test's catalogue), and
// (STRIPE_TAX=rates, unless told otherwise) the tax rate of the request's country and rate is made
// as the sync makes those of TAX_RATES.
import type { TaxRateTable } from "../../server/domain/tax";
import type {
  BillingProvider,
  ProviderOrderRequest,
  ProviderPreview,
  ProviderSubmitResult,
} from "../../server/infra/billing/billing-provider";
import { StripeCatalogue } from "../../server/infra/billing/stripe-catalogue-sync";
import type { StripeFake } from "../fakes/stripe-fake-server";

/** The catalogue sync for the fake; `taxRates`: the TAX_RATES whose rates it makes (STRIPE_TAX=rates). */
export function fakeCatalogue(fake: StripeFake, taxRates: TaxRateTable | null = null): StripeCatalogue {
  return new StripeCatalogue({ secretKey: fake.secretKey, apiBase: fake.url, timeoutMs: 3_000, taxRates });
}

/** The tax rates synced to each fake already: a sync runs once, as an import would, not per order. */
const syncedRates = new WeakMap<StripeFake, Set<string>>();

export type SyncOptions = {
  /** Make the tax rate of the request's country and rate, as the sync does for STRIPE_TAX=rates (default). */
  taxRates?: boolean;
};

export async function syncedToStripe(
  fake: StripeFake,
  request: ProviderOrderRequest,
  options: SyncOptions = {},
): Promise<ProviderOrderRequest> {
  const rateBps = request.taxRateBps ?? 0;
  const marker = `${request.country}:${rateBps}`;
  const synced = syncedRates.get(fake) ?? new Set<string>();
  syncedRates.set(fake, synced);
  const makesRate = options.taxRates !== false && rateBps > 0 && !synced.has(marker);
  const catalogue = fakeCatalogue(fake, makesRate ? { [request.country]: rateBps } : null);
  if (makesRate) {
    await catalogue.ensureTaxRates();
    synced.add(marker);
  }
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
  options: SyncOptions = {},
): BillingProvider {
  return {
    kind: provider.kind,
    preview: async (request: ProviderOrderRequest): Promise<ProviderPreview> =>
      provider.preview(await syncedToStripe(fake(), request, options)),
    submit: async (request: ProviderOrderRequest, key: string): Promise<ProviderSubmitResult> =>
      provider.submit(await syncedToStripe(fake(), request, options), key),
  };
}
