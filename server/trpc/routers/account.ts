// The signed-in person's own account. Changing the password and setting up two-factor sign-in
// stay open to a user with a pending step (that is how the step is completed).
import "server-only";
import { changeOwnPassword, changePasswordSchema } from "../../users/change-own-password";
import {
  beginTwoFactor,
  confirmTwoFactor,
  passwordInput,
  replaceRecoveryCodes,
  totpCodeInput,
  turnOffTwoFactor,
  twoFactorStatus,
} from "../../users/own-two-factor";
import { accountSetupProcedure, router, staffProcedure } from "../init";

export const accountRouter = router({
  changePassword: accountSetupProcedure
    .input(changePasswordSchema)
    .mutation(({ ctx, input }) => changeOwnPassword(ctx.db, ctx.scope, input)),
  twoFactorStatus: accountSetupProcedure.query(({ ctx }) => twoFactorStatus(ctx.db, ctx.scope)),
  beginTwoFactor: accountSetupProcedure.mutation(({ ctx }) => beginTwoFactor(ctx.db, ctx.scope)),
  confirmTwoFactor: accountSetupProcedure
    .input(totpCodeInput)
    .mutation(({ ctx, input }) => confirmTwoFactor(ctx.db, ctx.scope, input)),
  replaceRecoveryCodes: staffProcedure
    .input(totpCodeInput)
    .mutation(({ ctx, input }) => replaceRecoveryCodes(ctx.db, ctx.scope, input)),
  turnOffTwoFactor: staffProcedure
    .input(passwordInput)
    .mutation(({ ctx, input }) => turnOffTwoFactor(ctx.db, ctx.scope, input)),
});
