// GET /partner/offers and the portal's offer picker: the latest published version of every
// offer this partner may sell (open to all, or listing this partner).

import type { ListedOffer } from "../../domain/order-response-schemas";
import type { Db } from "../../infra/db/db";
import type { PartnerScope } from "../auth/partner-scope";
import { countriesOf, type OfferVersionRow, offerVersionSelect } from "./offer-lookup";

export type { ListedOffer };

export async function listOffers(db: Db, scope: PartnerScope): Promise<ListedOffer[]> {
  const latest = await db.offer.findMany({
    select: { id: true, latestVersion: true },
    orderBy: { id: "asc" },
  });
  if (latest.length === 0) return [];
  const rows = await db.offerVersion.findMany({
    where: {
      OR: latest.map((o) => ({ offerId: o.id, version: o.latestVersion })),
      published: true,
      AND: [
        { OR: [{ openToAllPartners: true }, { eligiblePartners: { some: { partnerId: scope.partnerId } } }] },
      ],
    },
    select: offerVersionSelect,
    orderBy: [{ addOn: "asc" }, { name: "asc" }],
  });
  return rows.map(toListedOffer);
}

export function toListedOffer(row: OfferVersionRow): ListedOffer {
  return {
    id: row.offerId,
    version: row.version,
    name: row.name,
    description: row.description,
    productCode: row.productCode,
    billingPeriod: row.billingPeriod,
    termMonths: row.termMonths,
    minQuantity: row.minQuantity,
    maxQuantity: row.maxQuantity,
    addOn: row.addOn,
    countries: countriesOf(row.countries),
    prices: row.prices
      .map((p) => ({ currency: p.currency, unitAmount: p.unitAmount }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}
