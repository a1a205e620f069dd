// One shape for validation errors everywhere (problem+json `errors`, tRPC error data, forms):
// [{ path: "orderItems.0.quantity", message }]. The root of the body is the empty path "".

import type { z } from "zod";

export interface FieldError {
  path: string;
  message: string;
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join(".");
}

/**
 * Flattens a ZodError into field errors. An unknown field is reported at its own path (the
 * object's path plus the key), which is where a client has to look to remove it.
 */
export function zodErrorToFieldErrors(error: { issues: readonly z.core.$ZodIssue[] }): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: formatIssuePath([...issue.path, key]),
        message: `Unknown field "${key}": it is not part of this request and may not be set.`,
      }));
    }
    return [{ path: formatIssuePath(issue.path), message: issue.message }];
  });
}
