// `offers import`: all or nothing. The file is validated whole, partner slugs are resolved,
// then every offer is written in one transaction, so an invalid file or a failure half-way
// leaves the catalogue exactly as it was.
//
// An offer's Zuora mapping (its product rate plan and charge) is the file's when the file gives
// one (null removes it). Otherwise the offer keeps its mapping, unless the new version changes its
// product code or billing period: the mapping named the old product's plan, so it is removed, and
// Zuora-billed orders of the offer are refused until `catalog map-zuora` maps it again.
//
// With a Stripe account to sync to (`stripe`: the CLI passes one when STRIPE_SECRET_KEY is set),
// the imported offers' products and their new versions' prices are then made at Stripe and their
// ids stored (sync-stripe.ts), after the catalogue committed: a Stripe failure leaves the import
// done, and the answer's `stripe` report says what was synced and what was not (synced later by
// `catalog sync-stripe`). The same sync updates a renamed offer's product (name, description) and,
// with STRIPE_TAX=rates, makes the tax rates of the deployment's TAX_RATES that Stripe lacks.

import { DomainError } from "../../domain/domain-error";
import { parseOrThrow } from "../../domain/validation";
import type { StripeCatalogue } from "../../infra/billing/stripe-catalogue-sync";
import type { DbTransaction } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import { type CatalogueOffer, catalogueFileSchema, offerIdFor } from "./catalogue-file-schema";
import { type StripeSyncReport, syncStripeCatalogue } from "./sync-stripe";
import { type ZuoraColumns, zuoraColumnsFor, zuoraColumnsSelect, zuoraRefOf } from "./zuora-columns";

export type ImportProgress = (done: number, total: number) => void;

/** What the import did to the offer's Zuora mapping. */
export type ZuoraMappingChange = "set" | "kept" | "removed" | "none";

export type ImportedOffer = {
  id: string;
  version: number;
  name: string;
  created: boolean;
  zuora: ZuoraMappingChange;
};

export type ImportOptions = {
  /** The Stripe account to sync the imported offers to; none: no Stripe sync. */
  stripe?: StripeCatalogue | null;
  onStripeProgress?: (done: number, total: number) => void;
};

export async function importOffers(
  db: Db,
  file: unknown,
  onProgress?: ImportProgress,
  options: ImportOptions = {},
) {
  const catalogue = parseOrThrow(catalogueFileSchema, file);
  const partnerIds = await resolvePartnerSlugs(db, catalogue.offers);
  const total = catalogue.offers.length;
  const imported: ImportedOffer[] = [];

  await db.$transaction(
    async (tx) => {
      // Take SQLite's write lock before the first read: a transaction that reads first fails with
      // SQLITE_BUSY_SNAPSHOT when another process (the app placing orders) commits in between.
      await tx.$executeRaw`UPDATE "Offer" SET "id" = "id" WHERE 1 = 0`;
      for (const [index, offer] of catalogue.offers.entries()) {
        imported.push(await writeOfferVersion(tx, offer, partnerIds));
        if (onProgress && ((index + 1) % 250 === 0 || index + 1 === total)) onProgress(index + 1, total);
      }
    },
    // A large catalogue is thousands of statements; the default 5 s would abort it half-way.
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );

  const stripe: StripeSyncReport | null = options.stripe
    ? await syncStripeCatalogue(db, options.stripe, {
        offerIds: imported.map((o) => o.id),
        discountCodeIds: [],
        ...(options.onStripeProgress ? { onProgress: options.onStripeProgress } : {}),
      })
    : null;

  return {
    stripe,
    imported: imported.length,
    created: imported.filter((o) => o.created).length,
    newVersions: imported.filter((o) => !o.created).length,
    offers: imported,
  };
}

async function resolvePartnerSlugs(db: Db, offers: CatalogueOffer[]): Promise<Map<string, string>> {
  const slugs = [...new Set(offers.flatMap((o) => o.eligiblePartners ?? []))];
  const partners = await db.partner.findMany({
    where: { slug: { in: slugs } },
    select: { id: true, slug: true },
  });
  const bySlug = new Map(partners.map((p) => [p.slug, p.id]));
  const errors = offers.flatMap((offer, i) =>
    (offer.eligiblePartners ?? []).flatMap((slug, j) =>
      bySlug.has(slug)
        ? []
        : [{ path: `offers.${i}.eligiblePartners.${j}`, message: `no partner with the slug "${slug}"` }],
    ),
  );
  if (errors.length > 0) {
    throw new DomainError(
      "VALIDATION",
      `Unknown partner: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
      { errors },
    );
  }
  return bySlug;
}

async function writeOfferVersion(
  tx: DbTransaction,
  offer: CatalogueOffer,
  partnerIds: Map<string, string>,
): Promise<ImportedOffer> {
  const id = offerIdFor(offer);
  const existing = await tx.offer.findUnique({
    where: { id },
    select: {
      latestVersion: true,
      productCode: true,
      ...zuoraColumnsSelect,
      versions: { orderBy: { version: "desc" }, take: 1, select: { billingPeriod: true } },
    },
  });
  const version = existing ? existing.latestVersion + 1 : 1;
  const zuora = zuoraMappingOf(offer, existing);
  if (existing) {
    await tx.offer.update({
      where: { id },
      data: {
        latestVersion: version,
        name: offer.name,
        productCode: offer.productCode,
        ...(zuora.columns ?? {}),
      },
    });
  } else {
    await tx.offer.create({
      data: {
        id,
        name: offer.name,
        productCode: offer.productCode,
        latestVersion: version,
        ...(zuora.columns ?? {}),
      },
    });
  }
  const eligible = offer.eligiblePartners ?? null;
  await tx.offerVersion.create({
    data: {
      offerId: id,
      version,
      name: offer.name,
      description: offer.description ?? null,
      productCode: offer.productCode,
      billingPeriod: offer.billingPeriod,
      termMonths: offer.termMonths ?? null,
      minQuantity: offer.minQuantity ?? 1,
      maxQuantity: offer.maxQuantity ?? null,
      published: offer.published ?? true,
      salesChannel: offer.salesChannel ?? "partner",
      addOn: offer.addOn ?? false,
      openToAllPartners: eligible === null,
      countries: offer.countries ?? undefined,
      prices: {
        create: Object.entries(offer.prices).map(([currency, unitAmount]) => ({ currency, unitAmount })),
      },
      eligiblePartners: eligible
        ? { create: eligible.map((slug) => ({ partnerId: partnerIds.get(slug) as string })) }
        : undefined,
    },
  });
  return { id, version, name: offer.name, created: !existing, zuora: zuora.change };
}

type ExistingOffer = ZuoraColumns & { productCode: string; versions: { billingPeriod: string }[] };

/** The columns to write (none: leave them as they are) and what that does to the mapping. */
function zuoraMappingOf(
  offer: CatalogueOffer,
  existing: ExistingOffer | null,
): { columns: ZuoraColumns | null; change: ZuoraMappingChange } {
  const mapped = existing !== null && zuoraRefOf(existing) !== null;
  if (offer.zuora !== undefined) {
    return {
      columns: zuoraColumnsFor(offer.zuora),
      change: offer.zuora ? "set" : mapped ? "removed" : "none",
    };
  }
  if (!existing || !mapped) return { columns: null, change: "none" };
  const sameProduct =
    existing.productCode === offer.productCode && existing.versions[0]?.billingPeriod === offer.billingPeriod;
  return sameProduct
    ? { columns: null, change: "kept" }
    : { columns: zuoraColumnsFor(null), change: "removed" };
}
