// The demo catalogue: monthly and annual plans, a one-off set-up fee, add-ons, one offer sold only
// through Acme, and one unpublished offer. Prices are minor units (pence, cents).
import type { CatalogueFile } from "../catalog/catalogue-file-schema";

export const DEMO_CATALOGUE: CatalogueFile = {
  offers: [
    { id: "starter-monthly", name: "Starter (monthly)", productCode: "STARTER", billingPeriod: "month", prices: { GBP: 1500, EUR: 1700, USD: 1900 }, description: "Up to 5 seats, email support." },
    { id: "starter-annual", name: "Starter (annual)", productCode: "STARTER", billingPeriod: "year", termMonths: 12, prices: { GBP: 15000, EUR: 17000, USD: 19000 }, description: "Starter paid yearly: two months free." },
    { id: "pro-monthly", name: "Professional (monthly)", productCode: "PRO", billingPeriod: "month", prices: { GBP: 4900, EUR: 5500, USD: 5900 }, maxQuantity: 500, description: "Per seat, priority support." },
    { id: "pro-annual", name: "Professional (annual)", productCode: "PRO", billingPeriod: "year", termMonths: 12, prices: { GBP: 49000, EUR: 55000, USD: 59000 }, maxQuantity: 500 },
    { id: "enterprise-annual", name: "Enterprise (annual, 24-month term)", productCode: "ENT", billingPeriod: "year", termMonths: 24, prices: { GBP: 250000, EUR: 280000, USD: 300000 }, minQuantity: 10, maxQuantity: 10000 },
    { id: "setup-fee", name: "Onboarding and set-up", productCode: "SETUP", billingPeriod: "once", prices: { GBP: 9900, EUR: 11000, USD: 12000 }, maxQuantity: 1 },
    { id: "addon-storage", name: "Extra storage (100 GB)", productCode: "ADD-STORAGE", billingPeriod: "month", addOn: true, prices: { GBP: 500, EUR: 600, USD: 700 }, maxQuantity: 100 },
    { id: "addon-support-plus", name: "Support Plus", productCode: "ADD-SUPPORT", billingPeriod: "month", addOn: true, prices: { GBP: 2500, EUR: 2800, USD: 3000 }, maxQuantity: 1 },
    { id: "addon-analytics-annual", name: "Analytics (annual add-on)", productCode: "ADD-ANALYTICS", billingPeriod: "year", addOn: true, termMonths: 12, prices: { GBP: 12000, EUR: 13500 } },
    { id: "acme-exclusive-bundle", name: "Acme Retail Bundle", productCode: "ACME-RETAIL", billingPeriod: "month", prices: { GBP: 9900, EUR: 11000 }, eligiblePartners: ["acme"], countries: ["GB", "IE"], description: "Sold only through Acme, in the UK and Ireland." },
    { id: "us-only-monthly", name: "US Compliance Pack", productCode: "US-COMPLIANCE", billingPeriod: "month", prices: { USD: 3900 }, countries: ["US"] },
    { id: "legacy-basic", name: "Basic (retired)", productCode: "LEGACY-BASIC", billingPeriod: "month", published: false, prices: { GBP: 900, EUR: 1000, USD: 1100 } },
  ],
};
