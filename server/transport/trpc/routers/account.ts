// The signed-in person's own account. Changing the password and setting up two-factor sign-in
// stay open to a user with a pending step (that is how the step is completed).
import "server-only";
import {
  changeOwnPassword,
  changePasswordSchema,
  passwordChangedSchema,
} from "../../../features/users/change-own-password";
import {
  beginTwoFactor,
  confirmTwoFactor,
  passwordInput,
  recoveryCodesSchema,
  replaceRecoveryCodes,
  totpCodeInput,
  turnOffTwoFactor,
  twoFactorOffSchema,
  twoFactorSetupSchema,
  twoFactorStatus,
  twoFactorStatusSchema,
} from "../../../features/users/own-two-factor";
import { accountSetupProcedure, router, staffProcedure } from "../init";

export const accountRouter = router({
  changePassword: accountSetupProcedure
    .input(changePasswordSchema)
    .output(passwordChangedSchema)
    .mutation(({ ctx, input }) => changeOwnPassword(ctx.db, ctx.scope, input)),
  twoFactorStatus: accountSetupProcedure
    .output(twoFactorStatusSchema)
    .query(({ ctx }) => twoFactorStatus(ctx.db, ctx.scope)),
  beginTwoFactor: accountSetupProcedure
    .output(twoFactorSetupSchema)
    .mutation(({ ctx }) => beginTwoFactor(ctx.db, ctx.scope)),
  confirmTwoFactor: accountSetupProcedure
    .input(totpCodeInput)
    .output(recoveryCodesSchema)
    .mutation(({ ctx, input }) => confirmTwoFactor(ctx.db, ctx.scope, input)),
  replaceRecoveryCodes: staffProcedure
    .input(totpCodeInput)
    .output(recoveryCodesSchema)
    .mutation(({ ctx, input }) => replaceRecoveryCodes(ctx.db, ctx.scope, input)),
  turnOffTwoFactor: staffProcedure
    .input(passwordInput)
    .output(twoFactorOffSchema)
    .mutation(({ ctx, input }) => turnOffTwoFactor(ctx.db, ctx.scope, input)),
});
