// Client secrets: only a hash is stored, and the comparison takes the same path whatever the
// guess (both sides are hashed to the same length and compared with timingSafeEqual).
import * as crypto from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { clientSecretMatches, hashClientSecret, newClientSecret } from "./client-secret";

vi.mock("node:crypto", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:crypto")>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const timingSafeEqual = vi.mocked(crypto.timingSafeEqual);

beforeEach(() => {
  timingSafeEqual.mockClear();
});

describe("client secrets", () => {
  it("are 256 random bits, different every time", () => {
    const secrets = new Set(Array.from({ length: 50 }, () => newClientSecret()));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) expect(secret).toMatch(/^pcs_[A-Za-z0-9_-]{43}$/);
  });

  it("are stored as a SHA-256 hash that does not contain the secret", () => {
    const secret = newClientSecret();
    const hash = hashClientSecret(secret);
    expect(hash).toMatch(/^sha256\$[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain(secret.slice(4));
    expect(hashClientSecret(secret)).toBe(hash); // deterministic, so it can be looked up
    expect(hashClientSecret(`${secret}x`)).not.toBe(hash);
  });

  it("match only the exact secret", () => {
    const secret = newClientSecret();
    const hash = hashClientSecret(secret);
    expect(clientSecretMatches(secret, hash)).toBe(true);
    expect(clientSecretMatches(secret.toUpperCase(), hash)).toBe(false);
    expect(clientSecretMatches(`${secret} `, hash)).toBe(false);
    expect(clientSecretMatches("", hash)).toBe(false);
    expect(clientSecretMatches(secret, "")).toBe(false);
    expect(clientSecretMatches(secret, "plain-text-secret")).toBe(false);
  });

  it("compare in constant time: same-length buffers through timingSafeEqual, whatever the guess", () => {
    const hash = hashClientSecret(newClientSecret());
    const guesses = ["", "a", "x".repeat(10_000), hash, "pcs_almost", "ü🙂"];
    for (const guess of guesses) {
      timingSafeEqual.mockClear();
      expect(clientSecretMatches(guess, hash)).toBe(false);
      // The guess's length never short-cuts the comparison: its hash has the stored hash's length.
      expect(timingSafeEqual).toHaveBeenCalledTimes(1);
      const [a, b] = timingSafeEqual.mock.calls[0] as [Buffer, Buffer];
      expect(a.length).toBe(b.length);
    }
  });
});
