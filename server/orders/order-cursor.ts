// Opaque keyset cursor over (createdAt desc, id desc): a page never repeats or skips a row when
// orders are inserted meanwhile, since new orders land before the cursor, never after it.
import { DomainError } from "../domain/domain-error";

export type OrderCursor = { createdAt: Date; id: string };

export function encodeOrderCursor(cursor: OrderCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString("base64url");
}

export function decodeOrderCursor(text: string): OrderCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown[];
    const createdAt = new Date(String(at));
    if (typeof id !== "string" || Number.isNaN(createdAt.getTime())) throw new Error("bad cursor");
    return { createdAt, id };
  } catch {
    throw new DomainError("VALIDATION", "The cursor is not one this API handed out", {
      errors: [{ path: "cursor", message: "is not a valid cursor; use next_cursor from the previous page" }],
    });
  }
}

/**
 * A cursor from a page address, or none when it is not one this app handed out (edited or stale
 * bookmarks): the list then starts from the top instead of failing.
 */
export function cursorParam(value: string | undefined): string | undefined {
  if (!value || value.length > 200) return undefined;
  try {
    decodeOrderCursor(value);
    return value;
  } catch {
    return undefined;
  }
}
