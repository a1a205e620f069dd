// The one way portal pages and their routes turn a use case's domain errors into what a person
// sees: NOT_FOUND becomes the 404 page, VALIDATION a readable problem next to the form that
// caused it; anything else goes on to the error page (and its log line).
import "server-only";
import { notFound } from "next/navigation";
import { isDomainError } from "@/server/domain/domain-error";

/** A use case's NOT_FOUND becomes the portal's 404 page. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (isDomainError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

/** The answer, or the VALIDATION problem in one sentence naming its fields. */
export async function orInvalid<T>(
  promise: Promise<T>,
): Promise<{ value: T; problem: null } | { value: null; problem: string }> {
  try {
    return { value: await promise, problem: null };
  } catch (error) {
    if (!isDomainError(error) || error.code !== "VALIDATION") throw error;
    const fields = error.details.errors?.map((e) => `${e.path}: ${e.message}`).join("; ");
    return { value: null, problem: fields || error.message };
  }
}
