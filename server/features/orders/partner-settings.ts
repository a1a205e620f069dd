// Reads the partner's order settings (status, allowed countries, credit limit, provider...).
// Submissions always read them fresh. The live preview runs on every pause in the staff's typing,
// so it may use a copy up to PREVIEW_SETTINGS_MAX_AGE_MS old: an operator's change reaches
// previews within that window, and the submission that follows checks the current settings anyway.

import type { DbTypes } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";

export type PartnerRow = DbTypes.PartnerGetPayload<{ select: typeof partnerSelect }>;

export const PREVIEW_SETTINGS_MAX_AGE_MS = 5_000;

const partnerSelect = {
  id: true,
  slug: true,
  status: true,
  allowedCountries: true,
  creditLimit: true,
  defaultCurrency: true,
  billingProvider: true,
  invoiceOwner: true,
  // The partner's own accounts, billed when it owns the invoice (billing/partner-invoice-owner.ts).
  zuoraAccountNumber: true,
  stripeCustomerId: true,
  calloutUrl: true,
  calloutTimeoutMs: true,
  calloutCritical: true,
  calloutRejectStatuses: true,
  calloutSecretSealed: true,
} satisfies DbTypes.PartnerSelect;

type Entry = { row: PartnerRow; readAt: number };

/** One cache per client (tests open many databases); partners are few, so no eviction is needed. */
const caches = new WeakMap<Db, Map<string, Entry>>();

/**
 * The partner's settings, read from the database unless a copy at most `maxAgeMs` old is at hand
 * (0, the default, always reads). Every read refreshes the copy.
 */
export async function readPartnerSettings(db: Db, partnerId: string, maxAgeMs = 0): Promise<PartnerRow> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const now = performance.now();
  const cached = cache.get(partnerId);
  if (cached && maxAgeMs > 0 && now - cached.readAt <= maxAgeMs) return cached.row;
  const row = await db.partner.findUniqueOrThrow({
    where: { id: partnerId },
    select: partnerSelect,
  });
  if (Array.isArray(row.allowedCountries)) Object.freeze(row.allowedCountries);
  cache.set(partnerId, { row: Object.freeze(row), readAt: now });
  return row;
}
