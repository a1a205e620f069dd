// Every partner API endpoint, in the order the OpenAPI document lists them.
import { listOffersEndpoint } from "../catalog/catalog-endpoints";
import {
  getOrderEndpoint,
  listOrdersEndpoint,
  previewOrderEndpoint,
  submitOrderEndpoint,
} from "../orders/order-endpoints";
import type { PartnerEndpoint } from "./partner-endpoint";

export const PARTNER_ENDPOINTS: readonly PartnerEndpoint[] = [
  previewOrderEndpoint,
  submitOrderEndpoint,
  getOrderEndpoint,
  listOrdersEndpoint,
  listOffersEndpoint,
];
