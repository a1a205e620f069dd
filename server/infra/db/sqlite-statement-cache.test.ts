// The statement cache leans on undocumented internals of @prisma/adapter-better-sqlite3 (a public
// `client`, and exactly which statement methods it calls), and a cached statement is shared by
// every later use of its SQL: a stale binding or a statement left broken by an error would answer
// one query with another's rows. So this checks the adapter contract itself, the LRU bound, and
// the app's real client end to end. SQLite only: there is nothing to cache on PostgreSQL.

import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { ArgType, SqlDriverAdapter, SqlQuery } from "@prisma/driver-adapter-utils";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import { migrateDatabase } from "../../../scripts/prisma/deploy";
import { testDatabaseKind } from "../../../tests/helpers/test-database";
import { dataDirOf } from "../env/paths";
import { createDbClient, type Db } from "./client";
import { newRowId } from "./ids";
import { isUniqueViolation } from "./prisma-errors";
import { cachePreparedStatements, withStatementCache } from "./sqlite-statement-cache";
import { resolveDatabaseTarget } from "./target";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "statement-cache-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const TEXT: ArgType = { scalarType: "string", arity: "scalar" };
const INT: ArgType = { scalarType: "int", arity: "scalar" };

/** A query as Prisma's engine hands it to the adapter: one ArgType per positional parameter. */
function sql(text: string, ...args: (string | number)[]): SqlQuery {
  return { sql: text, args, argTypes: args.map((arg) => (typeof arg === "number" ? INT : TEXT)) };
}

/** How many times `prepare` really ran for this SQL (the cache passes misses through to it). */
const preparesOf = (prepare: MockInstance, text: string) =>
  prepare.mock.calls.filter(([prepared]) => prepared === text).length;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the database to refuse this");
}

