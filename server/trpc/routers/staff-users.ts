// The partner's staff users: admins only, checked here (adminProcedure) and again in the use case.
import "server-only";
import {
  disablePartnerUser,
  enablePartnerUser,
  listPartnerStaffUsers,
  setPartnerUserRole,
  staffUserIdInput,
  staffUserRoleInput,
  unlockPartnerUser,
} from "../../users/partner-staff-users";
import { adminProcedure, router } from "../init";

export const staffUsersRouter = router({
  list: adminProcedure.query(({ ctx }) => listPartnerStaffUsers(ctx.db, ctx.scope)),
  disable: adminProcedure
    .input(staffUserIdInput)
    .mutation(({ ctx, input }) => disablePartnerUser(ctx.db, ctx.scope, input)),
  enable: adminProcedure
    .input(staffUserIdInput)
    .mutation(({ ctx, input }) => enablePartnerUser(ctx.db, ctx.scope, input)),
  unlock: adminProcedure
    .input(staffUserIdInput)
    .mutation(({ ctx, input }) => unlockPartnerUser(ctx.db, ctx.scope, input)),
  setRole: adminProcedure
    .input(staffUserRoleInput)
    .mutation(({ ctx, input }) => setPartnerUserRole(ctx.db, ctx.scope, input)),
});
