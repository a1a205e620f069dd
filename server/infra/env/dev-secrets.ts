// Development-only secrets (session signing key, ...) generated on first use and kept in the
// data folder, so sessions survive a restart of `npm run dev` without anyone configuring them.
// Production never reaches this: env.ts demands real values there.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export function readOrCreateDevSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, "dev-secrets.json");
  let secrets: Record<string, string> = {};
  try {
    secrets = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  } catch {
    // First start (or an unreadable file): start afresh.
  }
  const existing = secrets[name];
  if (existing) return existing;
  const created = randomBytes(32).toString("base64url");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...secrets, [name]: created }, null, 2), { mode: 0o600 });
  return created;
}
