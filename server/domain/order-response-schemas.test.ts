import { describe, expect, it } from "vitest";
import {
  listedOfferSchema,
  offerListResponseSchema,
  orderDetailSchema,
  orderListResponseSchema,
  previewResponseSchema,
  problemDetailsSchema,
  submitResponseSchema,
} from "./order-response-schemas";
import { priceOrder } from "./pricing";

const pricing = priceOrder({
  currency: "GBP",
  country: "GB",
  taxRateBps: 2000,
  startDate: new Date("2025-01-01T00:00:00Z"),
  lines: [
    {
      offer: { id: "pro", version: 1, name: "Pro", billingPeriod: "month", termMonths: 12 },
      unitAmount: 1500,
      quantity: 2,
    },
  ],
});

const submit = {
  id: `order-${"ab".repeat(16)}`,
  order_reference: "K7M2P9Q4R8T3",
  status: "submitted",
  external_id: null,
  subscriptionReference: "H4J6K8M2N3P5",
  owner: `id-${"cd".repeat(16)}`,
  created_at: "2025-01-01T10:00:00.000Z",
  total: 3600,
  currency: "GBP",
} as const;

const listItem = {
  ...submit,
  order_type: "new",
  subtotal: 3000,
  discount_total: 0,
  tax_total: 600,
  billing_provider: "builtin",
  attempts: 0,
  processed_at: null,
  failure: null,
  customer: { owner: submit.owner, email: "ann@example.com", name: "Ann Lee" },
  created_by: { kind: "api_client", id: "client_1", name: "ERP" },
} as const;

describe("response schemas", () => {
  it("describe a preview answer built from priceOrder", () => {
    const preview = {
      ...pricing,
      billingProvider: "builtin",
      eligibility: {
        eligible: false,
        problems: [{ code: "CREDIT_LIMIT_EXCEEDED", message: "Too much.", path: "" }],
      },
      providerResult: { invoicePreview: { total: 3600 } },
    };
    expect(previewResponseSchema.parse(preview)).toEqual(preview);
    expect(
      previewResponseSchema.safeParse({
        ...preview,
        eligibility: { eligible: true, problems: [{ code: "NOPE", message: "", path: "" }] },
      }).success,
    ).toBe(false);
  });

  it("describe the submit answer, and refuse leaks and floats", () => {
    expect(submitResponseSchema.parse(submit)).toEqual(submit);
    expect(submitResponseSchema.safeParse({ ...submit, partnerId: "p" }).success).toBe(false);
    expect(submitResponseSchema.safeParse({ ...submit, total: 36.5 }).success).toBe(false);
    expect(submitResponseSchema.safeParse({ ...submit, total: -1 }).success).toBe(false);
    expect(submitResponseSchema.safeParse({ ...submit, id: "order-1" }).success).toBe(false);
  });

  it("describe the order list and detail", () => {
    expect(orderListResponseSchema.parse({ items: [listItem], next_cursor: null }).items).toHaveLength(1);
    expect(orderListResponseSchema.safeParse({ items: [listItem] }).success).toBe(false);
    const failed = {
      ...listItem,
      status: "failed",
      attempts: 7,
      processed_at: "2025-01-01T11:00:00.000Z",
      failure: { code: "PROVIDER_UNAVAILABLE", message: "Stripe could not be reached" },
    };
    expect(orderListResponseSchema.parse({ items: [failed], next_cursor: null }).items[0]).toEqual(failed);
    const unknownCode = { ...failed, failure: { code: "DB_DEADLOCK", message: "internal" } };
    expect(orderListResponseSchema.safeParse({ items: [unknownCode], next_cursor: null }).success).toBe(
      false,
    );
    const detail = {
      ...listItem,
      created_by: null,
      items: pricing.lineItems.map((line) => ({
        offer: { id: line.offer.id, version: line.offer.version },
        description: line.description,
        quantity: line.quantity,
        unitAmount: line.unitAmount,
        amountWithoutTax: line.amountWithoutTax,
        discountAmount: line.discountAmount,
        taxAmount: line.taxAmount,
        amount: line.amount,
        billingPeriod: line.billingPeriod,
      })),
      schedule: pricing.schedule,
      audit: [
        {
          action: "order.submitted",
          actor: { kind: "api_client", id: "client_1" },
          at: submit.created_at,
          data: null,
        },
      ],
    };
    expect(orderDetailSchema.parse(detail)).toEqual(detail);
    expect(orderDetailSchema.safeParse({ ...detail, partnerId: "p" }).success).toBe(false);
  });

  it("describe a listed offer", () => {
    const offer = {
      id: "pro",
      version: 3,
      name: "Pro",
      description: null,
      productCode: "PRO",
      billingPeriod: "month",
      termMonths: null,
      minQuantity: 1,
      maxQuantity: null,
      addOn: false,
      countries: ["GB"],
      prices: [{ currency: "GBP", unitAmount: 1500 }],
    };
    expect(listedOfferSchema.parse(offer)).toEqual(offer);
    expect(offerListResponseSchema.parse({ items: [offer] }).items).toHaveLength(1);
  });

  it("describe problem+json, allowing extension members", () => {
    const problem = {
      type: "https://example.test/problems/validation",
      title: "Invalid request",
      status: 400,
      detail: "orderItems.0.quantity: must be at least 1",
      instance: "/partner/order",
      message: "orderItems.0.quantity: must be at least 1",
      errors: [{ path: "orderItems.0.quantity", message: "must be at least 1" }],
      existing_order: "order-x",
    };
    expect(problemDetailsSchema.parse(problem)).toEqual(problem);
    expect(problemDetailsSchema.safeParse({ ...problem, status: 200 }).success).toBe(false);
    expect(problemDetailsSchema.safeParse({ ...problem, message: undefined }).success).toBe(false);
  });
});
