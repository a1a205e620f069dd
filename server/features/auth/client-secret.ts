// API client secrets are 256 random bits, so a fast hash is enough (no dictionary to attack);
// only the hash is stored, and comparison is constant-time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export function newClientSecret(): string {
  return `pcs_${randomBytes(32).toString("base64url")}`;
}

export function hashClientSecret(secret: string): string {
  return `sha256$${createHash("sha256").update(secret, "utf8").digest("base64url")}`;
}

export function clientSecretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashClientSecret(secret));
  const expected = Buffer.from(storedHash);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
