// The one initTRPC of the app. It exports only the procedure builders the routers may use, by
// access level; each middleware narrows the context so handlers never null-check the session.
import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { type DomainErrorCode, isDomainError } from "../../domain/domain-error";
import { type FieldError, zodErrorToFieldErrors } from "../../domain/validation-errors";
import type { TrpcContext } from "./context";
import { TRPC_CODE_FOR_DOMAIN_ERROR } from "./domain-error-codes";

/** What every error answer carries in `data` besides tRPC's own fields. */
export type PortalErrorData = {
  domainCode: DomainErrorCode | null;
  errors: FieldError[];
  problems: { code: string; message: string; path: string }[];
};

const t = initTRPC.context<TrpcContext>().create({
  // superjson keeps a Date a Date on the way to the browser; the answers today carry ISO strings
  // (their output schemas say so), but a Date in an input or answer would not turn into a string.
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const data: PortalErrorData = { domainCode: null, errors: [], problems: [] };
    if (isDomainError(cause)) {
      data.domainCode = cause.code;
      data.errors = cause.details.errors ?? [];
      data.problems = cause.details.problems ?? [];
    } else if (cause instanceof ZodError) {
      data.domainCode = "VALIDATION";
      data.errors = zodErrorToFieldErrors(cause);
    }
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      // An unexpected failure never shows its internals to the browser.
      message: internal ? "Something went wrong on our side. Please try again." : shape.message,
      data: { ...shape.data, stack: undefined, ...data },
    };
  },
});

/** Turns a DomainError thrown by a use case into the matching tRPC error, once, for every procedure. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDomainError(result.error.cause)) {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODE_FOR_DOMAIN_ERROR[cause.code], message: cause.message, cause });
  }
  return result;
});

const signedIn = t.middleware(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { session: ctx.session, scope: ctx.session.scope } });
});

const setUpComplete = t.middleware(({ ctx, next }) => {
  if (ctx.session?.pending)
    throw new TRPCError({
      code: "FORBIDDEN",
      message:
        ctx.session.pending === "change_password"
          ? "Choose a new password before you continue."
          : "Set up two-factor sign-in before you continue.",
    });
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(domainErrors);
/** Signed in, even with a pending step: only for the procedures that complete those steps. */
export const accountSetupProcedure = publicProcedure.use(signedIn);
export const staffProcedure = accountSetupProcedure.use(setUpComplete);
export const adminProcedure = staffProcedure.use(({ ctx, next }) => {
  if (ctx.session.user.role !== "admin") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Only a partner admin can do this." });
  }
  return next();
});
