// The new-order form's state and the two request bodies made from it: the order to submit
// (exactly what the person entered) and the body to preview while the form is still incomplete.
import type { OrderRequestInput } from "@/server/domain/order-request-schemas";

export type AddressState = {
  company: string;
  address1: string;
  address2: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
};

export type LineState = { key: string; offerId: string; quantity: string };

export type OrderFormState = {
  customerMode: "existing" | "new";
  customer: { owner: string; label: string } | null;
  customerDetails: { firstName: string; lastName: string; email: string; phone: string };
  country: string;
  lines: LineState[];
  discountCode: string;
  billing: AddressState;
  /** While true, the billing country follows the order country. */
  billingCountryFollows: boolean;
  deliverySameAsBilling: boolean;
  delivery: AddressState;
  externalId: string;
};

let lineCounter = 0;
export const newLine = (offerId = ""): LineState => ({
  key: `line-${++lineCounter}`,
  offerId,
  quantity: "1",
});

const emptyAddress = (country: string): AddressState => ({
  company: "",
  address1: "",
  address2: "",
  city: "",
  state: "",
  postalCode: "",
  country,
});

export function initialOrderForm(country: string): OrderFormState {
  return {
    customerMode: "new",
    customer: null,
    customerDetails: { firstName: "", lastName: "", email: "", phone: "" },
    country,
    lines: [newLine()],
    discountCode: "",
    billing: emptyAddress(country),
    billingCountryFollows: true,
    deliverySameAsBilling: true,
    delivery: emptyAddress(country),
    externalId: "",
  };
}

const orUndefined = (value: string) => (value.trim() === "" ? undefined : value.trim());

function address(a: AddressState) {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(a)) {
    const v = orUndefined(value);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** A quantity as typed: a whole number, or NaN (the schema then names the field). */
export function parseQuantity(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** The order exactly as entered; submit sends this and the server validates it. */
export function toOrderBody(s: OrderFormState): OrderRequestInput {
  const billing = address(s.billing);
  const delivery = s.deliverySameAsBilling ? undefined : address(s.delivery);
  return {
    order_type: "new",
    orderItems: s.lines.map((line) => ({
      offer: { id: line.offerId },
      quantity: parseQuantity(line.quantity),
    })),
    ...(s.customerMode === "existing"
      ? { customer: { owner: s.customer?.owner ?? "" } }
      : {
          customerDetails: {
            firstName: s.customerDetails.firstName.trim(),
            lastName: s.customerDetails.lastName.trim(),
            email: s.customerDetails.email.trim(),
            ...(orUndefined(s.customerDetails.phone) ? { phone: s.customerDetails.phone.trim() } : {}),
          },
        }),
    billingDetails: billing as OrderRequestInput extends { billingDetails: infer B } ? B : never,
    ...(delivery && Object.keys(delivery).length ? { deliveryDetails: delivery } : {}),
    country: s.country,
    ...(orUndefined(s.discountCode) ? { orderDiscount: { code: s.discountCode.trim() } } : {}),
    ...(orUndefined(s.externalId) ? { external_id: s.externalId.trim() } : {}),
  };
}

/**
 * The body to price while the form is incomplete. The price depends on the offers, quantities,
 * country, discount and (for duplicate checks) the customer, never on names or street lines, so
 * blanks there are filled with neutral stand-ins and the preview can run from the first offer
 * picked. A typed email is always used as typed. Null when there is nothing to price yet.
 */
export function toPreviewBody(s: OrderFormState): OrderRequestInput | null {
  const lines = s.lines.filter((l) => l.offerId && Number.isInteger(parseQuantity(l.quantity)));
  if (lines.length === 0 || lines.length !== s.lines.filter((l) => l.offerId).length) return null;
  const body = toOrderBody({ ...s, lines }) as Extract<OrderRequestInput, { order_type: "new" }>;
  const stand = (value: string | undefined, fallback: string) =>
    value && value.length > 0 ? value : fallback;
  const billing = body.billingDetails;
  body.billingDetails = {
    ...billing,
    address1: stand(billing.address1, "-"),
    city: stand(billing.city, "-"),
    postalCode: stand(billing.postalCode, "-"),
    country: stand(billing.country, s.country),
  };
  if (body.customer && !body.customer.owner) {
    delete body.customer;
  }
  if (!body.customer) {
    const d = body.customerDetails;
    const email =
      d?.email && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(d.email) ? d.email : "preview@example.invalid";
    body.customerDetails = {
      firstName: stand(d?.firstName, "-"),
      lastName: stand(d?.lastName, "-"),
      email,
      ...(d?.phone ? { phone: d.phone } : {}),
    };
  }
  return body;
}
