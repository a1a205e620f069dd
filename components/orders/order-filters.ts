// The orders page keeps its whole state in the URL (filters and page, see cursor-pages.ts), so
// back/forward, reload and shared links all land on the same page.
import { ORDER_STATUSES, ORDER_TYPES } from "@/server/domain/enums";

export type OrderFilterParams = {
  q?: string;
  status?: string;
  order_type?: string;
  created_from?: string;
  created_to?: string;
  /** Rows per page; the default suits most screens. */
  limit?: string;
  cursor?: string;
  /** Cursors of the previous pages, oldest first, joined by "." (cursors are base64url). */
  back?: string;
};

const FILTER_KEYS = ["q", "status", "order_type", "created_from", "created_to"] as const;
/** Kept in links (paging, export) but not a filter: an empty result is not "no match". */
const KEPT_KEYS = [...FILTER_KEYS, "limit"] as const;

export function readOrderFilters(raw: Record<string, string | string[] | undefined>): OrderFilterParams {
  const one = (key: string) => {
    const v = raw[key];
    const s = (Array.isArray(v) ? v[0] : v)?.trim();
    return s ? s : undefined;
  };
  const status = one("status");
  const type = one("order_type");
  const limit = one("limit");
  return {
    q: one("q"),
    status: status && (ORDER_STATUSES as readonly string[]).includes(status) ? status : undefined,
    order_type: type && (ORDER_TYPES as readonly string[]).includes(type) ? type : undefined,
    created_from: one("created_from"),
    created_to: one("created_to"),
    limit: limit && /^\d{1,3}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= 100 ? limit : undefined,
    cursor: one("cursor"),
    back: one("back"),
  };
}

export function filterQuery(filters: OrderFilterParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEPT_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params;
}

export function hasFilters(filters: OrderFilterParams): boolean {
  return FILTER_KEYS.some((key) => Boolean(filters[key]));
}
