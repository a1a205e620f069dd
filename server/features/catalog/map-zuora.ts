// `catalog map-zuora`: stores with each offer and discount code the ids of its rate plan and
// charge in a Zuora tenant's catalogue (read by the caller, billing/zuora-catalogue-reader.ts, and
// searched by billing/zuora-catalogue-match.ts).
//
// A mapping that still names an active rate plan of the catalogue is kept (the catalogue file may
// have chosen it among several); an offer or code without one, or whose plan is gone, is looked
// up. What cannot be mapped is reported, and a mapping is never removed here: pointed at the wrong
// tenant or entity, the command would otherwise unmap everything. An offer is written only if its
// product code is still the one matched, so an import in between is not overwritten.

import type { BillingPeriod, DiscountKind } from "../../domain/enums";
import type { ZuoraRatePlanRef } from "../../infra/billing/billing-provider";
import {
  type CatalogueMatch,
  matchDiscountPlan,
  matchOffer,
  ratePlanOf,
} from "../../infra/billing/zuora-catalogue-match";
import type { ZuoraCatalogue, ZuoraCatalogueRatePlan } from "../../infra/billing/zuora-catalogue-reader";
import type { Db } from "../../infra/db/db";
import { zuoraColumnsFor, zuoraColumnsSelect, zuoraRefOf } from "./zuora-columns";

export type MappingOutcome = "mapped" | "kept" | "unmapped";

type MappingFields = {
  outcome: MappingOutcome;
  productRatePlanId: string | null;
  productRatePlanChargeId: string | null;
  /** The rate plan's number (PRP-...), for people; null when not mapped. */
  ratePlanNumber: string | null;
  /** Why it could not be mapped. */
  reason: string | null;
};

export type OfferMapping = MappingFields & {
  offer: string;
  productCode: string;
  billingPeriod: BillingPeriod;
  /** Currencies the offer is sold in that the mapped charge has no price in. */
  missingCurrencies: string[];
};

export type DiscountCodeMapping = MappingFields & { code: string; kind: DiscountKind };

export type ZuoraMappingReport = {
  dryRun: boolean;
  catalogue: { products: number; ratePlans: number };
  offers: OfferMapping[];
  discountCodes: DiscountCodeMapping[];
  counts: {
    offers: Record<MappingOutcome, number>;
    discountCodes: Record<MappingOutcome, number>;
  };
};

export type MapZuoraOptions = {
  /** Report only; write nothing. */
  dryRun?: boolean;
  /** The discount rate plan of a kind (its id or number), when the catalogue has several. */
  discountPlans?: Partial<Record<DiscountKind, string>>;
};

function fieldsOf(
  current: ZuoraRatePlanRef | null,
  match: CatalogueMatch,
): MappingFields & { missingCurrencies: string[] } {
  if (!match.found) {
    return {
      outcome: "unmapped",
      productRatePlanId: current?.productRatePlanId ?? null,
      productRatePlanChargeId: current?.productRatePlanChargeId ?? null,
      ratePlanNumber: null,
      reason: current ? `${match.reason}; its mapped rate plan is not in the catalogue` : match.reason,
      missingCurrencies: [],
    };
  }
  const same =
    current?.productRatePlanId === match.ref.productRatePlanId &&
    current.productRatePlanChargeId === match.ref.productRatePlanChargeId;
  return {
    outcome: same ? "kept" : "mapped",
    ...match.ref,
    ratePlanNumber: match.ratePlanNumber,
    reason: null,
    missingCurrencies: match.missingCurrencies,
  };
}

function kept(
  current: ZuoraRatePlanRef,
  plan: ZuoraCatalogueRatePlan,
): MappingFields & { missingCurrencies: string[] } {
  return { outcome: "kept", ...current, ratePlanNumber: plan.number, reason: null, missingCurrencies: [] };
}

