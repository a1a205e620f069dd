// Staff passwords are hashed with scrypt (memory-hard, built into Node: no native addon to
// compile). The stored form carries its parameters so they can be raised without invalidating
// existing hashes: a hash made with other parameters is replaced at the next successful sign-in.
//
// N=2^14, r=8, p=5 is one of OWASP's equivalent minimum scrypt settings (Password Storage Cheat
// Sheet). It costs ~260 ms of CPU per hash here, like N=2^17 with p=1, but 16 MiB of memory
// instead of 128 MiB, so a burst of sign-ins cannot exhaust the server's memory.
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

const PARAMS = { N: 16384, r: 8, p: 5, keyLength: 32 } as const;

function derive(password: string, salt: Buffer, N: number, r: number, p: number, keyLength: number) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, keyLength, { N, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS.N, PARAMS.r, PARAMS.p, PARAMS.keyLength);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, keyText] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, "base64url");
  const actual = await derive(
    password,
    Buffer.from(saltText, "base64url"),
    Number(n),
    Number(r),
    Number(p),
    expected.length,
  );
  return timingSafeEqual(actual, expected);
}

/** True when a stored hash was made with other parameters than today's (see sign-in.ts). */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split("$");
  return scheme !== "scrypt" || Number(n) !== PARAMS.N || Number(r) !== PARAMS.r || Number(p) !== PARAMS.p;
}

export const MIN_PASSWORD_LENGTH = 8;
