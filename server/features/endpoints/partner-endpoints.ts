// Every partner API endpoint, in the order the OpenAPI document lists them.
import { listOffersEndpoint } from "../catalog/catalog-endpoints";
import { getCustomerEndpoint, listCustomersEndpoint } from "../customers/customer-endpoints";
import {
  getOrderEndpoint,
  listOrdersEndpoint,
  previewOrderEndpoint,
  submitOrderEndpoint,
} from "../orders/order-endpoints";
import { getSubscriptionEndpoint, listSubscriptionsEndpoint } from "../subscriptions/subscription-endpoints";
import { WEBHOOK_API_ENDPOINTS } from "../webhooks/webhook-api-endpoints";
import type { PartnerEndpoint } from "./partner-endpoint";

export const PARTNER_ENDPOINTS: readonly PartnerEndpoint[] = [
  previewOrderEndpoint,
  submitOrderEndpoint,
  getOrderEndpoint,
  listOrdersEndpoint,
  listSubscriptionsEndpoint,
  getSubscriptionEndpoint,
  listCustomersEndpoint,
  getCustomerEndpoint,
  listOffersEndpoint,
  ...WEBHOOK_API_ENDPOINTS,
];
