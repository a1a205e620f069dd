// A statement outside a transaction must neither see that transaction's uncommitted rows nor be
// undone by its rollback. PostgreSQL gives this by itself; the embedded database (one connection
// shared by the whole process) gets it from server/infra/db/serialized-sqlite-adapter.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const partner = (id: string) => ({ id, slug: id.replace(/_/g, "-"), name: id });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("statements outside an open transaction", () => {
  it("survive its rollback and do not see its uncommitted rows", async () => {
    await t.db.partner.create({ data: partner("ptn_before") });
    let inside!: () => void;
    const insideOpen = new Promise<void>((resolve) => {
      inside = resolve;
    });
    const failing = t.db.$transaction(async (tx) => {
      await tx.partner.create({ data: partner("ptn_in_tx") });
      inside();
      await sleep(150);
      throw new Error("roll back");
    });
    await insideOpen;
    const outsideWrite = t.db.partner.updateMany({
      where: { id: "ptn_before" },
      data: { name: "renamed outside" },
    });
    const outsideRead = t.db.partner.findFirst({ where: { id: "ptn_in_tx" } });
    await expect(failing).rejects.toThrow("roll back");
    expect(await outsideWrite).toEqual({ count: 1 });
    expect(await outsideRead).toBeNull();
    expect((await t.db.partner.findUniqueOrThrow({ where: { id: "ptn_before" } })).name).toBe(
      "renamed outside",
    );
    expect(await t.db.partner.findUnique({ where: { id: "ptn_in_tx" } })).toBeNull();
  });

  it("many interleaved transactions and single statements all keep their own outcome", async () => {
    const work = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? t.db
            .$transaction(async (tx) => {
              await tx.partner.create({ data: partner(`ptn_tx_${i}`) });
              await sleep(5);
              if (i % 4 === 0) throw new Error("undo");
            })
            .catch(() => undefined)
        : t.db.partner.create({ data: partner(`ptn_single_${i}`) }),
    );
    await Promise.all(work);
    const ids = (await t.db.partner.findMany({ where: { id: { startsWith: "ptn_" } }, select: { id: true } }))
      .map((p) => p.id)
      .sort();
    const expected = ["ptn_before"];
    for (let i = 0; i < 20; i++) {
      if (i % 2 === 1) expected.push(`ptn_single_${i}`);
      else if (i % 4 !== 0) expected.push(`ptn_tx_${i}`);
    }
    expect(ids).toEqual(expected.sort());
  });
});
