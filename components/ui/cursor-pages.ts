// Cursor pagination whose state lives in the URL: `cursor` is the page shown and `back` the
// cursors of the pages before it (oldest first, "." separated; cursors are base64url or ids),
// so back/forward, reload and shared links all show the same page, and "Previous" works
// although a cursor only points forwards.
const MAX_BACK = 50;

export type PageState = { cursor?: string; back?: string };

export function pageLinks(
  path: string,
  filters: URLSearchParams,
  state: PageState,
  nextCursor: string | null,
) {
  const href = (params: URLSearchParams) => (params.size ? `${path}?${params}` : path);
  const stack = state.back ? state.back.split(".") : [];
  let next: string | null = null;
  if (nextCursor) {
    const params = new URLSearchParams(filters);
    params.set("cursor", nextCursor);
    params.set("back", [...stack, state.cursor ?? ""].slice(-MAX_BACK).join("."));
    next = href(params);
  }
  let previous: string | null = null;
  if (state.cursor) {
    const params = new URLSearchParams(filters);
    const before = stack.slice(0, -1);
    const target = stack.at(-1);
    if (target) params.set("cursor", target);
    if (target && before.length) params.set("back", before.join("."));
    previous = href(params);
  }
  return { first: state.cursor ? href(new URLSearchParams(filters)) : null, previous, next };
}
