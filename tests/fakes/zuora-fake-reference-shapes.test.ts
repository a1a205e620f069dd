// The Zuora fake's answers against the response samples of Zuora's v1 API reference
// (developer.zuora.com; tests/fakes/reference-samples/README.md says where each came from), shapes
// only. The fake is driven by the app's own client code making the calls it makes in production
// (the `zuora` provider's preview, submit, submitLater/checkSubmitted and change of offer, and the
// catalogue reader of `catalog map-zuora`), at the Zuora-Version the client sends
// (ZUORA_API_VERSION), and the JSON the fake sent back is what is compared.
//
// Per answer, the keys the fake must answer as the sample does are every key of the sample except
// those listed `absent` below, each with the reason it is left out; nested objects the client
// reads are compared key by key too. Unlike Stripe's, Zuora's answers have no typed SDK behind the
// fake, so the keys it answers beyond a sample, in the answers the client reads, are listed too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readZuoraCatalogue } from "../../server/infra/billing/zuora-catalogue-reader";
import { ZUORA_API_VERSION, ZuoraClient } from "../../server/infra/billing/zuora-client";
import { ZuoraBillingProvider } from "../../server/infra/billing/zuora-provider";
import { type ZuoraTenant, zuoraTenant } from "../helpers/zuora-tenant";
import { line, WELCOME10 } from "./order-request-fixture";
import {
  keysBeyondSample,
  referenceSample,
  type ShapeRule,
  shapeMismatches,
  shapeOf,
} from "./reference-samples/shapes";
import { startZuoraFake, type ZuoraFake } from "./zuora-fake-server";

let fake: ZuoraFake;
let tenant: ZuoraTenant;

beforeAll(async () => {
  fake = await startZuoraFake({ asyncProcessingPolls: 1, taxRateBps: 2000 });
  tenant = zuoraTenant(fake);
  const settings = {
    baseUrl: fake.url,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    timeoutMs: 5000,
  };
  const provider = new ZuoraBillingProvider(settings);

  await provider.preview(tenant.request({ discount: WELCOME10 }));
  const created = await provider.submit(tenant.request(), "shape-order");
  const later = await provider.submitLater(tenant.request(), "shape-async");
  // Processing for the one poll the fake was told to answer so, then Completed; bounded, so that a
  // job that never ends fails the checks below instead of hanging.
  for (let poll = 0; poll < 5; poll += 1) {
    if ((await provider.checkSubmitted(tenant.request(), later.handle)).done) break;
  }
  await provider.submit(
    tenant.request({
      orderType: "change_offer",
      customer: { ...tenant.request().customer, providerCustomerId: created.providerCustomerId },
      subscription: {
        reference: "SHAPES000002",
        providerSubscriptionId: created.providerSubscriptionId,
        termEnd: null,
      },
      lines: [line(tenant.offers.support, 4000)],
    }),
    "shape-change",
  );
  await readZuoraCatalogue(new ZuoraClient(settings));
  // A refusal: Zuora's validation of an order naming a rate plan the tenant does not have.
  const unknownPlan = {
    ...tenant.offers.proMonthly,
    zuora: { productRatePlanId: "0".repeat(32), productRatePlanChargeId: "1".repeat(32) },
  };
  await provider.preview(tenant.request({ lines: [line(unknownPlan, 1500)] })).catch(() => null);
});
afterAll(() => fake.close());

/** The JSON the fake answered to the requests to `path` (a pattern: `:id` is one segment). */
function answers(
  method: string,
  path: string,
  keep: (json: Record<string, unknown>) => boolean = () => true,
) {
  const pattern = new RegExp(`^${path.replace(/:id/g, "[^/]+")}$`);
  const found = fake.requests
    .filter((r) => r.method === method && pattern.test(r.path))
    .map((r) => JSON.parse(r.response?.body ?? "null") as Record<string, unknown>)
    .filter(keep);
  // A check of no answer would pass for nothing.
  expect(found.length, `${method} ${path} answered`).toBeGreaterThan(0);
  return found;
}

const succeeded = (json: Record<string, unknown>) => json.success !== false;

function expectShape(file: string, answered: Record<string, unknown>[], rule: ShapeRule) {
  const { sample } = referenceSample(file);
  for (const answer of answered) {
    expect(shapeMismatches(sample, answer, rule), `${file} vs ${JSON.stringify(shapeOf(answer))}`).toEqual(
      [],
    );
  }
}

/**
 * "Create an order" (and a completed job's `result`): the client reads orderNumber, accountNumber
 * and subscriptions[].subscriptionNumber. Each subscription's owner is the order's account in every
 * order the portal makes, so the fake does not repeat it as subscriptionOwnerId/Number.
 */
const CREATED_ORDER: ShapeRule = {
  nested: { subscriptions: { absent: ["subscriptionOwnerId", "subscriptionOwnerNumber"] } },
};

/**
 * "Preview an order": the client reads each invoice's amounts and target date, and each item's
 * amounts, dates, names, charge id, processing type, unit price and additionalInfo.quantity.
 */
