// The renewals page keeps its whole state in the URL (window, kind, search and page, see
// cursor-pages.ts), like the orders page, so back/forward, reload, shared links and the CSV
// download all see the same list.
import {
  DEFAULT_RENEWAL_WINDOW,
  isRenewalKind,
  type RenewalKind,
  type RenewalWindow,
  renewalWindowOf,
} from "@/server/domain/renewals";

export type RenewalFilters = {
  within: RenewalWindow;
  kind?: RenewalKind;
  q?: string;
  cursor?: string;
  /** Cursors of the previous pages, oldest first, joined by "." (cursors are base64url). */
  back?: string;
};

export function readRenewalFilters(raw: Record<string, string | string[] | undefined>): RenewalFilters {
  const one = (key: string) => {
    const v = raw[key];
    const s = (Array.isArray(v) ? v[0] : v)?.trim();
    return s ? s : undefined;
  };
  const kind = one("kind");
  const q = one("q");
  return {
    within: renewalWindowOf(one("within")) ?? DEFAULT_RENEWAL_WINDOW,
    kind: isRenewalKind(kind) ? kind : undefined,
    q: q && q.length <= 200 ? q : undefined,
    cursor: one("cursor"),
    back: one("back"),
  };
}

/** The filters as they appear in links (paging, the CSV); the default window is left out. */
export function renewalFilterQuery(filters: RenewalFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.within !== DEFAULT_RENEWAL_WINDOW) params.set("within", String(filters.within));
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.q) params.set("q", filters.q);
  return params;
}

/** Whether the list is narrowed beyond its window (an empty answer is then "no match"). */
export function narrowed(filters: RenewalFilters): boolean {
  return Boolean(filters.kind || filters.q);
}
