import { describe, expect, it } from "vitest";
import { type OrderRequestInput, orderRequestSchema, zodErrorToFieldErrors } from "./order-request-schemas";

const OWNER = `id-${"0123456789abcdef".repeat(2)}`;

const examples = {
  new: {
    order_type: "new",
    orderItems: [
      { offer: { id: "pro", version: 2 }, quantity: 3 },
      { offer: { id: "backup" }, quantity: 1 },
    ],
    customerDetails: {
      firstName: "Ann",
      lastName: "Lee",
      email: "ann@example.com",
      phone: "+44 20 7946 0000",
    },
    billingDetails: {
      address1: "1 High St",
      city: "London",
      postalCode: "N1 1AA",
      country: "gb",
      company: "Lee Ltd",
    },
    deliveryDetails: { city: "Leeds" },
    country: "gb",
    currency: "gbp",
    orderDiscount: { code: "spring25" },
    orderDate: "2025-06-01",
    external_id: "ERP-1",
  },
  change_offer: {
    order_type: "change_offer",
    forSubscription: { reference: "abcdefgh2345" },
    orderItems: [{ offer: { id: "max" }, quantity: 1 }],
    effectiveDate: "2025-06-01T10:00:00Z",
  },
  add_offer: {
    order_type: "add_offer",
    forSubscription: { reference: "ABCDEFGH2345" },
    orderItems: [{ offer: { id: "backup" }, quantity: 2 }],
    process_immediately: false,
  },
  cancel: {
    order_type: "cancel",
    forSubscription: { reference: "ABCDEFGH2345" },
    effective: "end_of_term",
    reason: "Too dear",
  },
  renew: { order_type: "renew", forSubscription: { reference: "ABCDEFGH2345" }, termMonths: 12 },
} satisfies Record<string, OrderRequestInput>;

function errorsOf(body: unknown) {
  const result = orderRequestSchema.safeParse(body);
  expect(result.success).toBe(false);
  return result.success ? [] : zodErrorToFieldErrors(result.error);
}

function paths(body: unknown) {
  return errorsOf(body).map((error) => error.path);
}

describe("order request: good examples", () => {
  it.each(Object.entries(examples))("parses a %s order", (type, body) => {
    const parsed = orderRequestSchema.parse(body);
    expect(parsed.order_type).toBe(type);
    expect(typeof parsed.process_immediately).toBe("boolean");
  });

  it("normalises codes and applies defaults", () => {
    const parsed = orderRequestSchema.parse(examples.new);
    if (parsed.order_type !== "new") throw new Error("unreachable");
    expect(parsed.country).toBe("GB");
    expect(parsed.currency).toBe("GBP");
    expect(parsed.billingDetails.country).toBe("GB");
    expect(parsed.orderDiscount?.code).toBe("SPRING25");
    expect(parsed.process_immediately).toBe(true);
    const change = orderRequestSchema.parse(examples.change_offer);
    if (change.order_type !== "change_offer") throw new Error("unreachable");
    expect(change.forSubscription.reference).toBe("ABCDEFGH2345");
    expect(orderRequestSchema.parse(examples.add_offer).process_immediately).toBe(false);
  });

  it("accepts an existing customer instead of customer details", () => {
    const { customerDetails: _omit, ...rest } = examples.new;
    const parsed = orderRequestSchema.parse({
      ...rest,
      customer: { owner: OWNER.toUpperCase().replace("ID-", "id-") },
    });
    if (parsed.order_type !== "new") throw new Error("unreachable");
    expect(parsed.customer?.owner).toBe(OWNER);
  });
});

