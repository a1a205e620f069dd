// Writes the base of the orders `npm run bench:scale` generates: scale-multiply.ts copies it in
// SQL up to the number asked for (this path, about 2.4 ms an order, is kept to the base). Each
// generated order is a copy of a template order that the real submission path wrote (its pricing
// and payload JSON, its lines, its subscription's items), with its own ids, reference, customer,
// dates and figures, so the rows are what the app itself would have stored, at bulk-INSERT
// speed: batches of multi-row INSERTs (insertRows, the statement the submit path uses), one
// transaction a batch. Order i has externalId `scale-<i>`: the copies find the base by it.
//
// The mix: 70% of orders are `new` (each with a new customer and subscription), the rest change,
// add to, renew or cancel an earlier subscription of the same partner. 95% complete, 3% failed,
// 2% submitted. Creation dates run evenly over the last two years, oldest first (order i at
// i/count of the way). 85% belong to the benchmark's partner (acme), the rest to the other demo
// partners, so reads are measured beside other partners' rows.
import type { PartnerScope } from "../../server/features/auth/partner-scope";
import { submitOrder } from "../../server/features/orders/submit-order";
import type { Db } from "../../server/infra/db/db";
import { newOrderId, newOwnerId, newReference, newRowId } from "../../server/infra/db/ids";
import { type InsertRow, insertRows } from "../../server/infra/db/insert-rows";
import { benchOrderBody } from "./order-body";

const FIRST_NAMES = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim"];
const LAST_NAMES = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Dijkstra",
  "Liskov",
  "Knuth",
  "Allen",
  "Thompson",
  "Perlman",
];
const LATER_TYPES = ["change_offer", "add_offer", "renew", "cancel"] as const;
const BATCH = 250;
/** The window the creation dates span, ending now; scale-multiply.ts spreads its copies over it too. */
export const TWO_YEARS_MS = 730 * 24 * 3600 * 1000;

type Template = Awaited<ReturnType<typeof loadTemplate>>;

/** Submits one real order and reads back every row it wrote: the shape each generated order copies. */
async function loadTemplate(db: Db, scope: PartnerScope) {
  const body = benchOrderBody(0, `scale-template-${Date.now()}`, {
    setupFee: true,
    discountCode: "WELCOME10",
  });
  const { order } = await submitOrder(db, scope, body, { idempotencyKey: body.external_id });
  const row = await db.order.findUniqueOrThrow({ where: { id: order.id }, include: { items: true } });
  const subscription = await db.subscription.findUniqueOrThrow({
    where: { id: row.subscriptionId ?? "" },
    include: { items: true, customer: true },
  });
  return { order: row, subscription };
}

export type GeneratedCounts = { orders: number; customers: number; subscriptions: number; seconds: number };

/**
 * Writes `count` orders (with their customers, subscriptions and lines) for `scopes[0]` mostly and
 * the other scopes' partners for the rest. `onProgress` is called after every batch.
 */
