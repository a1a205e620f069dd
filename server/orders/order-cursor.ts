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
