// The keyset cursor the lists hand out, and how a page address with a bad one is treated.
import { describe, expect, it } from "vitest";
import { cursorParam, decodeOrderCursor, encodeOrderCursor } from "./keyset-paging";

describe("order cursor", () => {
  const cursor = {
    createdAt: new Date("2026-11-27T10:00:00.123Z"),
    id: "id-0123456789abcdef0123456789abcdef",
  };

  it("decodes what it encoded", () => {
    expect(decodeOrderCursor(encodeOrderCursor(cursor))).toEqual(cursor);
  });

  it("keeps a cursor it handed out in a page address, and drops anything else", () => {
    const text = encodeOrderCursor(cursor);
    expect(cursorParam(text)).toBe(text);
    expect(cursorParam(undefined)).toBeUndefined();
    expect(cursorParam("")).toBeUndefined();
    expect(cursorParam("not-a-cursor")).toBeUndefined();
    expect(cursorParam(Buffer.from('["yesterday", 3]').toString("base64url"))).toBeUndefined();
    expect(cursorParam(text.repeat(3))).toBeUndefined();
  });
});
