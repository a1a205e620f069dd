// The demo sign-ins and API client. They exist only in a database seeded with `seed --demo`
// (partners flagged isDemo), so printing them can never open a real deployment.
export const DEMO_PASSWORD = "demo-password-1";

export const DEMO_PARTNERS = [
  {
    slug: "acme",
    name: "Acme Ltd",
    countries: ["GB", "IE", "DE", "FR", "NL"],
    creditLimit: 5_000_000,
    invoiceOwner: "partner" as const,
    defaultCurrency: "GBP",
    users: [
      { email: "admin@acme.test", name: "Ann Admin", role: "admin" as const },
      { email: "staff@acme.test", name: "Sam Staff", role: "staff" as const },
    ],
    apiClient: {
      clientId: "demo-acme-erp",
      secret: "demo-acme-erp-secret-0123456789",
      name: "Acme ERP (demo)",
    },
  },
  {
    slug: "globex",
    name: "Globex GmbH",
    countries: ["DE", "FR", "NL", "US", "GB"],
    creditLimit: null,
    invoiceOwner: "customer" as const,
    defaultCurrency: "EUR",
    users: [
      { email: "admin@globex.test", name: "Greta Admin", role: "admin" as const },
      { email: "staff@globex.test", name: "Gus Staff", role: "staff" as const },
    ],
    apiClient: {
      clientId: "demo-globex-shop",
      secret: "demo-globex-shop-secret-0123456789",
      name: "Globex web shop (demo)",
    },
  },
];

export type DemoDiscount = {
  code: string;
  kind: "percent" | "amount";
  percentOff?: number;
  amountOff?: number;
  currency?: string;
  durationPeriods: number | null;
  partner: string | null;
  expiresAt?: string;
  maxRedemptions?: number;
  timesRedeemed?: number;
  description: string;
};

export const DEMO_DISCOUNTS: DemoDiscount[] = [
  {
    code: "WELCOME10",
    kind: "percent",
    percentOff: 10,
    durationPeriods: 3,
    partner: null,
    description: "10% off the first 3 periods, any partner",
  },
  {
    code: "ACME20",
    kind: "percent",
    percentOff: 20,
    durationPeriods: null,
    partner: "acme",
    description: "20% off forever, Acme only",
  },
  {
    code: "FIVEPOUNDS",
    kind: "amount",
    amountOff: 500,
    currency: "GBP",
    durationPeriods: 1,
    partner: null,
    description: "£5 off the first invoice",
  },
  {
    code: "EXPIRED2020",
    kind: "percent",
    percentOff: 50,
    durationPeriods: 1,
    partner: null,
    expiresAt: "2020-12-31T23:59:59Z",
    description: "expired",
  },
  {
    code: "ONCEONLY",
    kind: "percent",
    percentOff: 15,
    durationPeriods: 1,
    partner: null,
    maxRedemptions: 1,
    timesRedeemed: 1,
    description: "used up",
  },
];
