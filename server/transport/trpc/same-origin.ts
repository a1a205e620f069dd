// Cross-site request protection for the portal's state-changing requests. The session cookie is
// SameSite=Lax already; on top, a POST must come from a page of this site: browsers send Origin
// on every POST (and Sec-Fetch-Site), which a page on another site cannot forge.
export function isSameOriginRequest(headers: Headers, appUrl: string, requestUrl: string): boolean {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return false;
  const origin = headers.get("origin");
  if (!origin) return false;
  const allowed = new Set([new URL(appUrl).origin, new URL(requestUrl).origin]);
  return allowed.has(origin);
}
