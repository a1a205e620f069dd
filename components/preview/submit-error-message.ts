import { TRPCClientError } from "@trpc/client";

/** One sentence for a toast about a failed submit; field-level details are shown at the fields. */
export function submitErrorMessage(error: unknown): string {
  if (!(error instanceof TRPCClientError) || !error.data) {
    return "We could not reach the server. Nothing was placed twice: press Submit again to retry.";
  }
  switch (error.data.code) {
    case "UNPROCESSABLE_CONTENT":
      return "The order is not eligible. See the problems marked on the form.";
    case "BAD_REQUEST":
      return "Some fields need attention. See the messages on the form.";
    case "CONFLICT":
      return error.message;
    case "BAD_GATEWAY":
      return "The billing system did not answer. Nothing was stored: press Submit again to retry.";
    case "TOO_MANY_REQUESTS":
      return "Too many requests just now. Wait a moment and try again.";
    default:
      return error.message || "The order could not be placed. Please try again.";
  }
}
