// The API client behind an access token, as the bearer gate (server/transport/http/bearer-auth.ts)
// checks it on every request: revoked, moved to another partner, or its secret rotated since the
// token was issued. Reads one row by its unique client id.
import type { Db } from "../../infra/db/db";

/** Writing last-used on every request would turn reads into writes; once a minute is plenty. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type TokenClient = {
  id: string;
  partnerId: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  secretVersion: number;
};

export function findTokenClient(db: Db, clientId: string): Promise<TokenClient | null> {
  return db.apiClient.findUnique({
    where: { clientId },
    select: { id: true, partnerId: true, revokedAt: true, lastUsedAt: true, secretVersion: true },
  });
}

/** Records that the client was used, at most once a minute (the API clients page shows it). */
export async function noteTokenClientUse(db: Db, client: TokenClient, now = new Date()): Promise<void> {
  if (client.lastUsedAt && now.getTime() - client.lastUsedAt.getTime() <= LAST_USED_RESOLUTION_MS) return;
  await db.apiClient.update({ where: { id: client.id }, data: { lastUsedAt: now } });
}
