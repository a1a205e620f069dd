// The steps of a partner integration, in order: token, offers, preview, submit with an
// Idempotency-Key, a retry of that submit, and reading the order back. example.ts runs them
// from the command line; the portal's own tests run the very same function against a test server.
import {
  createPartnerClient,
  getToken,
  type OrderRequest,
  PartnerApiError,
  type PartnerClient,
  type Schemas,
} from "./client";

export type WalkthroughOptions = {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Where the customer is billed (ISO 3166 alpha-2); an offer sold there is picked. */
  country?: string;
  /** Where each step is reported; console.log by default. */
  log?: (line: string) => void;
};

export type WalkthroughResult = {
  offer: Schemas["OfferList"]["items"][number];
  preview: Schemas["PreviewResponse"];
  idempotencyKey: string;
  order: Schemas["SubmitResponse"];
  /** The same submit sent again with the same key: the same order, not a second one. */
  retry: { order: Schemas["SubmitResponse"]; replayed: boolean };
  detail: Schemas["OrderDetail"];
};

/** The data of an openapi-fetch answer, or a PartnerApiError carrying the problem+json body. */
function dataOf<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data === undefined) throw new PartnerApiError(answer.response.status, answer.error);
  return answer.data;
}

/** A base plan (not an add-on, not a one-off fee) that this partner sells in the country. */
function pickOffer(offers: Schemas["OfferList"]["items"], country: string) {
  const offer = offers.find(
    (o) => !o.addOn && o.billingPeriod !== "once" && (o.countries === null || o.countries.includes(country)),
  );
  if (!offer) throw new Error(`no base offer is sold in ${country}`);
  return offer;
}

function orderFor(offer: Schemas["OfferList"]["items"][number], country: string): OrderRequest {
  // A fresh external id and e-mail per run: external_id is unique per partner, and a new e-mail
  // makes a new customer.
  const run = crypto.randomUUID().slice(0, 8);
  return {
    order_type: "new",
    external_id: `kit-example-${run}`,
    orderItems: [{ offer: { id: offer.id }, quantity: Math.max(offer.minQuantity, 1) }],
    customerDetails: { firstName: "Ada", lastName: "Lovelace", email: `ada-${run}@example.com` },
    billingDetails: { address1: "1 High Street", city: "London", postalCode: "EC1A 1BB", country },
    country,
  };
}

export async function runOrderWalkthrough(options: WalkthroughOptions): Promise<WalkthroughResult> {
  const log = options.log ?? console.log;
  const country = options.country ?? "GB";

  const token = await getToken(options);
  log(`1. token: ${token.token_type}, expires in ${token.expires_in} s, scopes "${token.scope}"`);
  const client: PartnerClient = createPartnerClient({ baseUrl: options.baseUrl, token: token.access_token });

  const offers = dataOf(await client.GET("/partner/offers"));
  const offer = pickOffer(offers.items, country);
  log(`2. offers: ${offers.items.length}; ordering "${offer.id}" (${offer.name})`);

  const body = orderFor(offer, country);
  const preview = dataOf(await client.POST("/partner/order/preview", { body }));
  if (!preview.eligibility.eligible) {
    throw new PartnerApiError(422, { title: "Not eligible", problems: preview.eligibility.problems });
  }
  log(`3. preview: total ${preview.total} ${preview.currency} (minor units), eligible`);

  // One key per order, kept with it until an answer arrives: after a timeout or a dropped
  // connection, sending the same body with the same key cannot create a second order.
  const idempotencyKey = crypto.randomUUID();
  const submit = () =>
    client.POST("/partner/order", { body, params: { header: { "Idempotency-Key": idempotencyKey } } });
  const order = dataOf(await submit());
  log(`4. submitted: ${order.id} (reference ${order.order_reference}), status ${order.status}`);

  const again = await submit();
  const retry = {
    order: dataOf(again),
    replayed: again.response.headers.get("idempotent-replayed") === "true",
  };
  log(`5. retried with the same key: ${retry.order.id}, replayed: ${retry.replayed}`);

  const detail = dataOf(await client.GET("/partner/order/{id}", { params: { path: { id: order.id } } }));
  log(`6. order ${detail.id}: status ${detail.status}, total ${detail.total} ${detail.currency}`);

  return { offer, preview, idempotencyKey, order, retry, detail };
}
