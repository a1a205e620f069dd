/** Only a path on this site may be a post-sign-in destination (no open redirect to another host). */
export function safeCallbackPath(value: unknown): string {
  if (
    typeof value !== "string" ||
    !value.startsWith("/") ||
    value.startsWith("//") ||
    value.startsWith("/\\")
  )
    return "/";
  if (value.startsWith("/signin") || value.startsWith("/api/")) return "/";
  return value;
}
