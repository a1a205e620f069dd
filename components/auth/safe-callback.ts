// Where the sign-in page may send someone afterwards: only a page of this site. The value is
// parsed the way a browser parses a Location header (which drops tabs and newlines, so
// "/\t/evil.example" means "//evil.example", another host) and must stay on our origin; control
// characters, whitespace and backslashes are refused outright rather than second-guessed.

// Any fixed origin works: only whether the value leaves it matters.
const SITE = "https://portal.invalid";

export function safeCallbackPath(value: unknown): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (typeof value !== "string" || !value.startsWith("/") || /[\u0000-\u0020\u007f\\]/.test(value))
    return "/";
  let url: URL;
  try {
    url = new URL(value, SITE);
  } catch {
    return "/";
  }
  if (url.origin !== SITE) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.pathname === "/signin" || url.pathname.startsWith("/signin/") || url.pathname.startsWith("/api/"))
    return "/";
  return path;
}
