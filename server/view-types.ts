// The shapes the browser's components are given, as types only: the one place components may
// import from server/ besides server/domain (schemas, enums, formatting; pure). Nothing here
// runs, so no server code reaches a browser bundle; a test keeps this file to `export type`.
export type { PartnerApiClient } from "./api-clients/partner-api-clients";
export type { StaffSession } from "./auth/session";
export type { ListedOffer, OrderDetail } from "./domain/order-response-schemas";
export type { SubscriptionView } from "./domain/partner-object-schemas";
export type { AppRouter } from "./trpc/app-router";
export type { TwoFactorStatus } from "./users/own-two-factor";
export type { PartnerStaffUser, PartnerStaffUsers } from "./users/partner-staff-users";
