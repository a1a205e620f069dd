// The partner's staff users: admins only, checked here (adminProcedure) and again in the use case.
import "server-only";
import {
  disablePartnerUser,
  enablePartnerUser,
  listPartnerStaffUsers,
  partnerStaffUserSchema,
  partnerStaffUsersSchema,
  passwordResetSchema,
  resetPartnerUserPassword,
  resetPartnerUserTwoFactor,
  setPartnerUserRole,
  setTwoFactorRequirement,
  staffUserIdInput,
  staffUserRoleInput,
  twoFactorRequirementInput,
  twoFactorRequirementSchema,
  unlockPartnerUser,
} from "../../../features/users/partner-staff-users";
import { adminProcedure, router } from "../init";

export const staffUsersRouter = router({
  list: adminProcedure
    .output(partnerStaffUsersSchema)
    .query(({ ctx }) => listPartnerStaffUsers(ctx.db, ctx.scope)),
  disable: adminProcedure
    .input(staffUserIdInput)
    .output(partnerStaffUserSchema)
    .mutation(({ ctx, input }) => disablePartnerUser(ctx.db, ctx.scope, input)),
  enable: adminProcedure
    .input(staffUserIdInput)
    .output(partnerStaffUserSchema)
    .mutation(({ ctx, input }) => enablePartnerUser(ctx.db, ctx.scope, input)),
  unlock: adminProcedure
    .input(staffUserIdInput)
    .output(partnerStaffUserSchema)
    .mutation(({ ctx, input }) => unlockPartnerUser(ctx.db, ctx.scope, input)),
  setRole: adminProcedure
    .input(staffUserRoleInput)
    .output(partnerStaffUserSchema)
    .mutation(({ ctx, input }) => setPartnerUserRole(ctx.db, ctx.scope, input)),
  resetPassword: adminProcedure
    .input(staffUserIdInput)
    .output(passwordResetSchema)
    .mutation(({ ctx, input }) => resetPartnerUserPassword(ctx.db, ctx.scope, input)),
  resetTwoFactor: adminProcedure
    .input(staffUserIdInput)
    .output(partnerStaffUserSchema)
    .mutation(({ ctx, input }) => resetPartnerUserTwoFactor(ctx.db, ctx.scope, input)),
  setTwoFactorRequirement: adminProcedure
    .input(twoFactorRequirementInput)
    .output(twoFactorRequirementSchema)
    .mutation(({ ctx, input }) => setTwoFactorRequirement(ctx.db, ctx.scope, input)),
});
