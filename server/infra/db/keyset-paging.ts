// Keyset paging over (createdAt desc, id desc), the one way every list pages (orders,
// subscriptions, customers): a page never repeats or skips a row when rows are inserted
// meanwhile, since new rows land before the cursor, never after it. The cursor is opaque to
// callers; ids are random, so the time comes first.
import { DomainError } from "../../domain/domain-error";

/** Newest first; the id breaks ties between rows of the same millisecond. */
export const KEYSET_ORDER = [{ createdAt: "desc" }, { id: "desc" }] satisfies { [key: string]: "desc" }[];

/**
 * The where-condition for the rows after a cursor (none without one), to AND with the filters.
 * "Before (createdAt, id)" written as `createdAt <= c AND (createdAt < c OR id < i)`, not as
 * `createdAt < c OR (createdAt = c AND id < i)`: SQLite seeks the index only for a range on the
 * column itself, so the plain OR made it walk the partner's index from the newest row to the
 * cursor (page 2,500 of 100,000 orders: 5-13 ms, and linear in the depth; this form 0.04 ms).
 */
export function afterCursor(cursorText: string | undefined) {
  if (!cursorText) return {};
  const c = decodeOrderCursor(cursorText);
  return {
    createdAt: { lte: c.createdAt },
    OR: [{ createdAt: { lt: c.createdAt } }, { id: { lt: c.id } }],
  };
}

/**
 * A page of at most `limit` items from rows read with `take: limit + 1` (the extra row only says
 * whether there is a next page), with the cursor to it.
 */
export function keysetPage<Row extends { createdAt: Date; id: string }, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
): { items: Item[]; next_cursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    next_cursor:
      rows.length > limit && last ? encodeOrderCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}

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