describe("order request: refused with useful paths", () => {
  it("refuses an unknown or missing order_type", () => {
    expect(errorsOf({ ...examples.new, order_type: "upgrade" })).toEqual([
      {
        path: "order_type",
        message: "order_type must be one of: new, change_offer, add_offer, cancel, renew",
      },
    ]);
    const { order_type: _omit, ...rest } = examples.new;
    expect(paths(rest)).toEqual(["order_type"]);
  });

  it("refuses a body that is not an object", () => {
    for (const body of [null, [], "order", 42]) expect(paths(body)).toEqual([""]);
  });

  it("refuses fields a client may not set, naming each", () => {
    const errors = errorsOf({
      ...examples.new,
      partner: "other",
      status: "complete",
      total: 0,
      orderItems: [{ offer: { id: "pro", price: 1 }, quantity: 1, unitAmount: 0 }],
      customerDetails: { ...examples.new.customerDetails, owner: OWNER },
    });
    expect(errors.map((error) => error.path).sort()).toEqual(
      [
        "partner",
        "status",
        "total",
        "orderItems.0.offer.price",
        "orderItems.0.unitAmount",
        "customerDetails.owner",
      ].sort(),
    );
    expect(errors[0]?.message).toMatch(/Unknown field/);
  });

  it("refuses fields of another variant", () => {
    expect(paths({ ...examples.cancel, orderItems: examples.add_offer.orderItems })).toEqual(["orderItems"]);
    expect(paths({ ...examples.renew, country: "GB" })).toEqual(["country"]);
  });

  it("refuses wrong types", () => {
    expect(paths({ ...examples.new, orderItems: [{ offer: { id: "pro" }, quantity: "3" }] })).toEqual([
      "orderItems.0.quantity",
    ]);
    expect(paths({ ...examples.new, orderItems: [{ offer: { id: "pro" }, quantity: 1.5 }] })).toEqual([
      "orderItems.0.quantity",
    ]);
    expect(paths({ ...examples.add_offer, process_immediately: "yes" })).toEqual(["process_immediately"]);
    expect(paths({ ...examples.renew, termMonths: 0 })).toEqual(["termMonths"]);
    expect(paths({ ...examples.cancel, effective: "tomorrow" })).toEqual(["effective"]);
    expect(paths({ ...examples.new, orderItems: { offer: { id: "pro" }, quantity: 1 } })).toEqual([
      "orderItems",
    ]);
  });

  it("refuses missing required fields", () => {
    const { billingDetails: _b, country: _c, ...rest } = examples.new;
    expect(paths(rest).sort()).toEqual(["billingDetails", "country"]);
    expect(paths({ ...examples.new, billingDetails: { country: "GB" } }).sort()).toEqual([
      "billingDetails.address1",
      "billingDetails.city",
      "billingDetails.postalCode",
    ]);
    expect(paths({ order_type: "cancel" }).sort()).toEqual(["effective", "forSubscription"]);
    expect(paths({ ...examples.add_offer, forSubscription: {} })).toEqual(["forSubscription.reference"]);
  });

  it("needs exactly one of customerDetails and customer", () => {
    const { customerDetails: _omit, ...rest } = examples.new;
    expect(paths(rest)).toEqual(["customerDetails"]);
    expect(paths({ ...examples.new, customer: { owner: OWNER } })).toEqual(["customer"]);
    expect(paths({ ...rest, customer: { owner: "id-123" } })).toEqual(["customer.owner"]);
  });

  it("bounds the number of items and the quantity", () => {
    expect(paths({ ...examples.new, orderItems: [] })).toEqual(["orderItems"]);
    const many = Array.from({ length: 51 }, (_, i) => ({ offer: { id: `o${i}` }, quantity: 1 }));
    expect(paths({ ...examples.new, orderItems: many })).toEqual(["orderItems"]);
    expect(paths({ ...examples.new, orderItems: [{ offer: { id: "pro" }, quantity: 0 }] })).toEqual([
      "orderItems.0.quantity",
    ]);
    expect(paths({ ...examples.new, orderItems: [{ offer: { id: "pro" }, quantity: 100_001 }] })).toEqual([
      "orderItems.0.quantity",
    ]);
  });

  it("refuses huge strings", () => {
    const huge = "x".repeat(10_000);
    expect(
      paths({ ...examples.new, customerDetails: { ...examples.new.customerDetails, firstName: huge } }),
    ).toEqual(["customerDetails.firstName"]);
    expect(paths({ ...examples.new, external_id: "e".repeat(256) })).toEqual(["external_id"]);
    expect(
      paths({ ...examples.new, billingDetails: { ...examples.new.billingDetails, address2: huge } }),
    ).toEqual(["billingDetails.address2"]);
    expect(paths({ ...examples.cancel, reason: huge })).toEqual(["reason"]);
    expect(
      paths({
        ...examples.new,
        customerDetails: { ...examples.new.customerDetails, email: `${huge}@example.com` },
      }),
    ).toEqual(["customerDetails.email"]);
  });

  it("validates codes, dates and emails", () => {
    expect(paths({ ...examples.new, country: "XX" })).toEqual(["country"]);
    expect(paths({ ...examples.new, country: "GBR" })).toEqual(["country"]);
    expect(paths({ ...examples.new, currency: "POUND" })).toEqual(["currency"]);
    expect(paths({ ...examples.new, orderDate: "01/06/2025" })).toEqual(["orderDate"]);
    expect(paths({ ...examples.new, orderDate: "2025-02-30" })).toEqual(["orderDate"]);
    expect(paths({ ...examples.change_offer, forSubscription: { reference: "SHORT" } })).toEqual([
      "forSubscription.reference",
    ]);
    expect(
      paths({ ...examples.new, customerDetails: { ...examples.new.customerDetails, email: "ann" } }),
    ).toEqual(["customerDetails.email"]);
    expect(paths({ ...examples.new, external_id: "" })).toEqual(["external_id"]);
    expect(paths({ ...examples.new, orderItems: [{ offer: { id: "  " }, quantity: 1 }] })).toEqual([
      "orderItems.0.offer.id",
    ]);
  });
});
