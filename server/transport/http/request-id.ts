// One request id per request, answered in X-Request-Id and written in every log line about it.
// The proxy (proxy.ts) gives one to pages and non-REST routes; the REST frame (api-handler.ts)
// to the partner API. Both keep a caller's own id when it is short and plain, so their logs and
// ours match. Web Crypto only: the proxy may run where node:crypto is not.

export const REQUEST_ID_HEADER = "x-request-id";

export function acceptedRequestId(value: string | null | undefined): string | null {
  return value && /^[A-Za-z0-9._:-]{8,100}$/.test(value) ? value : null;
}

export function requestIdOf(headers: Headers): string {
  return acceptedRequestId(headers.get(REQUEST_ID_HEADER)) ?? crypto.randomUUID();
}