const PREVIEW: ShapeRule = {
  nested: {
    previewResult: {
      nested: { invoices: { nested: { invoiceItems: { nested: { additionalInfo: {} } } } } },
    },
  },
};

/**
 * A completed job of "Create an order asynchronously": `result` is Create an order's answer. The
 * sample's order ran billing and collected a payment (invoiceNumbers, paidAmount, paymentNumber)
 * and had order line items; the portal's orders send no processingOptions (zuora-order-request.ts)
 * and no line items, so Zuora answers none of those to them.
 */
const ASYNC_JOB: ShapeRule = {
  nested: {
    result: {
      absent: ["invoiceNumbers", "orderLineItems", "paidAmount", "paymentNumber"],
      nested: { subscriptions: {} },
    },
  },
};

/**
 * "Retrieve a subscription": the client reads subscriptionNumber, accountNumber, status and each
 * rate plan's id, productRatePlanId and lastChangeType. Zuora answers the owners' details and the
 * detailed metrics only when asked (getSubscriptionOwnerDetails, getInvoiceOwnerDetails,
 * getDetailedMetrics), which the client does not ask; the other fields are the subscription's
 * terms, contacts, invoicing settings and figures, which the fake does not model and the client
 * does not read.
 */
const SUBSCRIPTION: ShapeRule = {
  absent: [
    // Asked for by query parameters the client does not send.
    "accountOwnerDetails",
    "invoiceOwnerAccountDetails",
    "contractedNetMrr",
    "asOfDayGrossMrr",
    "asOfDayNetMrr",
    "netTotalContractedValue",
    // Not modelled by the fake, read by no one here.
    "accountId",
    "accountName",
    "autoRenew",
    "contractEffectiveDate",
    "contractedMrr",
    "currency",
    "currentTerm",
    "currentTermPeriodType",
    "customerAcceptanceDate",
    "initialTerm",
    "initialTermPeriodType",
    "invoiceGroupNumber",
    "invoiceOwnerAccountId",
    "invoiceOwnerAccountName",
    "invoiceOwnerAccountNumber",
    "invoiceScheduleId",
    "invoiceSeparately",
    "invoiceTemplateId",
    "invoiceTemplateName",
    "notes",
    "paymentTerm",
    "renewalSetting",
    "renewalTerm",
    "renewalTermPeriodType",
    "revision",
    "sequenceSetId",
    "sequenceSetName",
    "serviceActivationDate",
    "billToContact",
    "soldToContact",
    "subscriptionStartDate",
    "termEndDate",
    "termStartDate",
    "totalContractedValue",
    "version",
  ],
  nested: {
    ratePlans: {
      absent: [
        "productId",
        "productSku",
        // The detailed metrics again (getDetailedMetrics).
        "contractedNetMrr",
        "contractedMrr",
        "asOfDayGrossMrr",
        "asOfDayNetMrr",
        "netTotalContractedValue",
      ],
    },
  },
};

/**
 * "List all products": the client reads each product's id, name, sku and productNumber. A product
 * made without a category has none.
 */
const CATALOGUE_PRODUCTS: ShapeRule = { nested: { products: { nullable: ["category"] } } };

/**
 * "List all product rate plans of a product": the client reads each plan's id, name, status and
 * productRatePlanNumber, and each charge's id, name, number, type, model, billingPeriod and
 * pricing[].currency. The charges' accounting, revenue, discount, overage and smoothing settings
 * are not modelled by the fake, and read by no one here.
 */
const PRODUCT_RATE_PLANS: ShapeRule = {
  nested: {
    productRatePlans: {
      // A plan's grade is null unless the tenant grades its plans (the sample's is 3).
      nullable: ["grade"],
      nested: {
        productRatePlanCharges: {
          absent: [
            "applyDiscountTo",
            "billingDay",
            "billingPeriodAlignment",
            "discountClass",
            "discountLevel",
            "financeInformation",
            "numberOfPeriods",
            "overageCalculationOption",
            "overageUnusedUnitsCreditOption",
            "priceChangeOption",
            "priceIncreasePercentage",
            "productChargeDefinitions",
            "productDiscountApplyDetails",
            "revRecCode",
            "revRecTriggerCondition",
            "revenueRecognitionRuleName",
            "smoothingModel",
            "specificBillingPeriod",
            "specificListPriceBase",
            "taxCode",
            "taxMode",
            "unusedIncludedUnitPrice",
            "upToPeriodsType",
            "usageRecordRatingOption",
            "useDiscountSpecificAccountingCode",
            "useTenantDefaultForPriceChange",
          ],
          // A one-time charge has no billing period, nor a list price base.
          nullable: ["billingPeriod", "listPriceBase"],
          // A discount charge is priced by discountPercentage or discountAmount instead.
          nested: { pricing: { nullable: ["price"] } },
        },
      },
    },
  },
};

/** Zuora's business error: the client reads success and reasons[0].code and .message. */
const BUSINESS_ERROR: ShapeRule = { nested: { reasons: {} } };