async function offerMappings(db: Db, catalogue: ZuoraCatalogue): Promise<OfferMapping[]> {
  const offers = await db.offer.findMany({
    select: { id: true, productCode: true, latestVersion: true, ...zuoraColumnsSelect },
    orderBy: { id: "asc" },
  });
  // What the latest version sells: how it is billed and in which currencies.
  const versions = await db.offerVersion.findMany({
    select: { offerId: true, version: true, billingPeriod: true, prices: { select: { currency: true } } },
  });
  const byKey = new Map(versions.map((v) => [`${v.offerId}@${v.version}`, v]));
  const latest = new Map(offers.map((o) => [o.id, byKey.get(`${o.id}@${o.latestVersion}`)]));
  return offers.flatMap((offer) => {
    const version = latest.get(offer.id);
    if (!version) return [];
    const current = zuoraRefOf(offer);
    const plan = current && ratePlanOf(catalogue, current);
    const fields =
      current && plan
        ? kept(current, plan)
        : fieldsOf(
            current,
            matchOffer(catalogue, {
              productCode: offer.productCode,
              billingPeriod: version.billingPeriod,
              currencies: version.prices.map((p) => p.currency),
            }),
          );
    return [
      { offer: offer.id, productCode: offer.productCode, billingPeriod: version.billingPeriod, ...fields },
    ];
  });
}

async function discountMappings(
  db: Db,
  catalogue: ZuoraCatalogue,
  chosen: MapZuoraOptions["discountPlans"] = {},
): Promise<DiscountCodeMapping[]> {
  const codes = await db.discountCode.findMany({
    select: { code: true, kind: true, ...zuoraColumnsSelect },
    orderBy: { code: "asc" },
  });
  const planOf = new Map<DiscountKind, CatalogueMatch>();
  const matchOf = (kind: DiscountKind) => {
    const match = planOf.get(kind) ?? matchDiscountPlan(catalogue, kind, chosen[kind]);
    planOf.set(kind, match);
    return match;
  };
  return codes.map((code) => {
    const current = zuoraRefOf(code);
    // A plan named for the kind replaces whatever the code had; else a plan still there stays.
    const plan = current && chosen[code.kind] === undefined ? ratePlanOf(catalogue, current) : null;
    const { missingCurrencies: _, ...fields } =
      current && plan ? kept(current, plan) : fieldsOf(current, matchOf(code.kind));
    return { code: code.code, kind: code.kind, ...fields };
  });
}

function counted(results: readonly MappingFields[]): Record<MappingOutcome, number> {
  const counts: Record<MappingOutcome, number> = { mapped: 0, kept: 0, unmapped: 0 };
  for (const result of results) counts[result.outcome] += 1;
  return counts;
}

const refOf = (fields: MappingFields): ZuoraRatePlanRef => ({
  productRatePlanId: fields.productRatePlanId ?? "",
  productRatePlanChargeId: fields.productRatePlanChargeId ?? "",
});

export async function mapZuoraCatalogue(
  db: Db,
  catalogue: ZuoraCatalogue,
  options: MapZuoraOptions = {},
): Promise<ZuoraMappingReport> {
  const offers = await offerMappings(db, catalogue);
  const discountCodes = await discountMappings(db, catalogue, options.discountPlans);
  const dryRun = options.dryRun === true;
  if (!dryRun) {
    const newOffers = offers.filter((o) => o.outcome === "mapped");
    const newCodes = discountCodes.filter((d) => d.outcome === "mapped");
    const written = await db.$transaction([
      ...newOffers.map((o) =>
        db.offer.updateMany({
          where: { id: o.offer, productCode: o.productCode },
          data: zuoraColumnsFor(refOf(o)),
        }),
      ),
      ...newCodes.map((d) =>
        db.discountCode.updateMany({ where: { code: d.code }, data: zuoraColumnsFor(refOf(d)) }),
      ),
    ]);
    newOffers.forEach((offer, index) => {
      if (written[index]?.count !== 0) return;
      Object.assign(offer, {
        outcome: "unmapped",
        reason: "the offer was imported again while it was being mapped; run the command again",
      });
    });
  }
  return {
    dryRun,
    catalogue: {
      products: catalogue.products.length,
      ratePlans: catalogue.products.reduce((sum, p) => sum + p.ratePlans.length, 0),
    },
    offers,
    discountCodes,
    counts: { offers: counted(offers), discountCodes: counted(discountCodes) },
  };
}
