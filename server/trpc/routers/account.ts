// The signed-in person's own account.
import "server-only";
import { changeOwnPassword, changePasswordSchema } from "../../users/change-own-password";
import { router, staffProcedure } from "../init";

export const accountRouter = router({
  changePassword: staffProcedure
    .input(changePasswordSchema)
    .mutation(({ ctx, input }) => changeOwnPassword(ctx.db, ctx.scope, input)),
});
