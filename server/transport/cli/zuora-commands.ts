// `catalog map-zuora`: finds every offer and discount code in the product catalogue of the Zuora
// tenant the server bills (its ZUORA_* settings) and stores the ids Zuora generated for them, which
// Zuora-billed orders must name (docs/billing-providers.md, "Zuora").

import type { DiscountKind } from "../../domain/enums";
import {
  type MappingOutcome,
  mapZuoraCatalogue,
  type ZuoraMappingReport,
} from "../../features/catalog/map-zuora";
import { readZuoraCatalogue } from "../../infra/billing/zuora-catalogue-reader";
import { ZuoraClient } from "../../infra/billing/zuora-client";
import type { Db } from "../../infra/db/db";
import { env } from "../../infra/env/env";
import { type Flags, integer, optional } from "./cli-flags";
import { type Output, UsageError } from "./cli-io";

/** One catalogue page may hold 40 products or rate plans with their charges: slower than an order. */
const DEFAULT_TIMEOUT_MS = 30_000;
/** How often the rate plan progress line is printed (in products). */
const PROGRESS_EVERY = 25;

function discountPlans(flags: Flags): Partial<Record<DiscountKind, string>> {
  const plans: Partial<Record<DiscountKind, string>> = {};
  const percent = optional(flags, "percent-discount-plan");
  const amount = optional(flags, "amount-discount-plan");
  if (percent !== undefined) plans.percent = percent;
  if (amount !== undefined) plans.amount = amount;
  return plans;
}

const counts = (c: Record<MappingOutcome, number>) =>
  `${c.mapped} mapped, ${c.kept} kept, ${c.unmapped} not mapped`;

function reportText(report: ZuoraMappingReport): string {
  const lines = [
    `Zuora catalogue: ${report.catalogue.products} products, ${report.catalogue.ratePlans} rate plans`,
    `Offers: ${counts(report.counts.offers)}`,
  ];
  for (const o of report.offers) {
    const what = `${o.offer} (${o.productCode}, ${o.billingPeriod})`;
    if (o.outcome === "mapped")
      lines.push(`  mapped      ${what} -> ${o.ratePlanNumber ?? o.productRatePlanId}`);
    if (o.outcome === "unmapped") lines.push(`  not mapped  ${what}: ${o.reason}`);
    if (o.missingCurrencies.length > 0) {
      lines.push(
        `  warning     ${o.offer}: its Zuora charge has no price in ${o.missingCurrencies.join(", ")}`,
      );
    }
  }
  lines.push(`Discount codes: ${counts(report.counts.discountCodes)}`);
  for (const d of report.discountCodes) {
    const what = `${d.code} (${d.kind})`;
    if (d.outcome === "mapped")
      lines.push(`  mapped      ${what} -> ${d.ratePlanNumber ?? d.productRatePlanId}`);
    if (d.outcome === "unmapped") lines.push(`  not mapped  ${what}: ${d.reason}`);
  }
  if (report.counts.offers.unmapped > 0) {
    lines.push(
      'Orders billed through Zuora refuse an offer not mapped. Fix its product in Zuora (SKU or product number = the offer\'s product code, one active rate plan with one per-unit charge billed like the offer) and run this again, or give its ids in the catalogue file ("zuora").',
    );
  }
  if (report.counts.discountCodes.unmapped > 0) {
    lines.push(
      "When several discount rate plans fit, name one with --percent-discount-plan or --amount-discount-plan (its number or id).",
    );
  }
  if (report.dryRun) lines.push("Dry run: nothing was written.");
  return lines.join("\n");
}

export async function catalogMapZuora(db: Db, flags: Flags, out: Output) {
  const { baseUrl, clientId, clientSecret, entityId } = env().zuora;
  if (!baseUrl || !clientId || !clientSecret) {
    throw new UsageError(
      "catalog map-zuora needs ZUORA_BASE_URL, ZUORA_CLIENT_ID and ZUORA_CLIENT_SECRET: the Zuora tenant and OAuth client the server bills with",
    );
  }
  const client = new ZuoraClient({
    baseUrl,
    clientId,
    clientSecret,
    entityId,
    timeoutMs: integer(flags, "timeout-ms", "a whole number of milliseconds") ?? DEFAULT_TIMEOUT_MS,
  });
  out.info(`reading the Zuora catalogue at ${baseUrl}${entityId ? ` (entity ${entityId})` : ""}`);
  const catalogue = await readZuoraCatalogue(client, (progress) => {
    if (progress.stage === "products") out.info(`  products: ${progress.read}`);
    else if (progress.done % PROGRESS_EVERY === 0 || progress.done === progress.total) {
      out.info(`  rate plans: ${progress.done}/${progress.total} products`);
    }
  });
  const report = await mapZuoraCatalogue(db, catalogue, {
    dryRun: flags["dry-run"] === true,
    discountPlans: discountPlans(flags),
  });
  out.result(report, reportText(report));
}
