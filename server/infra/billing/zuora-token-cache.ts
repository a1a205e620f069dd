// Zuora OAuth 2.0 client credentials: one token per client, reused until shortly before it
// expires (Zuora issues them for about an hour; each token request costs a round trip and counts
// against rate limits). Concurrent callers share one in-flight token request.

export type CachedToken = { accessToken: string; expiresAt: number };

/** Renew this long before expiry, or at half the lifetime for very short-lived tokens. */
const RENEW_MARGIN_MS = 60_000;

export function tokenExpiry(now: number, expiresInSeconds: number): number {
  const lifetime = expiresInSeconds * 1000;
  return now + lifetime - Math.min(RENEW_MARGIN_MS, lifetime / 2);
}

export class ZuoraTokenCache {
  private token: CachedToken | null = null;
  private inFlight: Promise<CachedToken> | null = null;

  constructor(
    private readonly fetchToken: () => Promise<CachedToken>,
    private readonly now: () => number,
  ) {}

  async get(): Promise<string> {
    if (this.token && this.now() < this.token.expiresAt) return this.token.accessToken;
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = null;
    });
    this.token = await this.inFlight;
    return this.token.accessToken;
  }

  /** After a 401: the token was revoked or expired early. */
  invalidate(rejected: string): void {
    if (this.token?.accessToken === rejected) this.token = null;
  }
}
