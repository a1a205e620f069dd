// Helpers shared by the order service tests: scopes for extra partners, a settable clock, row
// counts of everything an order may write, and a way to assert a DomainError's code.
import { expect } from "vitest";
import { DomainError, type DomainErrorCode } from "../../server/domain/domain-error";
import { makePartnerScope, type PartnerScope } from "../../server/features/auth/partner-scope";
import type { OrderDeps } from "../../server/features/orders/order-deps";
import { createPartner } from "../../server/features/partners/create-partner";
import type { CreatePartnerInput } from "../../server/features/partners/partner-settings-schema";
import type { BillingProvider } from "../../server/infra/billing/billing-provider";
import { aggregating, type Db } from "../../server/infra/db/client";
import { newRowId } from "../../server/infra/db/ids";
import { testDeps } from "./fixtures";

/** The fixed instant of testDeps(). */
export const NOW = new Date("2026-11-27T10:00:00.000Z");

/**
 * A partner with one staff user, made without the password hashing of createStaffUser (not what
 * these tests are about). Returns a staff scope for it.
 */
export async function partnerWithStaff(
  db: Db,
  input: CreatePartnerInput,
): Promise<{ partnerId: string; scope: PartnerScope }> {
  const partner = await createPartner(db, input);
  const userId = newRowId("usr");
  const email = `staff@${partner.slug}.test`;
  await db.staffUser.create({
    data: {
      id: userId,
      partnerId: partner.id,
      email,
      name: `Staff of ${partner.slug}`,
      role: "staff",
      passwordHash: "not-a-hash",
    },
  });
  return {
    partnerId: partner.id,
    scope: makePartnerScope(partner.id, { kind: "user", userId, role: "staff", email }),
  };
}

/** The scope of a partner's demo API client (orders it creates are attributed to the client). */
export async function apiClientScope(db: Db, clientId: string): Promise<PartnerScope> {
  const client = await db.apiClient.findUniqueOrThrow({
    where: { clientId },
    select: { id: true, partnerId: true, clientId: true },
  });
  return makePartnerScope(client.partnerId, {
    kind: "api_client",
    apiClientId: client.id,
    clientId: client.clientId,
    scopes: ["orders:preview", "orders:write", "orders:read", "catalog:read"],
  });
}

/** testDeps whose clock can be moved. */
export function clockDeps(start: Date = NOW, overrides: Partial<OrderDeps> = {}) {
  let current = new Date(start);
  const deps = testDeps({ now: () => new Date(current), ...overrides });
  return {
    deps,
    set(at: Date | string) {
      current = new Date(at);
    },
    advance(ms: number) {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** Counts of every table an order touches, and the discount redemptions. */
export async function rowCounts(db: Db) {
  const [
    orders,
    orderItems,
    customers,
    subscriptions,
    subscriptionItems,
    idempotencyRecords,
    auditEvents,
    partners,
    redeemed,
  ] = await Promise.all([
    db.order.count(),
    db.orderItem.count(),
    db.customer.count(),
    db.subscription.count(),
    db.subscriptionItem.count(),
    db.idempotencyRecord.count(),
    db.auditEvent.count(),
    db.partner.count(),
    aggregating(db).discountCode.aggregate({ _sum: { timesRedeemed: true } }),
  ]);
  return {
    orders,
    orderItems,
    customers,
    subscriptions,
    subscriptionItems,
    idempotencyRecords,
    auditEvents,
    partners,
    timesRedeemed: redeemed._sum.timesRedeemed ?? 0,
  };
}

/** Every subscription and subscription item as stored, to prove a refused change touched nothing. */
export async function subscriptionSnapshot(db: Db) {
  return {
    subscriptions: await db.subscription.findMany({ orderBy: { id: "asc" } }),
    items: await db.subscriptionItem.findMany({ orderBy: { id: "asc" } }),
  };
}

/** Awaits a promise that must reject with a DomainError of this code; returns the error. */
export async function domainError(promise: Promise<unknown>, code: DomainErrorCode): Promise<DomainError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected DomainError ${code}, but the call succeeded`).toBeDefined();
  expect(caught).toBeInstanceOf(DomainError);
  const error = caught as DomainError;
  expect({ code: error.code, message: error.message }).toMatchObject({ code });
  return error;
}

/** A BillingProvider that delegates to another one, failing `submit` the first `failures` times. */
export function flakyProvider(inner: BillingProvider, failures: number) {
  let remaining = failures;
  const calls = { preview: 0, submit: 0, failed: 0 };
  const provider: BillingProvider = {
    kind: inner.kind,
    async preview(request) {
      calls.preview++;
      return inner.preview(request);
    },
    async submit(request, key) {
      calls.submit++;
      if (remaining > 0) {
        remaining--;
        calls.failed++;
        throw new DomainError("UPSTREAM_FAILED", "The billing provider is unavailable (test double)");
      }
      return inner.submit(request, key);
    },
  };
  return { provider, calls };
}

export const address = (country = "GB") => ({
  address1: "1 High Street",
  city: "London",
  postalCode: "N1 1AA",
  country,
});

let emailCounter = 0;
/** A unique email per call, so each order makes its own customer unless told otherwise. */
export const uniqueEmail = (prefix = "buyer") =>
  `${prefix}.${Date.now().toString(36)}${(emailCounter++).toString(36)}@example.test`;

/** A new-order body for `country` (billing address in the same country). */
export function newOrder(
  items: { id: string; quantity: number; version?: number }[],
  extra: Record<string, unknown> = {},
) {
  const country = (extra.country as string | undefined) ?? "GB";
  return {
    order_type: "new",
    orderItems: items.map((i) => ({
      offer: i.version ? { id: i.id, version: i.version } : { id: i.id },
      quantity: i.quantity,
    })),
    customerDetails: { firstName: "Ada", lastName: "Lovelace", email: uniqueEmail() },
    billingDetails: address(country),
    country,
    ...extra,
  };
}