export async function generateOrders(
  db: Db,
  scopes: readonly PartnerScope[],
  count: number,
  onProgress: (written: number) => void = () => {},
): Promise<GeneratedCounts> {
  const [main] = scopes;
  if (!main) throw new Error("generateOrders: at least one partner scope");
  const template = await loadTemplate(db, main);
  const { items: templateItems, ...templateOrder } = template.order;
  const started = performance.now();
  const now = Date.now();
  const subscriptionsOf = new Map<string, { id: string; customerId: string }[]>();
  let customers = 0;
  let subscriptions = 0;

  for (let first = 0; first < count; first += BATCH) {
    const size = Math.min(BATCH, count - first);
    const rows = {
      customers: [] as InsertRow<"Customer">[],
      subscriptions: [] as InsertRow<"Subscription">[],
      subscriptionItems: [] as InsertRow<"SubscriptionItem">[],
      orders: [] as InsertRow<"Order">[],
      orderItems: [] as InsertRow<"OrderItem">[],
    };
    for (let i = first; i < first + size; i++) {
      const scope =
        i % 20 < 17 || scopes.length === 1 ? main : (scopes[1 + (i % (scopes.length - 1))] ?? main);
      const createdAt = new Date(now - TWO_YEARS_MS + Math.floor((TWO_YEARS_MS * i) / count));
      const earlier = subscriptionsOf.get(scope.partnerId) ?? [];
      const type =
        earlier.length === 0 || i % 10 < 7 ? "new" : (LATER_TYPES[i % LATER_TYPES.length] ?? "renew");
      let target: { id: string; customerId: string };
      if (type === "new") {
        target = { id: newRowId("sub"), customerId: newOwnerId() };
        const firstName = FIRST_NAMES[i % FIRST_NAMES.length] ?? "Ada";
        const lastName = `${LAST_NAMES[(i >> 3) % LAST_NAMES.length]} ${i}`;
        const email = `${firstName}.${lastName.replace(" ", ".")}@example.test`;
        rows.customers.push({
          ...template.subscription.customer,
          id: target.customerId,
          partnerId: scope.partnerId,
          firstName,
          lastName,
          email,
          emailLower: email.toLowerCase(),
          nameLower: `${firstName} ${lastName}`.toLowerCase(),
          billingAddress: objectOrNull(template.subscription.customer.billingAddress),
          createdAt,
          updatedAt: createdAt,
        });
        rows.subscriptions.push({
          ...withoutRelations(template.subscription),
          id: target.id,
          reference: newReference(),
          partnerId: scope.partnerId,
          customerId: target.customerId,
          termStart: createdAt,
          termEnd: template.subscription.termEnd
            ? new Date(createdAt.getTime() + 365 * 24 * 3600 * 1000)
            : null,
          createdAt,
          updatedAt: createdAt,
        });
        for (const item of template.subscription.items) {
          rows.subscriptionItems.push({
            ...item,
            id: newRowId("sit"),
            subscriptionId: target.id,
            addedAt: createdAt,
          });
        }
        earlier.push(target);
        subscriptionsOf.set(scope.partnerId, earlier);
        customers++;
        subscriptions++;
      } else {
        const picked = earlier[(i * 7919) % earlier.length];
        if (!picked) throw new Error("generateOrders: a change needs an earlier subscription");
        target = picked;
      }
      const orderId = newOrderId();
      const status = i % 100 < 95 ? "complete" : i % 100 < 98 ? "failed" : "submitted";
      const scale = 1 + (i % 7);
      rows.orders.push({
        ...templateOrder,
        id: orderId,
        reference: newReference(),
        partnerId: scope.partnerId,
        type,
        status,
        externalId: `scale-${i}`,
        customerId: target.customerId,
        subscriptionId: target.id,
        subtotal: template.order.subtotal * scale,
        discountTotal: template.order.discountTotal * scale,
        taxTotal: template.order.taxTotal * scale,
        total: template.order.total * scale,
        discountCodeId: null,
        payload: objectOf(template.order.payload),
        pricing: objectOf(template.order.pricing),
        failureCode: status === "failed" ? "PROVIDER_REJECTED" : null,
        failureMessage: status === "failed" ? "The billing provider refused the order." : null,
        processedAt: status === "submitted" ? null : createdAt,
        createdAt,
        updatedAt: createdAt,
      });
      for (const item of templateItems) {
        rows.orderItems.push({ ...item, id: newRowId("oit"), orderId });
      }
    }
    await db.$transaction([
      ...(rows.customers.length ? [insertRows(db, "Customer", rows.customers)] : []),
      ...(rows.subscriptions.length ? [insertRows(db, "Subscription", rows.subscriptions)] : []),
      ...(rows.subscriptionItems.length ? [insertRows(db, "SubscriptionItem", rows.subscriptionItems)] : []),
      insertRows(db, "Order", rows.orders),
      insertRows(db, "OrderItem", rows.orderItems),
    ]);
    onProgress(first + size);
  }
  return { orders: count, customers, subscriptions, seconds: (performance.now() - started) / 1000 };
}

function withoutRelations(subscription: Template["subscription"]) {
  const { items: _items, customer: _customer, ...row } = subscription;
  return row;
}

/** JSON columns read back as values; insertRows takes an object for a non-null JSON column. */
function objectOf(value: unknown): object {
  if (value === null || typeof value !== "object")
    throw new Error("template order: a JSON column is not an object");
  return value;
}

function objectOrNull(value: unknown): object | null {
  return value === null || value === undefined ? null : objectOf(value);
}
