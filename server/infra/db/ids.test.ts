// Identifiers and references: their shape, and that drawing many (well past one refill of the
// random byte pool) gives no repeats and no favoured symbols.
import { describe, expect, it } from "vitest";
import { newOrderId, newReference, newRowId, REFERENCE_ALPHABET, REFERENCE_LENGTH } from "./ids";

describe("ids", () => {
  it("make references of the look-alike-free alphabet and ids of their documented shape", () => {
    expect(newReference()).toMatch(new RegExp(`^[${REFERENCE_ALPHABET}]{${REFERENCE_LENGTH}}$`));
    expect(newOrderId()).toMatch(/^order-[0-9a-f]{32}$/);
    expect(newRowId("oit")).toMatch(/^oit_[0-9a-f]{24}$/);
  });

  it("never repeat, and use every symbol about equally often", () => {
    const references = Array.from({ length: 20_000 }, () => newReference());
    expect(new Set(references).size).toBe(references.length);
    const counts = new Map<string, number>();
    for (const symbol of references.join("")) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    expect([...counts.keys()].sort().join("")).toBe([...REFERENCE_ALPHABET].sort().join(""));
    const expected = (20_000 * REFERENCE_LENGTH) / REFERENCE_ALPHABET.length; // ~7742 each
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.06);
  });
});
