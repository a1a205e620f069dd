// The shapes the browser's components are given, as types only: the one place components may
// import from server/ besides server/domain (schemas, enums, formatting; pure). Nothing here
// runs, so no server code reaches a browser bundle; a test keeps this file to `export type`.

export type { ListedOffer, OrderDetail } from "./domain/order-response-schemas";
export type { SubscriptionView } from "./domain/partner-object-schemas";
export type { PartnerApiClient } from "./features/api-clients/partner-api-clients";
export type { SalesInsight } from "./features/dashboard/sales-insight";
export type { TwoFactorStatus } from "./features/users/own-two-factor";
export type { PartnerStaffUser, PartnerStaffUsers } from "./features/users/partner-staff-users";
export type { StaffSession } from "./transport/session/session";
export type { AppRouter } from "./transport/trpc/app-router";