describe.skipIf(testDatabaseKind() === "postgresql")("sqlite statement cache", () => {
  describe("on the better-sqlite3 adapter", () => {
    const INSERT = `INSERT INTO "Item" ("name", "qty") VALUES (?, ?)`;
    const BY_NAME = `SELECT "name", "qty" FROM "Item" WHERE "name" = ?`;

    /**
     * A connected adapter on a new file with one table, its real `prepare` spied on before the
     * cache wraps it: the spy then sees exactly the statements the cache did not reuse.
     */
    async function cachedAdapter(): Promise<{ adapter: SqlDriverAdapter; prepare: MockInstance }> {
      const adapter = await new PrismaBetterSqlite3({ url: path.join(dir, `${randomUUID()}.db`) }).connect();
      await adapter.executeScript(
        `CREATE TABLE "Item" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL UNIQUE, "qty" INTEGER NOT NULL)`,
      );
      const client = (adapter as unknown as { client: Database.Database }).client;
      const prepare = vi.spyOn(client, "prepare");
      expect(withStatementCache(adapter)).toBe(adapter);
      return { adapter, prepare };
    }

    it("exposes its connection as `client`, a better-sqlite3 Database (else no cache is installed)", async () => {
      const adapter = await new PrismaBetterSqlite3({ url: path.join(dir, `${randomUUID()}.db`) }).connect();
      try {
        expect((adapter as unknown as { client?: unknown }).client).toBeInstanceOf(Database);
      } finally {
        await adapter.dispose();
      }
    });

    it("prepares a repeated query once and answers each use with its own arguments' rows", async () => {
      const { adapter, prepare } = await cachedAdapter();
      try {
        const names = Array.from({ length: 12 }, (_, i) => `item-${i}`);
        for (const [i, name] of names.entries()) {
          expect(await adapter.executeRaw(sql(INSERT, name, i * 10))).toBe(1);
        }
        // Out of insertion order, with misses in between: a binding left over from the previous
        // use would show up as the previous use's row (or as a row where none should be).
        for (const i of [7, 0, 11, 3, -1, 3, 9, -2, 1]) {
          const name = i < 0 ? `missing${i}` : `item-${i}`;
          const result = await adapter.queryRaw(sql(BY_NAME, name));
          expect(result.columnNames).toEqual(["name", "qty"]);
          expect(result.rows).toEqual(i < 0 ? [] : [[name, i * 10]]);
        }
        // Two parameters of different types in one statement.
        const RANGE = `SELECT "name" FROM "Item" WHERE "qty" >= ? AND "name" LIKE ? ORDER BY "qty"`;
        expect((await adapter.queryRaw(sql(RANGE, 90, "item-%"))).rows).toEqual([
          ["item-9"],
          ["item-10"],
          ["item-11"],
        ]);
        expect((await adapter.queryRaw(sql(RANGE, 0, "item-1%"))).rows).toEqual([
          ["item-1"],
          ["item-10"],
          ["item-11"],
        ]);

        expect(preparesOf(prepare, INSERT)).toBe(1);
        expect(preparesOf(prepare, BY_NAME)).toBe(1);
        expect(preparesOf(prepare, RANGE)).toBe(1);
      } finally {
        await adapter.dispose();
      }
    });

    it("reports each execution's own change count for INSERT, UPDATE and DELETE", async () => {
      const { adapter, prepare } = await cachedAdapter();
      try {
        for (const [i, name] of ["a", "b", "c", "d", "e"].entries()) {
          expect(await adapter.executeRaw(sql(INSERT, name, i))).toBe(1);
        }
        const BUMP = `UPDATE "Item" SET "qty" = "qty" + 100 WHERE "qty" >= ? AND "qty" < ?`;
        expect(await adapter.executeRaw(sql(BUMP, 3, 100))).toBe(2);
        expect(await adapter.executeRaw(sql(BUMP, 50, 60))).toBe(0);
        expect(await adapter.executeRaw(sql(BUMP, 0, 100))).toBe(3);
        expect(await adapter.executeRaw(sql(BUMP, 100, 1000))).toBe(5);
        const DELETE = `DELETE FROM "Item" WHERE "name" = ?`;
        expect(await adapter.executeRaw(sql(DELETE, "c"))).toBe(1);
        expect(await adapter.executeRaw(sql(DELETE, "c"))).toBe(0);

        const rows = await adapter.queryRaw(sql(`SELECT "name", "qty" FROM "Item" ORDER BY "name"`));
        expect(rows.rows).toEqual([
          ["a", 200],
          ["b", 201],
          ["d", 203],
          ["e", 204],
        ]);
        expect(preparesOf(prepare, BUMP)).toBe(1);
        expect(preparesOf(prepare, DELETE)).toBe(1);
      } finally {
        await adapter.dispose();
      }
    });

    it("keeps using a statement whose previous execution failed", async () => {
      const { adapter, prepare } = await cachedAdapter();
      try {
        expect(await adapter.executeRaw(sql(INSERT, "taken", 1))).toBe(1);
        const refused = await rejection(adapter.executeRaw(sql(INSERT, "taken", 2)));
        expect(refused).toMatchObject({ cause: { kind: "UniqueConstraintViolation" } });
        expect(await adapter.executeRaw(sql(INSERT, "free", 3))).toBe(1);
        expect((await adapter.queryRaw(sql(BY_NAME, "taken"))).rows).toEqual([["taken", 1]]);
        expect((await adapter.queryRaw(sql(BY_NAME, "free"))).rows).toEqual([["free", 3]]);

        // A reader that fails while stepping (not while binding) must be reset for its next use.
        const FIELD = `SELECT json_extract(?, '$.a') AS "a"`;
        expect((await adapter.queryRaw(sql(FIELD, '{"a":"first"}'))).rows).toEqual([["first"]]);
        expect(await rejection(adapter.queryRaw(sql(FIELD, "{not json")))).toBeInstanceOf(Error);
        expect((await adapter.queryRaw(sql(FIELD, '{"a":"second"}'))).rows).toEqual([["second"]]);

        expect(preparesOf(prepare, INSERT)).toBe(1);
        expect(preparesOf(prepare, FIELD)).toBe(1);
      } finally {
        await adapter.dispose();
      }
    });

    it("runs transactions, whose BEGIN the adapter prepares and runs without binding", async () => {
      const { adapter, prepare } = await cachedAdapter();
      try {
        const committed = await adapter.startTransaction();
        expect(await committed.executeRaw(sql(INSERT, "kept", 1))).toBe(1);
        // The engine ends a transaction with its own statement, then tells the adapter.
        await committed.executeRaw(sql("COMMIT"));
        await committed.commit();

        const rolledBack = await adapter.startTransaction();
        expect(await rolledBack.executeRaw(sql(INSERT, "undone", 2))).toBe(1);
        expect((await rolledBack.queryRaw(sql(BY_NAME, "undone"))).rows).toEqual([["undone", 2]]);
        await rolledBack.executeRaw(sql("ROLLBACK"));
        await rolledBack.rollback();

        const names = await adapter.queryRaw(sql(`SELECT "name" FROM "Item" ORDER BY "name"`));
        expect(names.rows).toEqual([["kept"]]);
        expect(preparesOf(prepare, "BEGIN")).toBe(1);
      } finally {
        await adapter.dispose();
      }
    });
  });

  describe("bounded to `max` statements", () => {
    const A = `SELECT 'a' AS "v"`;
    const B = `SELECT 'b' AS "v"`;
    const C = `SELECT 'c' AS "v"`;

    it("drops the least recently used statement, not the least recently prepared", () => {
      const connection = new Database(":memory:");
      try {
        const prepare = vi.spyOn(connection, "prepare");
        cachePreparedStatements(connection, 2);
        // Used the way the adapter uses it, so each use also shows the statement still works.
        const use = (text: string) => connection.prepare(text).bind([]).raw().all();

        expect(use(A)).toEqual([["a"]]);
        expect(use(B)).toEqual([["b"]]);
        expect(use(A)).toEqual([["a"]]); // A is now the most recently used...
        expect(use(C)).toEqual([["c"]]); // ...so C pushes B out, not A.
        expect(use(A)).toEqual([["a"]]);
        expect(use(B)).toEqual([["b"]]); // prepared again, pushing C out
        expect(use(A)).toEqual([["a"]]);

        expect(prepare.mock.calls.map(([text]) => text)).toEqual([A, B, C, B]);
      } finally {
        connection.close();
      }
    });

    it("is not installed on an adapter whose `client` is not a better-sqlite3 Database", () => {
      const prepare = () => "not a statement";
      const adapter = { client: { prepare } };
      expect(withStatementCache(adapter)).toBe(adapter);
      expect(adapter.client.prepare).toBe(prepare);
      const withoutClient = { provider: "postgres" };
      expect(withStatementCache(withoutClient)).toEqual({ provider: "postgres" });
    });
  });

  describe("through the app's Prisma client (createDbClient)", () => {
    let db: Db;
    let prepare: MockInstance;
    const partnerIds = [newRowId("ptn"), newRowId("ptn")] as const;
    const customers: { id: string; partnerId: string; email: string }[] = [];

    beforeAll(async () => {
      const url = `file:${path.join(dir, "app.db")}`;
      await migrateDatabase(url);
      // Spied on the prototype before the client connects (lazily, on its first query), so the
      // cache installed on that connection wraps the spy.
      prepare = vi.spyOn(Database.prototype, "prepare");
      db = createDbClient(resolveDatabaseTarget(url, dataDirOf(process.env)));
      for (const [n, partnerId] of partnerIds.entries()) {
        const slug = `cache-${n}`;
        await db.partner.create({ data: { id: partnerId, slug, name: slug } });
        for (let i = 0; i < 6; i++) {
          const email = `${slug}-${i}@example.test`;
          customers.push({ id: newRowId("cus"), partnerId, email });
        }
      }
      await db.customer.createMany({
        data: customers.map((c) => ({
          ...c,
          firstName: "F",
          lastName: c.email,
          emailLower: c.email,
          nameLower: `f ${c.email}`,
        })),
      });
    });
    afterAll(async () => {
      prepare?.mockRestore();
      await db?.$disconnect();
    });

    const byId = (client: Pick<Db, "customer">, id: string) =>
      client.customer.findUniqueOrThrow({
        where: { id },
        select: { id: true, email: true, partnerId: true },
      });
    const ofPartner = (client: Pick<Db, "customer">, partnerId: string) =>
      client.customer.findMany({ where: { partnerId }, orderBy: { email: "asc" }, select: { email: true } });
    const emailsOf = (partnerId: string) =>
      customers
        .filter((c) => c.partnerId === partnerId)
        .map((c) => ({ email: c.email }))
        .sort((x, y) => (x.email < y.email ? -1 : 1));

    it("answers interleaved queries of one shape with each one's own parameters", async () => {
      const [first, second] = partnerIds;
      const round = async () => {
        const ids = customers.map((c) => c.id).reverse();
        const [single, lists] = await Promise.all([
          Promise.all(ids.map((id) => byId(db, id))),
          Promise.all([ofPartner(db, first), ofPartner(db, second), ofPartner(db, first)]),
        ]);
        expect(single).toEqual([...customers].reverse());
        expect(lists).toEqual([emailsOf(first), emailsOf(second), emailsOf(first)]);
      };

      await round();
      const afterFirstRound = prepare.mock.calls.length;
      expect(afterFirstRound).toBeGreaterThan(0);
      await round();
      // The second round has no SQL the first did not: all of it comes from the cache.
      expect(prepare.mock.calls.length).toBe(afterFirstRound);
    });

    it("answers correctly inside interactive and batch transactions", async () => {
      const [a, b, c] = customers;
      if (!a || !b || !c) throw new Error("fixture customers missing");

      const seen = await db.$transaction(async (tx) => {
        await tx.customer.update({ where: { id: b.id }, data: { phone: "+44 1" } });
        const reads = [await byId(tx, a.id), await byId(tx, b.id), await byId(tx, c.id)];
        const phones = await tx.customer.findMany({
          where: { id: { in: [a.id, b.id, c.id] }, phone: { not: null } },
          select: { id: true },
        });
        return { reads, phones };
      });
      expect(seen.reads).toEqual([a, b, c]);
      expect(seen.phones).toEqual([{ id: b.id }]);

      const batch = await db.$transaction([byId(db, c.id), byId(db, a.id), byId(db, b.id)]);
      expect(batch).toEqual([c, a, b]);
    });

    it("keeps answering correctly after a statement failed inside a rolled-back transaction", async () => {
      const [a, b] = customers;
      if (!a || !b) throw new Error("fixture customers missing");
      // The same update shape twice: first to a free email, then to a taken one.
      const error = await rejection(
        db.$transaction(async (tx) => {
          await tx.customer.update({ where: { id: a.id }, data: { emailLower: "moved@example.test" } });
          await tx.customer.update({ where: { id: b.id }, data: { emailLower: "moved@example.test" } });
        }),
      );
      expect(isUniqueViolation(error)).toBe(true);

      const after = await db.customer.findMany({
        where: { id: { in: [a.id, b.id] } },
        orderBy: { email: "asc" },
        select: { id: true, emailLower: true },
      });
      expect(after).toEqual([
        { id: a.id, emailLower: a.email },
        { id: b.id, emailLower: b.email },
      ]);
      await db.customer.update({ where: { id: b.id }, data: { emailLower: "moved@example.test" } });
      expect(await byId(db, b.id)).toEqual(b);
      expect((await db.customer.findUniqueOrThrow({ where: { id: b.id } })).emailLower).toBe(
        "moved@example.test",
      );
    });
  });
});
