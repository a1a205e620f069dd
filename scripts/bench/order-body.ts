// The new order the benchmarks send: a plan and an add-on for a new customer in GB, unique per
// (run, n) so every submission makes its own customer and passes the external_id check.
export type BenchOrderOptions = {
  /** Add a one-off set-up fee line (the in-process benchmark's typical order). */
  setupFee?: boolean;
  /** A discount code to apply, if any. */
  discountCode?: string;
};

export function benchOrderBody(n: number, run: string, options: BenchOrderOptions = {}) {
  return {
    order_type: "new",
    orderItems: [
      { offer: { id: "pro-monthly" }, quantity: 5 },
      { offer: { id: "addon-storage" }, quantity: 2 },
      ...(options.setupFee ? [{ offer: { id: "setup-fee" }, quantity: 1 }] : []),
    ],
    customerDetails: {
      firstName: "Bench",
      lastName: `Customer ${n}`,
      email: `bench.${run}.${n}@example.test`,
    },
    billingDetails: { address1: "1 Bench Street", city: "London", postalCode: "N1 1AA", country: "GB" },
    country: "GB",
    ...(options.discountCode ? { orderDiscount: { code: options.discountCode } } : {}),
    external_id: `bench-${run}-${n}`,
  };
}
