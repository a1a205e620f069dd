// Recognises Prisma's known request errors by code without importing a generated client
// (two exist, one per provider, with distinct error classes).

type KnownRequestError = { code: string; meta?: Record<string, unknown> };

function isKnownRequestError(error: unknown): error is KnownRequestError {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof (error as { code: unknown }).code === "string" &&
    /^P\d{4}$/.test((error as { code: string }).code)
  );
}

/**
 * A unique constraint refused the write: P2002 from the model API, or P2010 (raw query failed)
 * whose driver adapter error is of the adapter contract's kind UniqueConstraintViolation. (Parse
 * nothing else in `meta`: the rest differs by provider.)
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!isKnownRequestError(error)) return false;
  if (error.code === "P2002") return true;
  const adapterError = error.meta?.driverAdapterError as { cause?: { kind?: unknown } } | undefined;
  return error.code === "P2010" && adapterError?.cause?.kind === "UniqueConstraintViolation";
}

/** A foreign key or a Restrict relation refused the write or delete. */
export function isForeignKeyViolation(error: unknown): boolean {
  return isKnownRequestError(error) && (error.code === "P2003" || error.code === "P2014");
}
