// `seed --demo` / `npm run db:seed`: safe to run any number of times. Each part is created only
// when missing, so a second run changes nothing and never duplicates rows or offer versions.

import type { Db } from "../../infra/db/db";
import { newRowId } from "../../infra/db/ids";
import { createApiClient } from "../api-clients/api-client-service";
import { importOffers } from "../catalog/import-offers";
import { createPartner } from "../partners/create-partner";
import { createStaffUser } from "../users/create-staff-user";
import { DEMO_CATALOGUE } from "./demo-catalogue";
import { DEMO_DISCOUNTS, DEMO_PARTNERS, DEMO_PASSWORD } from "./demo-credentials";
import { seedDemoOrders } from "./demo-orders";

export type SeedLog = (line: string) => void;

export type SeedSummary = {
  partners: string[];
  created: {
    partners: number;
    users: number;
    apiClients: number;
    offers: number;
    discountCodes: number;
    orders: number;
  };
};

export async function seedDemo(db: Db, log: SeedLog = () => {}): Promise<SeedSummary> {
  const created = { partners: 0, users: 0, apiClients: 0, offers: 0, discountCodes: 0, orders: 0 };

  for (const demo of DEMO_PARTNERS) {
    let partner = await db.partner.findUnique({
      where: { slug: demo.slug },
      select: { id: true, isDemo: true },
    });
    if (!partner) {
      const made = await createPartner(db, { ...demo });
      partner = await db.partner.update({
        where: { id: made.id },
        data: { isDemo: true },
        select: { id: true, isDemo: true },
      });
      created.partners++;
      log(`partner ${demo.slug} created`);
    } else if (!partner.isDemo) {
      // Never turn an operator's real partner into a demo one (that would enable demo sign-ins).
      throw new Error(`A partner "${demo.slug}" exists and is not demo data; refusing to seed over it`);
    }
    for (const user of demo.users) {
      if (await db.staffUser.findUnique({ where: { email: user.email }, select: { id: true } })) continue;
      await createStaffUser(db, { ...user, partner: demo.slug, password: DEMO_PASSWORD });
      created.users++;
    }
    if (
      !(await db.apiClient.findUnique({ where: { clientId: demo.apiClient.clientId }, select: { id: true } }))
    ) {
      await createApiClient(
        db,
        { name: "seed --demo" },
        {
          partner: demo.slug,
          name: demo.apiClient.name,
          scopes: ["orders:preview", "orders:write", "orders:read", "catalog:read", "webhooks:manage"],
        },
        { clientId: demo.apiClient.clientId, secret: demo.apiClient.secret },
      );
      created.apiClients++;
    }
  }

  const existingOffers = await db.offer.count({
    where: { id: { in: DEMO_CATALOGUE.offers.map((o) => o.id as string) } },
  });
  if (existingOffers === 0) {
    const result = await importOffers(db, DEMO_CATALOGUE);
    created.offers = result.imported;
    log(`catalogue: ${result.imported} offers imported`);
  }

  const partnerIds = new Map(
    (
      await db.partner.findMany({
        where: { slug: { in: DEMO_PARTNERS.map((p) => p.slug) } },
        select: { id: true, slug: true },
      })
    ).map((p) => [p.slug, p.id]),
  );
  for (const discount of DEMO_DISCOUNTS) {
    if (await db.discountCode.findUnique({ where: { code: discount.code }, select: { id: true } })) continue;
    await db.discountCode.create({
      data: {
        id: newRowId("dsc"),
        code: discount.code,
        partnerId: discount.partner ? (partnerIds.get(discount.partner) ?? null) : null,
        kind: discount.kind,
        percentOff: discount.percentOff ?? null,
        amountOff: discount.amountOff ?? null,
        currency: discount.currency ?? null,
        durationPeriods: discount.durationPeriods,
        expiresAt: discount.expiresAt ? new Date(discount.expiresAt) : null,
        maxRedemptions: discount.maxRedemptions ?? null,
        timesRedeemed: discount.timesRedeemed ?? 0,
      },
    });
    created.discountCodes++;
  }

  for (const demo of DEMO_PARTNERS) created.orders += await seedDemoOrders(db, demo.slug);
  if (created.orders > 0) log(`orders: ${created.orders} demo orders placed`);

  return { partners: DEMO_PARTNERS.map((p) => p.slug), created };
}
