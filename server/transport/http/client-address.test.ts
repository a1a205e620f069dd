import { describe, expect, it } from "vitest";
import { clientAddressOf } from "./client-address";

const headers = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });

describe("clientAddressOf", () => {
  it("takes the entry the nearest trusted proxy wrote, not what the caller sent before it", () => {
    expect(clientAddressOf(headers("6.6.6.6, 198.51.100.7"), 1)).toBe("198.51.100.7");
    expect(clientAddressOf(headers("6.6.6.6, 198.51.100.7, 10.0.0.2"), 2)).toBe("198.51.100.7");
    expect(clientAddressOf({ "x-forwarded-for": "6.6.6.6,198.51.100.7" }, 1)).toBe("198.51.100.7");
  });

  it("trusts nothing with no trusted proxy, or when the request skipped one", () => {
    expect(clientAddressOf(headers("198.51.100.7"), 0)).toBeNull();
    expect(clientAddressOf(headers("198.51.100.7"), 2)).toBeNull();
    expect(clientAddressOf(headers(), 1)).toBeNull();
    expect(clientAddressOf(headers(" , "), 1)).toBeNull();
  });
});
