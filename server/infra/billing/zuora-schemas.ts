// The parts of Zuora's answers the plugin relies on (checked against Zuora's v1 API reference and
// tutorials: "Create an OAuth token", "Preview an order", "Create an order", "Retrieve a
// subscription", "Create an order asynchronously", "Retrieve the status and response of a job").
// Loose objects: Zuora adds fields by API version. Amounts are decimals, sent as JSON numbers
// (49.99) or, by some versions, strings; decimal-amounts.ts converts them exactly.
import { z } from "zod";

const decimal = z.union([z.number(), z.string()]);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/);

export const zuoraTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string().optional(),
});

/** Zuora's business error: HTTP 200 (or 4xx) with success false and reasons. */
export const zuoraFailureSchema = z.looseObject({
  success: z.literal(false),
  reasons: z
    .array(z.looseObject({ code: z.union([z.number(), z.string()]).optional(), message: z.string() }))
    .optional(),
});

export const zuoraInvoiceItemSchema = z.looseObject({
  amountWithoutTax: decimal,
  taxAmount: decimal.nullable().optional(),
  serviceStartDate: isoDate.nullable().optional(),
  serviceEndDate: isoDate.nullable().optional(),
  chargeName: z.string().nullable().optional(),
  chargeDescription: z.string().nullable().optional(),
  productName: z.string().nullable().optional(),
  productRatePlanChargeId: z.string().nullable().optional(),
  processingType: z.string().nullable().optional(),
  unitPrice: decimal.nullable().optional(),
  additionalInfo: z.looseObject({ quantity: decimal.nullable().optional() }).nullable().optional(),
});

export type ZuoraInvoiceItem = z.infer<typeof zuoraInvoiceItemSchema>;

export const zuoraPreviewInvoiceSchema = z.looseObject({
  amount: decimal,
  amountWithoutTax: decimal,
  taxAmount: decimal,
  targetDate: isoDate,
  invoiceItems: z.array(zuoraInvoiceItemSchema),
});

export type ZuoraPreviewInvoice = z.infer<typeof zuoraPreviewInvoiceSchema>;

// With Invoice Settlement, a preview also lists credit memos ("previewResult.creditMemos": "only
// available if you have the Invoice Settlement feature enabled"; the same BillingDocs preview type
// asks for them). Their items are the invoice items' type (InvoiceItemPreviewResult) with the sign
// of credit: a positive amount is credit to the customer, a negative one a charge (as when a memo
// is made for a net negative total). amount = amountWithoutTax + taxAmount, positive for credit.
export const zuoraPreviewCreditMemoSchema = z.looseObject({
  amount: decimal,
  amountWithoutTax: decimal,
  taxAmount: decimal,
  targetDate: isoDate,
  creditMemoItems: z.array(zuoraInvoiceItemSchema),
});

export type ZuoraPreviewCreditMemo = z.infer<typeof zuoraPreviewCreditMemoSchema>;

export const zuoraPreviewAnswerSchema = z.looseObject({
  success: z.literal(true),
  previewResult: z.looseObject({
    invoices: z.array(zuoraPreviewInvoiceSchema).optional(),
    creditMemos: z.array(zuoraPreviewCreditMemoSchema).optional(),
  }),
});

export const zuoraCreateOrderAnswerSchema = z.looseObject({
  success: z.literal(true),
  orderNumber: z.string().min(1),
  accountNumber: z.string().min(1),
  status: z.string().optional(),
  // What Zuora-Version 223.0 and later answer (we send ZUORA_API_VERSION, 341.0); the older
  // `subscriptionNumbers` list is not sent at these versions.
  subscriptions: z
    .array(z.looseObject({ subscriptionNumber: z.string().min(1), status: z.string().optional() }))
    .optional(),
});

// "Create an order asynchronously" (POST /v1/async/orders, the body of "Create an order"):
// 202 Accepted with the id of the job that creates the order.
export const zuoraAsyncOrderAnswerSchema = z.looseObject({
  success: z.literal(true).optional(),
  jobId: z.string().min(1),
});

// "Retrieve the status and response of a job" (GET /v1/async-jobs/{jobId}): status Processing,
// Failed or Completed; `errors` says why a job failed; `result` of a completed AsyncCreateOrder
// job has the answer schema of "Create an order" (at our Zuora-Version, `subscriptions`). Any
// other status is not one Zuora documents, and fails the parse (answered garbage, retried).
export const zuoraAsyncJobSchema = z.looseObject({
  success: z.boolean().optional(),
  status: z.enum(["Processing", "Failed", "Completed"]),
  errors: z.string().nullable().optional(),
  result: z.unknown().optional(),
});

/** What "Create an order" answers (directly, or as the result of an asynchronous order's job). */
export type ZuoraCreatedOrder = Pick<
  z.infer<typeof zuoraCreateOrderAnswerSchema>,
  "orderNumber" | "accountNumber" | "subscriptions"
>;

/** The `result` of a completed order job: Create an order's answer (its `success` may be left out). */
export const zuoraAsyncOrderResultSchema = zuoraCreateOrderAnswerSchema.extend({
  success: z.literal(true).optional(),
});

export const zuoraSubscriptionSchema = z.looseObject({
  success: z.literal(true).optional(),
  subscriptionNumber: z.string(),
  accountNumber: z.string().optional(),
  status: z.string().optional(),
  ratePlans: z.array(
    z.looseObject({
      id: z.string(),
      productRatePlanId: z.string().optional(),
      lastChangeType: z.string().nullable().optional(),
    }),
  ),
});

export type ZuoraSubscription = z.infer<typeof zuoraSubscriptionSchema>;

// "List all products" (GET /v1/catalog/products). From Zuora-Version 230.0 on (we send 341.0), a
// product's productRatePlans is the URL of its plans, not the plans: they are read per product.
// nextPage is present while there are more pages.
export const zuoraCatalogueProductsSchema = z.looseObject({
  success: z.literal(true),
  products: z
    .array(
      z.looseObject({
        id: z.string().min(1),
        name: z.string().nullable().optional(),
        sku: z.string().nullable().optional(),
        productNumber: z.string().nullable().optional(),
      }),
    )
    .optional(),
  nextPage: z.string().nullable().optional(),
});

// "List all product rate plans of a product" (GET /v1/products/{product-key}/product-rate-plans).
export const zuoraProductRatePlansSchema = z.looseObject({
  success: z.literal(true),
  productRatePlans: z
    .array(
      z.looseObject({
        id: z.string().min(1),
        name: z.string().nullable().optional(),
        status: z.string().nullable().optional(),
        productRatePlanNumber: z.string().nullable().optional(),
        productRatePlanCharges: z
          .array(
            z.looseObject({
              id: z.string().min(1),
              name: z.string().nullable().optional(),
              productRatePlanChargeNumber: z.string().nullable().optional(),
              type: z.string(),
              model: z.string(),
              billingPeriod: z.string().nullable().optional(),
              pricing: z
                .array(z.looseObject({ currency: z.string().nullable().optional() }))
                .nullable()
                .optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
  nextPage: z.string().nullable().optional(),
});
