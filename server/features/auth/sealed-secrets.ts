// Secrets the server must read back (a TOTP key to check a code, a webhook secret to sign with)
// cannot be hashed like passwords: they are sealed with AES-256-GCM under a key derived from
// AUTH_SECRET for one purpose, so a copy of the database alone reveals none of them, and a
// value sealed for one purpose does not open for another. Changing AUTH_SECRET makes every
// sealed value unreadable (docs/security.md says what to do then).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "../../infra/env/env";

export type SealPurpose = "totp-secret" | "webhook-secret" | "callout-secret";

/** A 32-byte key for one purpose, derived from AUTH_SECRET (HKDF-SHA-256). */
export function derivedKey(purpose: SealPurpose | "recovery-code"): Buffer {
  return Buffer.from(hkdfSync("sha256", env().authSecret, "", `partner-portal:${purpose}`, 32));
}

/** `v1:<iv>:<ciphertext>:<tag>`, each part base64url. */
export function sealSecret(purpose: SealPurpose, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", derivedKey(purpose), iv);
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, sealed, cipher.getAuthTag()]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(":");
}

/** The plaintext, or null when it was sealed under another AUTH_SECRET or purpose (or tampered with). */
export function openSealedSecret(purpose: SealPurpose, stored: string): string | null {
  const [version, iv, sealed, tag] = stored.split(":");
  if (version !== "v1" || !iv || !sealed || !tag) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", derivedKey(purpose), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(sealed, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    return null;
  }
}
