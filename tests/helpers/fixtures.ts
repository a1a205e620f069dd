// Shared fixtures for service tests: the demo data set (two partners, catalogue, discount codes)
// and partner scopes for acting as a partner's staff or API client.

import { DEFAULT_TAX_RATES } from "../../server/domain/tax";
import { makePartnerScope, type PartnerScope } from "../../server/features/auth/partner-scope";
import type { OrderDeps } from "../../server/features/orders/order-deps";
import { seedDemo } from "../../server/features/seed/seed-demo";
import { BuiltinBillingProvider } from "../../server/infra/billing/builtin-provider";
import type { Db } from "../../server/infra/db/client";

export async function seedPartners(db: Db) {
  await seedDemo(db);
  const partners = await db.partner.findMany({ select: { id: true, slug: true } });
  const id = (slug: string) => {
    const found = partners.find((p) => p.slug === slug);
    if (!found) throw new Error(`fixture partner ${slug} missing`);
    return found.id;
  };
  return { acmeId: id("acme"), globexId: id("globex") };
}

export async function staffScope(db: Db, email: string): Promise<PartnerScope> {
  const user = await db.staffUser.findUniqueOrThrow({
    where: { email },
    select: { id: true, partnerId: true, role: true, email: true },
  });
  return makePartnerScope(user.partnerId, {
    kind: "user",
    userId: user.id,
    role: user.role,
    email: user.email,
  });
}

export function testDeps(overrides: Partial<OrderDeps> = {}): OrderDeps {
  const builtin = new BuiltinBillingProvider();
  return {
    now: () => new Date("2026-11-27T10:00:00.000Z"),
    taxRates: { ...DEFAULT_TAX_RATES, GB: 2000, DE: 1900 },
    defaultProvider: "builtin",
    provider: () => builtin,
    ...overrides,
  };
}

export const newOrderBody = (overrides: Record<string, unknown> = {}) => ({
  order_type: "new",
  orderItems: [{ offer: { id: "pro-monthly" }, quantity: 3 }],
  customerDetails: {
    firstName: "Ada",
    lastName: "Lovelace",
    email: `ada.${Math.random().toString(36).slice(2)}@example.test`,
  },
  billingDetails: { address1: "1 High Street", city: "London", postalCode: "N1 1AA", country: "GB" },
  country: "GB",
  ...overrides,
});
