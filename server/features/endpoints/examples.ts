// Examples shown in the OpenAPI document and the interactive reference.
export const newOrderExample = {
  order_type: "new",
  external_id: "ERP-10045",
  orderItems: [
    { offer: { id: "pro-monthly" }, quantity: 5 },
    { offer: { id: "setup-fee" }, quantity: 1 },
  ],
  customerDetails: {
    firstName: "Grace",
    lastName: "Hopper",
    email: "grace@example.com",
    phone: "+44 20 7946 0000",
  },
  billingDetails: {
    company: "Hopper Ltd",
    address1: "1 High Street",
    city: "London",
    postalCode: "EC1A 1BB",
    country: "GB",
  },
  country: "GB",
  orderDiscount: { code: "WELCOME10" },
};

export const cancelOrderExample = {
  order_type: "cancel",
  forSubscription: { reference: "BDYJPTDEG6GP" },
  effective: "end_of_term",
  reason: "Customer moved to a competitor",
};

export const submitAnswerExample = {
  id: "order-c1a41c81d6c72e3c5fa74d28d04fc6c0",
  order_reference: "6TRWPUYDYY4Q",
  status: "complete",
  external_id: "ERP-10045",
  subscriptionReference: "BDYJPTDEG6GP",
  owner: "id-5304d7cf4a527a75cc4a47e6784aacf6",
  created_at: "2026-11-27T05:27:58.029Z",
  total: 34110,
  currency: "GBP",
};

export const ineligibleExample = {
  type: "https://partner-orders.dev/problems/order-not-eligible",
  title: "Order not eligible",
  status: 422,
  detail: 'The order is not eligible: Offer "us-only-monthly" is not sold in GB.',
  instance: "/partner/order",
  message: 'The order is not eligible: Offer "us-only-monthly" is not sold in GB.',
  code: "INELIGIBLE",
  problems: [
    {
      code: "COUNTRY_NOT_ALLOWED_FOR_OFFER",
      message: 'Offer "us-only-monthly" is not sold in GB.',
      path: "orderItems.0.offer.id",
    },
  ],
};