describe("Zuora fake: answers shaped like the samples of Zuora's API reference", () => {
  it("sends the Zuora-Version the answers are compared at", () => {
    const versions = new Set(
      fake.requests.filter((r) => r.path.startsWith("/v1/")).map((r) => r.headers["zuora-version"]),
    );
    expect([...versions]).toEqual([ZUORA_API_VERSION]);
  });

  it("the OAuth token", () => {
    expectShape("zuora/oauth-token.json", answers("POST", "/oauth/token"), {});
  });

  it("Preview an order, and Create an order (a new subscription, a change of offer)", () => {
    expectShape("zuora/preview-order.json", answers("POST", "/v1/orders/preview", succeeded), PREVIEW);
    expect(answers("POST", "/v1/orders", succeeded)).toHaveLength(2);
    expectShape("zuora/create-order.json", answers("POST", "/v1/orders", succeeded), CREATED_ORDER);
  });

  it("Create an order asynchronously, and its job (Processing, then Completed)", () => {
    expectShape("zuora/create-order-async.json", answers("POST", "/v1/async/orders"), {});
    const jobs = answers("GET", "/v1/async-jobs/:id");
    expect(jobs.map((job) => job.status)).toEqual(["Processing", "Completed"]);
    // A job still processing has no result yet (null).
    expectShape("zuora/async-job-completed.json", jobs, { nullable: ["result"] });
    const completed = jobs.filter((job) => job.status === "Completed");
    expectShape("zuora/async-job-completed.json", completed, ASYNC_JOB);
    // The job's result is Create an order's answer, so the two samples agree with the same keys.
    expectShape(
      "zuora/create-order.json",
      completed.map((job) => job.result as Record<string, unknown>),
      CREATED_ORDER,
    );
  });

  it("Retrieve a subscription (looked up for a change of offer)", () => {
    expectShape("zuora/subscription.json", answers("GET", "/v1/subscriptions/:id"), SUBSCRIPTION);
  });

  it("the catalogue: List all products, List all product rate plans of a product", () => {
    expectShape("zuora/catalog-products.json", answers("GET", "/v1/catalog/products"), CATALOGUE_PRODUCTS);
    expectShape(
      "zuora/product-rate-plans.json",
      answers("GET", "/v1/products/:id/product-rate-plans"),
      PRODUCT_RATE_PLANS,
    );
  });

  it("a business error: HTTP 200, success false, reasons", () => {
    const refused = fake.requests.filter(
      (r) =>
        r.path === "/v1/orders/preview" &&
        r.response?.status === 200 &&
        !succeeded(JSON.parse(r.response.body)),
    );
    expect(refused).toHaveLength(1);
    expectShape(
      "zuora/error-business.json",
      answers("POST", "/v1/orders/preview", (json) => !succeeded(json)),
      BUSINESS_ERROR,
    );
  });

  it("answers keys beyond the samples only where listed, each for a reason", () => {
    const beyond = (file: string, pick: (sample: Record<string, unknown>) => unknown, answer: unknown) =>
      keysBeyondSample(pick(referenceSample(file).sample), answer);
    const first = (value: unknown) => (value as unknown[])[0];
    const preview = answers("POST", "/v1/orders/preview", succeeded)[0];
    // Zuora-Version 309.0 and later answer an item's taxation items (API upgrades: "taxationItems
    // | 309.0 and later | Preview an order").
    const firstItem = (answer: unknown) => {
      const { previewResult } = answer as { previewResult: { invoices: { invoiceItems: unknown[] }[] } };
      return previewResult.invoices[0]?.invoiceItems[0];
    };
    expect(beyond("zuora/preview-order.json", firstItem, firstItem(preview))).toEqual(["taxationItems"]);
    const created = answers("POST", "/v1/orders", succeeded)[0] as { subscriptions: unknown[] };
    // Zuora answers a subscription's id only to ?returnIds=true, which the client does not send,
    // and neither does the fake then (server/infra/billing/zuora-provider.test.ts asks for both).
    expect(
      beyond("zuora/create-order.json", (s) => first(s.subscriptions), first(created.subscriptions)),
    ).toEqual([]);
    const subscription = answers("GET", "/v1/subscriptions/:id")[0] as { ratePlans: unknown[] };
    expect(beyond("zuora/subscription.json", (s) => s, subscription)).toEqual([]);
    // The client reads lastChangeType to leave out plans an order removed; the sample's plan shows
    // none (see the README's findings).
    expect(
      beyond("zuora/subscription.json", (s) => first(s.ratePlans), first(subscription.ratePlans)),
    ).toEqual(["lastChangeType"]);
    const products = answers("GET", "/v1/catalog/products")[0] as { products: unknown[] };
    // A product's features (Entitlements); the sample's product lists none.
    expect(beyond("zuora/catalog-products.json", (s) => first(s.products), first(products.products))).toEqual(
      ["productFeatures"],
    );
  });
});
