// The pieces of two-factor sign-in: time-based one-time passwords (RFC 6238: SHA-1, 6 digits,
// 30 s steps, what every authenticator app reads from an otpauth:// link) through `otpauth`, and
// one-time recovery codes.
//
// The TOTP key must be read back to check a code, so it cannot be hashed like a password: it is
// encrypted (AES-256-GCM) with a key derived from AUTH_SECRET, and a database copy alone gives
// nobody the codes. Recovery codes are random (50 bits) and kept as HMACs under another derived
// key, so neither a fast offline search of a leaked table nor the table alone reveals them.
// Changing AUTH_SECRET therefore breaks every enrolment: codes stop checking, and each enrolled
// user needs an operator's `user reset-two-factor` (docs/security.md).
import "server-only";
import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { derivedKey, openSealedSecret, sealSecret } from "./sealed-secrets";

export const TOTP_PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = "Partner Orders Portal";

export const encryptTotpSecret = (base32: string): string => sealSecret("totp-secret", base32);

/** The base32 key, or null when it was sealed under another AUTH_SECRET (or tampered with). */
export const decryptTotpSecret = (stored: string): string | null => openSealedSecret("totp-secret", stored);

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(base32: string, label = "") {
  return new TOTP({ issuer: ISSUER, label, secret: Secret.fromBase32(base32), period: TOTP_PERIOD_SECONDS });
}

/** The otpauth:// link an authenticator app reads (from a QR code or typed in). */
export function totpUri(base32: string, email: string): string {
  return totpFor(base32, email).toString();
}

/**
 * The time step a code belongs to, or null when it is not a current code. One step either side
 * is accepted for clock drift; the caller refuses a step at or before the last one accepted.
 */
export function totpStepOf(base32: string, code: string, now: Date): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(base32).validate({ token, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/** The current code, for tests and the fake authenticator of the browser tests' helpers. */
export function totpCodeAt(base32: string, now: Date): string {
  return totpFor(base32).generate({ timestamp: now.getTime() });
}

// Recovery codes: 10 characters of an alphabet without look-alikes, shown as xxxxx-xxxxx.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What a recovery code looks like once case, spaces and the dash are set aside. */
export function normalizeRecoveryCode(code: string): string | null {
  const plain = code.toLowerCase().replace(/[\s-]+/g, "");
  return plain.length === 10 && [...plain].every((c) => ALPHABET.includes(c)) ? plain : null;
}

export function hashRecoveryCode(normalized: string): string {
  return createHmac("sha256", derivedKey("recovery-code")).update(normalized).digest("base64url");
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
