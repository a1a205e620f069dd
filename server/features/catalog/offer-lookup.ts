// Reads offer versions with what pricing and eligibility need (prices, eligible partners), and
// the offers' Zuora mappings, which change without a new version and so are never cached. The
// prices' Stripe ids are set once, from null, by the Stripe catalogue sync, which stores the
// offer's Stripe product id first: while an offer has one, a cached version with a price not
// synced yet is read again, so a sync takes effect at once in every process.
import type { ZuoraRatePlanRef } from "../../infra/billing/billing-provider";
import type { DbTypes } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import { type ZuoraColumns, zuoraColumnsSelect, zuoraRefOf } from "./zuora-columns";

export const offerVersionSelect = {
  offerId: true,
  version: true,
  name: true,
  description: true,
  productCode: true,
  billingPeriod: true,
  termMonths: true,
  minQuantity: true,
  maxQuantity: true,
  published: true,
  addOn: true,
  openToAllPartners: true,
  countries: true,
  prices: { select: { currency: true, unitAmount: true, stripePriceId: true } },
  eligiblePartners: { select: { partnerId: true } },
} satisfies DbTypes.OfferVersionSelect;

export type OfferVersionRow = DbTypes.OfferVersionGetPayload<{ select: typeof offerVersionSelect }>;

export type OfferRef = { id: string; version?: number | undefined };

const refKey = (id: string, version: number) => `${id}@${version}`;

/** How many offer versions one database's cache keeps (a catalogue holds a few hundred). */
const MAX_CACHED_VERSIONS = 2_000;

/**
 * Offer versions never change once imported (an import makes a new version), so a version read
 * once is kept for the life of the process: an order then costs one query for the offers' latest
 * version numbers instead of four. One cache per client, as tests open many databases.
 */
const versionCaches = new WeakMap<Db, Map<string, OfferVersionRow>>();

function versionCacheOf(db: Db): Map<string, OfferVersionRow> {
  let cache = versionCaches.get(db);
  if (!cache) {
    cache = new Map();
    versionCaches.set(db, cache);
  }
  return cache;
}

/** Offer id -> its rate plan and charge in Zuora, for the offers that have them. */
export type ZuoraMappings = ReadonlyMap<string, ZuoraRatePlanRef>;

export type OrderOffers = {
  /** Each ref's row, by position, or null when not found. */
  versions: (OfferVersionRow | null)[];
  zuora: ZuoraMappings;
};

/**
 * Finds the requested versions (the latest when a ref names none): one query for the latest
 * version numbers, plus three for the versions not read before, whatever the number of lines.
 * The result maps each ref's position to its row, or null when not found.
 */
export async function findOfferVersions(
  db: Db,
  refs: readonly OfferRef[],
): Promise<(OfferVersionRow | null)[]> {
  return (await findOrderOffers(db, refs)).versions;
}

/** findOfferVersions, with the offers' Zuora mappings read in the same first query. */
export async function findOrderOffers(db: Db, refs: readonly OfferRef[]): Promise<OrderOffers> {
  const ids = [...new Set(refs.map((r) => r.id))];
  if (ids.length === 0) return { versions: [], zuora: new Map() };
  const offers = await db.offer.findMany({
    where: { id: { in: ids } },
    select: { id: true, latestVersion: true, stripeProductId: true, ...zuoraColumnsSelect },
  });
  const latest = new Map(offers.map((o) => [o.id, o.latestVersion]));
  const atStripe = new Set(offers.filter((o) => o.stripeProductId !== null).map((o) => o.id));
  const versionOf = (r: OfferRef) => r.version ?? latest.get(r.id);
  const cache = versionCacheOf(db);
  const isCurrent = (row: OfferVersionRow | undefined) =>
    row !== undefined && !(atStripe.has(row.offerId) && row.prices.some((p) => p.stripePriceId === null));
  const missing = refs.flatMap((r) => {
    const version = versionOf(r);
    return version === undefined || isCurrent(cache.get(refKey(r.id, version)))
      ? []
      : [{ offerId: r.id, version }];
  });
  if (missing.length) {
    const rows = await db.offerVersion.findMany({
      where: { OR: missing },
      select: offerVersionSelect,
    });
    for (const row of rows) {
      if (cache.size >= MAX_CACHED_VERSIONS) cache.delete(cache.keys().next().value as string);
      cache.set(refKey(row.offerId, row.version), frozen(row));
    }
  }
  const versions = refs.map((r) => {
    const version = versionOf(r);
    return version === undefined ? null : (cache.get(refKey(r.id, version)) ?? null);
  });
  return { versions, zuora: zuoraMappingsOf(offers) };
}

/** The Zuora mappings of these offers (one query). */
export async function findZuoraMappings(db: Db, offerIds: readonly string[]): Promise<ZuoraMappings> {
  const ids = [...new Set(offerIds)];
  if (ids.length === 0) return new Map();
  const offers = await db.offer.findMany({
    where: { id: { in: ids } },
    select: { id: true, ...zuoraColumnsSelect },
  });
  return zuoraMappingsOf(offers);
}

function zuoraMappingsOf(offers: (ZuoraColumns & { id: string })[]): Map<string, ZuoraRatePlanRef> {
  const mappings = new Map<string, ZuoraRatePlanRef>();
  for (const offer of offers) {
    const ref = zuoraRefOf(offer);
    if (ref) mappings.set(offer.id, ref);
  }
  return mappings;
}

/** A cached row is shared by every order that uses it: freezing makes a mutation throw, not leak. */
function frozen(row: OfferVersionRow): OfferVersionRow {
  for (const price of row.prices) Object.freeze(price);
  for (const partner of row.eligiblePartners) Object.freeze(partner);
  Object.freeze(row.prices);
  Object.freeze(row.eligiblePartners);
  if (Array.isArray(row.countries)) Object.freeze(row.countries);
  return Object.freeze(row);
}

export function countriesOf(value: unknown): string[] | null {
  return Array.isArray(value) ? value.filter((c): c is string => typeof c === "string") : null;
}

export function pricesOf(row: Pick<OfferVersionRow, "prices">): Record<string, number> {
  return Object.fromEntries(row.prices.map((p) => [p.currency, p.unitAmount]));
}
