// Order bodies for the API tests, each with its own external id and customer email so tests
// never collide with each other (they share one seeded database) or with earlier runs.
import { unique } from "./http";

export type NewOrderOptions = {
  externalId?: string;
  email?: string;
  offerId?: string;
  quantity?: number;
  country?: string;
};

const CITY: Record<string, { city: string; postalCode: string }> = {
  GB: { city: "London", postalCode: "EC1A 1BB" },
  DE: { city: "Berlin", postalCode: "10115" },
};

/** A valid `new` order for an open offer (sold by every demo partner in GB and DE). */
export function newOrder(options: NewOrderOptions = {}) {
  const country = options.country ?? "GB";
  const place = CITY[country] ?? { city: "Paris", postalCode: "75001" };
  return {
    order_type: "new",
    external_id: options.externalId ?? unique("e2e"),
    orderItems: [{ offer: { id: options.offerId ?? "pro-monthly" }, quantity: options.quantity ?? 2 }],
    customerDetails: {
      firstName: "Ada",
      lastName: "Lovelace",
      email: options.email ?? `${unique("ada")}@example.test`,
    },
    billingDetails: { address1: "1 Test Street", city: place.city, postalCode: place.postalCode, country },
    country,
  };
}

export function cancelOrder(reference: string, externalId = unique("e2e-cancel")) {
  return {
    order_type: "cancel",
    forSubscription: { reference },
    effective: "end_of_term",
    external_id: externalId,
  };
}

export function changeOfferOrder(
  reference: string,
  offerId = "pro-annual",
  externalId = unique("e2e-change"),
) {
  return {
    order_type: "change_offer",
    forSubscription: { reference },
    orderItems: [{ offer: { id: offerId }, quantity: 2 }],
    external_id: externalId,
  };
}
