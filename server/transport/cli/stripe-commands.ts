// `catalog sync-stripe`, and the Stripe account `offers import` and `discount create` sync to:
// each offer's product and prices and each discount code's coupons made in the Stripe account the
// server bills (its STRIPE_* settings), their ids stored, and with STRIPE_TAX=rates the tax rates
// of TAX_RATES (docs/billing-providers.md, "Stripe").

import { taxRatesFromConfig } from "../../domain/tax";
import type { StripeSyncReport } from "../../features/catalog/sync-stripe";
import { syncStripeCatalogue } from "../../features/catalog/sync-stripe";
import { resolvedTimeoutMs } from "../../infra/billing/provider-config";
import { StripeCatalogue } from "../../infra/billing/stripe-catalogue-sync";
import type { Db } from "../../infra/db/db";
import { env } from "../../infra/env/env";
import { type Flags, integer } from "./cli-flags";
import { type Output, UsageError } from "./cli-io";

/** Creating a catalogue is a few calls per offer; the order deadline is too tight for a page of lists. */
const DEFAULT_TIMEOUT_MS = 30_000;
/** How often the progress line is printed (in offers and codes). */
const PROGRESS_EVERY = 25;

/** The account to sync to, when STRIPE_SECRET_KEY is set; null otherwise (nothing is synced). */
export function stripeCatalogueFromEnv(timeoutMs = DEFAULT_TIMEOUT_MS): StripeCatalogue | null {
  const settings = env();
  const { secretKey, apiBase, tax } = settings.stripe;
  if (!secretKey) return null;
  // The table the server taxes by (env() refused a malformed TAX_RATES already).
  const table = taxRatesFromConfig(settings.taxRates);
  return new StripeCatalogue({
    secretKey,
    apiBase,
    timeoutMs: resolvedTimeoutMs({ timeoutMs }),
    taxRates: tax === "rates" && table.ok ? table.rates : null,
  });
}

export function progressPrinter(out: Output, label: string) {
  return (done: number, total: number) => {
    if (done % PROGRESS_EVERY === 0 || done === total) out.info(`  ${label}: ${done}/${total}`);
  };
}

const countText = (c: StripeSyncReport["counts"]["offers"], dryRun: boolean) =>
  dryRun
    ? `${c.pending} to sync, ${c.unchanged} already synced`
    : `${c.synced} synced, ${c.unchanged} already synced${c.failed + c.skipped > 0 ? `, ${c.failed + c.skipped} not synced` : ""}`;

/** The report's lines about what changed or failed (what was already synced is only counted). */
export function stripeSyncLines(report: StripeSyncReport, options: { codes?: boolean } = {}): string[] {
  const lines: string[] = [];
  if (report.taxRates.length > 0) {
    lines.push(`Stripe: tax rates ${countText(report.counts.taxRates, report.dryRun)}`);
    for (const r of report.taxRates) {
      const rate = `${r.country} ${r.rateBps / 100} %`;
      if (r.outcome === "synced") lines.push(`  synced      tax ${rate} -> ${r.taxRateId}`);
      if (r.outcome === "pending") lines.push(`  to sync     tax ${rate}`);
      if (r.outcome === "failed") lines.push(`  failed      tax ${rate}`);
    }
  }
  lines.push(`Stripe: offers ${countText(report.counts.offers, report.dryRun)}`);
  for (const o of report.offers) {
    const prices = o.prices
      .map((p) => `v${p.version} ${p.currency}${p.priceId ? ` ${p.priceId}` : ""}`)
      .join(", ");
    const renamed = o.product === "updated" ? " (product updated)" : "";
    if (o.outcome === "synced")
      lines.push(`  synced      ${o.offer} -> ${o.productId}${renamed}${prices ? `; prices ${prices}` : ""}`);
    const product =
      o.product === "created" ? "product to make" : o.product === "updated" ? "product to update" : "";
    const todo = [product, prices ? `prices ${prices}` : ""].filter(Boolean).join("; ");
    if (o.outcome === "pending") lines.push(`  to sync     ${o.offer}${todo ? `: ${todo}` : ""}`);
    if (o.outcome === "failed") lines.push(`  failed      ${o.offer}`);
    if (o.outcome === "skipped") lines.push(`  not synced  ${o.offer}`);
  }
  if (options.codes !== false) {
    lines.push(`Stripe: discount codes ${countText(report.counts.discountCodes, report.dryRun)}`);
    for (const d of report.discountCodes) {
      const coupons = d.coupons
        ? d.coupons.monthly === d.coupons.yearly
          ? d.coupons.monthly
          : `${d.coupons.monthly} (monthly), ${d.coupons.yearly} (yearly)`
        : "";
      if (d.outcome === "synced") lines.push(`  synced      ${d.code} -> ${coupons}`);
      if (d.outcome === "pending") lines.push(`  to sync     ${d.code}`);
      if (d.outcome === "failed") lines.push(`  failed      ${d.code}`);
      if (d.outcome === "skipped") lines.push(`  not synced  ${d.code}`);
    }
  }
  if (report.failure) {
    lines.push(
      `Stripe failed: ${report.failure}`,
      "What is not synced is refused for partners billed through Stripe (OFFER_NOT_MAPPED_AT_PROVIDER, DISCOUNT_NOT_MAPPED_AT_PROVIDER, TAX_RATE_NOT_MAPPED_AT_PROVIDER); run `catalog sync-stripe` to sync it.",
    );
  }
  if (report.dryRun) lines.push("Dry run: nothing was created or written.");
  return lines;
}

export async function catalogSyncStripe(db: Db, flags: Flags, out: Output): Promise<number> {
  const stripe = stripeCatalogueFromEnv(
    integer(flags, "timeout-ms", "a whole number of milliseconds") ?? DEFAULT_TIMEOUT_MS,
  );
  if (!stripe) {
    throw new UsageError("catalog sync-stripe needs STRIPE_SECRET_KEY: the Stripe account the server bills");
  }
  const dryRun = flags["dry-run"] === true;
  out.info(dryRun ? "looking for what is not synced to Stripe" : "syncing the catalogue to Stripe");
  const report = await syncStripeCatalogue(db, stripe, {
    dryRun,
    onProgress: progressPrinter(out, "checked"),
  });
  out.result(report, stripeSyncLines(report).join("\n"));
  return report.failure ? 1 : 0;
}
