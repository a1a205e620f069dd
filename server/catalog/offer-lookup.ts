// Reads offer versions with what pricing and eligibility need (prices, eligible partners).
import type { Db } from "../db";

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
  prices: { select: { currency: true, unitAmount: true } },
  eligiblePartners: { select: { partnerId: true } },
} as const;

export type OfferVersionRow = {
  offerId: string;
  version: number;
  name: string;
  description: string | null;
  productCode: string;
  billingPeriod: "month" | "year" | "once";
  termMonths: number | null;
  minQuantity: number;
  maxQuantity: number | null;
  published: boolean;
  addOn: boolean;
  openToAllPartners: boolean;
  countries: unknown;
  prices: { currency: string; unitAmount: number }[];
  eligiblePartners: { partnerId: string }[];
};

export type OfferRef = { id: string; version?: number | undefined };

const refKey = (id: string, version: number) => `${id}@${version}`;

/**
 * Finds the requested versions (the latest when a ref names none) in two queries whatever the
 * number of lines. The result maps each ref's position to its row, or null when not found.
 */
export async function findOfferVersions(
  db: Db,
  refs: readonly OfferRef[],
): Promise<(OfferVersionRow | null)[]> {
  const ids = [...new Set(refs.map((r) => r.id))];
  if (ids.length === 0) return [];
  const offers = await db.offer.findMany({
    where: { id: { in: ids } },
    select: { id: true, latestVersion: true },
  });
  const latest = new Map(offers.map((o) => [o.id, o.latestVersion]));
  const wanted = refs.flatMap((r) => {
    const version = r.version ?? latest.get(r.id);
    return version === undefined ? [] : [{ offerId: r.id, version }];
  });
  const rows = wanted.length
    ? ((await db.offerVersion.findMany({
        where: { OR: wanted },
        select: offerVersionSelect,
      })) as OfferVersionRow[])
    : [];
  const byKey = new Map(rows.map((row) => [refKey(row.offerId, row.version), row]));
  return refs.map((r) => {
    const version = r.version ?? latest.get(r.id);
    return version === undefined ? null : (byKey.get(refKey(r.id, version)) ?? null);
  });
}

export function countriesOf(value: unknown): string[] | null {
  return Array.isArray(value) ? value.filter((c): c is string => typeof c === "string") : null;
}

export function pricesOf(row: Pick<OfferVersionRow, "prices">): Record<string, number> {
  return Object.fromEntries(row.prices.map((p) => [p.currency, p.unitAmount]));
}
