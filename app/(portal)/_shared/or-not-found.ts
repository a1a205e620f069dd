import "server-only";
import { notFound } from "next/navigation";
import { isDomainError } from "@/server/domain/domain-error";

/** A use case's NOT_FOUND becomes the portal's 404 page; anything else goes to the error page. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (isDomainError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
