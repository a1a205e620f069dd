// Demo customers, subscriptions and orders, placed through the real submitOrder service (so they
// are exactly what the portal and API would have made), as each partner's admin.

import { DEFAULT_TAX_RATES, taxRatesFromConfig } from "../../domain/tax";
import { BuiltinBillingProvider } from "../../infra/billing/builtin-provider";
import type { Db } from "../../infra/db/db";
import { env } from "../../infra/env/env";
import { makePartnerScope } from "../auth/partner-scope";
import type { OrderDeps } from "../orders/order-deps";
import { submitOrder } from "../orders/submit-order";

const address = (city: string, postalCode: string, country: string) => ({
  address1: "1 Demo Street",
  city,
  postalCode,
  country,
});

const DEMO_ORDERS: Record<string, Record<string, unknown>[]> = {
  acme: [
    {
      order_type: "new",
      external_id: "demo-acme-1",
      orderItems: [
        { offer: { id: "pro-monthly" }, quantity: 5 },
        { offer: { id: "setup-fee" }, quantity: 1 },
      ],
      customerDetails: { firstName: "Grace", lastName: "Hopper", email: "grace@hopper.example" },
      billingDetails: address("London", "EC1A 1BB", "GB"),
      country: "GB",
      orderDiscount: { code: "WELCOME10" },
    },
    {
      order_type: "new",
      external_id: "demo-acme-2",
      orderItems: [{ offer: { id: "starter-annual" }, quantity: 2 }],
      customerDetails: { firstName: "Alan", lastName: "Turing", email: "alan@turing.example" },
      billingDetails: address("Manchester", "M1 1AE", "GB"),
      country: "GB",
    },
    {
      order_type: "new",
      external_id: "demo-acme-3",
      orderItems: [
        { offer: { id: "acme-exclusive-bundle" }, quantity: 1 },
        { offer: { id: "addon-storage" }, quantity: 4 },
      ],
      customerDetails: { firstName: "Mary", lastName: "Somerville", email: "mary@somerville.example" },
      billingDetails: address("Dublin", "D02 X285", "IE"),
      country: "IE",
    },
  ],
  globex: [
    {
      order_type: "new",
      external_id: "demo-globex-1",
      orderItems: [{ offer: { id: "pro-annual" }, quantity: 10 }],
      customerDetails: { firstName: "Emmy", lastName: "Noether", email: "emmy@noether.example" },
      billingDetails: address("Berlin", "10115", "DE"),
      country: "DE",
    },
    {
      order_type: "new",
      external_id: "demo-globex-2",
      orderItems: [{ offer: { id: "starter-monthly" }, quantity: 1 }],
      customerDetails: { firstName: "Marie", lastName: "Curie", email: "marie@curie.example" },
      billingDetails: address("Paris", "75001", "FR"),
      country: "FR",
    },
  ],
};

export async function seedDemoOrders(db: Db, partnerSlug: string): Promise<number> {
  const partner = await db.partner.findUniqueOrThrow({ where: { slug: partnerSlug }, select: { id: true } });
  if ((await db.order.count({ where: { partnerId: partner.id } })) > 0) return 0;
  const admin = await db.staffUser.findFirstOrThrow({
    where: { partnerId: partner.id, role: "admin" },
    select: { id: true, email: true },
  });
  const scope = makePartnerScope(partner.id, {
    kind: "user",
    userId: admin.id,
    role: "admin",
    email: admin.email,
  });
  const rates = taxRatesFromConfig(env().taxRates);
  const builtin = new BuiltinBillingProvider();
  const deps: OrderDeps = {
    now: () => new Date(),
    taxRates: rates.ok ? rates.rates : DEFAULT_TAX_RATES,
    defaultProvider: "builtin",
    provider: () => builtin,
  };
  let made = 0;
  for (const body of DEMO_ORDERS[partnerSlug] ?? []) {
    await submitOrder(db, scope, body, { idempotencyKey: String(body.external_id) }, deps);
    made++;
  }
  return made;
}
