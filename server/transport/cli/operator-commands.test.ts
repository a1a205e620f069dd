// The operator commands that replace hand-written SQL, run as an operator runs them (a child
// process on the test database: embedded, or PostgreSQL in CI's second run), with their effects
// checked in the database and through the services that depend on them, and their error paths:
// an unknown id, a bad value, an unreachable database and an unmigrated one.
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgDatabase, dropPgDatabase } from "../../../scripts/prisma/pg-connection";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { jsonOf, runCli } from "../../../tests/helpers/run-cli";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { checkStaffCredentials as checkCredentials } from "../../features/auth/sign-in";
import { PAIR_BRAKE } from "../../features/auth/sign-in-throttle";
import { DEMO_PASSWORD } from "../../features/seed/demo-credentials";
import { newRowId } from "../../infra/db/ids";
import { loadStaffSession } from "../session/session";

let t: TestDatabase;
let ids: { acmeId: string; globexId: string };
/** A sign-in from one address, as the portal's form makes it. */
const checkStaffCredentials = (email: string, password: string) =>
  checkCredentials(t.db, { email, password, address: "198.51.100.20" });

const scratch = mkdtempSync(path.join(tmpdir(), "cli-ops-"));

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await seedPartners(t.db);
});
afterAll(async () => {
  await t?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const OPERATOR = { PORTAL_OPERATOR: "ops-tester" };
const cli = (...args: string[]) => runCli(t.url, [...args, "--json"], { env: OPERATOR });
const errorOf = (run: { stdout: string }) =>
  (JSON.parse(run.stdout) as { error: { code: string; message: string } }).error;

async function auditActions(subjectId: string) {
  const rows = await t.db.auditEvent.findMany({
    where: { subjectId },
    select: { action: true, actorKind: true, actorId: true },
  });
  return rows;
}

describe("operator commands", { timeout: 240_000 }, () => {
  it("partner update changes, clears and audits settings; partner list shows them", async () => {
    const updated = await cli(
      "partner",
      "update",
      "--partner",
      "globex",
      "--credit-limit",
      "250000",
      "--countries",
      "gb,ie",
      "--status",
      "suspended",
      "--billing-provider",
      "stripe",
    );
    expect(updated.code).toBe(0);
    expect(jsonOf(updated)).toMatchObject({
      partner: {
        slug: "globex",
        creditLimit: 250000,
        allowedCountries: ["GB", "IE"],
        status: "suspended",
        billingProvider: "stripe",
      },
    });
    const audit = await auditActions(ids.globexId);
    expect(audit).toContainEqual({
      action: "partner.updated",
      actorKind: "system",
      actorId: "operator:ops-tester",
    });

    const cleared = await cli(
      "partner",
      "update",
      "--partner",
      "globex",
      "--credit-limit",
      "none",
      "--countries",
      "all",
      "--billing-provider",
      "default",
      "--status",
      "active",
    );
    expect(jsonOf(cleared)).toMatchObject({
      partner: { creditLimit: null, allowedCountries: null, billingProvider: null, status: "active" },
    });
    const row = await t.db.partner.findUniqueOrThrow({
      where: { id: ids.globexId },
      select: { allowedCountries: true },
    });
    expect(row.allowedCountries).toBeNull();

    const listed = jsonOf(await cli("partner", "list")) as { partners: { slug: string }[] };
    expect(listed.partners.map((p) => p.slug)).toEqual(["acme", "globex"]);
  });

  it("partner update refuses unknown partners, bad values and an empty change", async () => {
    const unknown = await cli("partner", "update", "--partner", "nope", "--status", "active");
    expect(unknown.code).toBe(1);
    expect(errorOf(unknown)).toMatchObject({ code: "NOT_FOUND" });
    for (const bad of [
      ["--credit-limit", "12.50"],
      ["--status", "paused"],
      ["--billing-provider", "paypal"],
    ]) {
      const run = await cli("partner", "update", "--partner", "acme", ...bad);
      expect(run.code, bad.join(" ")).toBe(2);
      expect(errorOf(run).code).toBe("USAGE");
      expect(run.stderr).toContain(bad[0]);
    }
    const countries = await cli("partner", "update", "--partner", "acme", "--countries", "GBR");
    expect(errorOf(countries)).toMatchObject({ code: "VALIDATION" });
    const nothing = await cli("partner", "update", "--partner", "acme");
    expect(nothing.code).toBe(1);
    expect(errorOf(nothing).message).toMatch(/Nothing to change/);
  });

  it("user disable ends sign-in and open sessions for good; enable, unlock and reset-password restore access", async () => {
    const email = "staff@globex.test";
    const user = await t.db.staffUser.findUniqueOrThrow({
      where: { email },
      select: { id: true, partnerId: true },
    });
    // A session signed in before the disable.
    const claims = { userId: user.id, partnerId: user.partnerId, signedInAt: Date.now() - 1000 };

    const listed = jsonOf(await cli("user", "list", "--partner", "globex")) as { users: { email: string }[] };
    expect(listed.users.map((u) => u.email)).toEqual(["admin@globex.test", "staff@globex.test"]);
    expect(JSON.stringify(listed)).not.toMatch(/passwordHash|scrypt/);

    expect(jsonOf(await cli("user", "disable", "--email", "Staff@Globex.test"))).toMatchObject({
      user: { disabled: true },
    });
    expect(await checkStaffCredentials(email, DEMO_PASSWORD)).toEqual({
      ok: false,
      reason: "disabled",
    });
    expect(await checkStaffCredentials(email, "a wrong password")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await loadStaffSession(t.db, claims)).toBeNull();

    expect(jsonOf(await cli("user", "enable", "--email", email))).toMatchObject({
      user: { disabled: false },
    });
    expect((await checkStaffCredentials(email, DEMO_PASSWORD)).ok).toBe(true);
    // Enabling does not revive a session from before the disable; a new sign-in works.
    expect(await loadStaffSession(t.db, claims)).toBeNull();
    const newSession = { ...claims, signedInAt: Date.now() };
    expect(await loadStaffSession(t.db, newSession)).not.toBeNull();

    for (let i = 0; i < PAIR_BRAKE.free; i++) await checkStaffCredentials(email, "wrong wrong wrong");
    expect(await checkStaffCredentials(email, DEMO_PASSWORD)).toMatchObject({ ok: false, reason: "delayed" });
    const braked = jsonOf(await cli("user", "list", "--partner", "globex")) as {
      users: { email: string; failed_sign_ins: number }[];
    };
    expect(braked.users.find((u) => u.email === email)?.failed_sign_ins).toBe(PAIR_BRAKE.free);
    expect(jsonOf(await cli("user", "unlock", "--email", email))).toMatchObject({
      user: { failed_sign_ins: 0 },
    });
    expect((await checkStaffCredentials(email, DEMO_PASSWORD)).ok).toBe(true);

    const reset = await runCli(
      t.url,
      ["user", "reset-password", "--email", email, "--password-stdin", "--json"],
      {
        stdin: "a brand new long password\n",
        env: OPERATOR,
      },
    );
    expect(reset.code).toBe(0);
    expect(reset.stdout).not.toContain("a brand new long password");
    expect(jsonOf(reset)).toMatchObject({ user: { must_change_password: true } });
    expect((await checkStaffCredentials(email, "a brand new long password")).ok).toBe(true);
    expect((await checkStaffCredentials(email, DEMO_PASSWORD)).ok).toBe(false);
    // Whoever held the old password is signed out.
    expect(await loadStaffSession(t.db, newSession)).toBeNull();

    await t.db.staffUser.update({
      where: { id: user.id },
      data: { totpSecret: "v1:x:y:z", totpEnabledAt: new Date() },
    });
    expect(jsonOf(await cli("user", "reset-two-factor", "--email", email))).toMatchObject({
      user: { two_factor: false },
    });

    expect((await auditActions(user.id)).map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "staff_user.disabled",
        "staff_user.enabled",
        "staff_user.unlocked",
        "staff_user.password_reset",
        "staff_user.two_factor_reset",
      ]),
    );
  });

  it("user commands refuse an unknown email and a short password", async () => {
    const unknown = await cli("user", "disable", "--email", " Nobody@Globex.test ");
    expect(unknown.code).toBe(1);
    expect(errorOf(unknown)).toMatchObject({ code: "NOT_FOUND" });
    const short = await cli("user", "reset-password", "--email", "admin@globex.test", "--password", "short");
    expect(short.code).toBe(1);
    expect(errorOf(short)).toMatchObject({ code: "VALIDATION" });
    const missing = await cli("user", "unlock");
    expect(missing.code).toBe(2);
  });

  it("api-client list shows a partner's clients without any secret", async () => {
    const run = await cli("api-client", "list", "--partner", "acme");
    expect(run.code).toBe(0);
    const body = jsonOf(run) as { api_clients: { client_id: string; scopes: string[] }[] };
    expect(body.api_clients.map((c) => c.client_id)).toContain("demo-acme-erp");
    expect(run.stdout).not.toMatch(/secret|Hash/i);
    const unknown = await cli("api-client", "list", "--partner", "nope");
    expect(errorOf(unknown)).toMatchObject({ code: "NOT_FOUND" });
  });

  it("api-client create and revoke are audited under the operator, like an admin's in the portal", async () => {
    const created = jsonOf(
      await cli(
        "api-client",
        "create",
        "--partner",
        "globex",
        "--name",
        "Audited ERP",
        "--scopes",
        "orders:read",
      ),
    ) as { client_id: string; client_secret: string };
    expect(jsonOf(await cli("api-client", "revoke", "--client-id", created.client_id))).toMatchObject({
      already_revoked: false,
    });
    expect(jsonOf(await cli("api-client", "revoke", "--client-id", created.client_id))).toMatchObject({
      already_revoked: true,
    });
    const audit = await t.db.auditEvent.findMany({
      where: { subjectType: "api_client", subjectId: created.client_id },
      orderBy: { createdAt: "asc" },
      select: { action: true, actorKind: true, actorId: true, partnerId: true, data: true },
    });
    expect(audit.map((a) => [a.action, a.actorKind, a.actorId])).toEqual([
      ["api_client.created", "system", "operator:ops-tester"],
      ["api_client.revoked", "system", "operator:ops-tester"],
    ]);
    expect(audit.every((a) => a.partnerId === ids.globexId)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(created.client_secret);
  });

  it("discount create, list and disable (a disabled code is stored inactive)", async () => {
    const created = await cli(
      "discount",
      "create",
      "--partner",
      "globex",
      "--code",
      "globex-spring",
      "--percent",
      "25",
      "--duration-periods",
      "3",
      "--expires",
      "2099-06-30",
      "--max-redemptions",
      "10",
    );
    expect(created.code).toBe(0);
    expect(jsonOf(created)).toMatchObject({
      discount: {
        code: "GLOBEX-SPRING",
        partner: "globex",
        kind: "percent",
        percent_off: 25,
        duration_periods: 3,
        max_redemptions: 10,
        expires_at: "2099-06-30T23:59:59.999Z",
        state: "active",
      },
    });
    const everyone = await cli(
      "discount",
      "create",
      "--all-partners",
      "--code",
      "TENOFF",
      "--amount",
      "1000",
      "--currency",
      "gbp",
    );
    expect(jsonOf(everyone)).toMatchObject({
      discount: { partner: null, kind: "amount", amount_off: 1000, currency: "GBP" },
    });

    const listed = jsonOf(await cli("discount", "list", "--partner", "globex")) as {
      discounts: { code: string }[];
    };
    expect(listed.discounts.map((d) => d.code)).toEqual(expect.arrayContaining(["GLOBEX-SPRING", "TENOFF"]));
    const acme = jsonOf(await cli("discount", "list", "--partner", "acme")) as {
      discounts: { code: string }[];
    };
    expect(acme.discounts.map((d) => d.code)).not.toContain("GLOBEX-SPRING");

    const disabled = await cli("discount", "disable", "--code", "globex-spring");
    expect(jsonOf(disabled)).toMatchObject({ discount: { state: "disabled" }, already_disabled: false });
    const row = await t.db.discountCode.findUniqueOrThrow({
      where: { code: "GLOBEX-SPRING" },
      select: { active: true },
    });
    expect(row.active).toBe(false);
    expect(jsonOf(await cli("discount", "disable", "--code", "GLOBEX-SPRING"))).toMatchObject({
      already_disabled: true,
    });
  });

  it("discount commands refuse duplicates, unknown codes and contradictory values", async () => {
    const duplicate = await cli("discount", "create", "--all-partners", "--code", "TENOFF", "--percent", "5");
    expect(errorOf(duplicate)).toMatchObject({ code: "CONFLICT" });
    const unknown = await cli("discount", "disable", "--code", "NOPE-NOPE");
    expect(errorOf(unknown)).toMatchObject({ code: "NOT_FOUND" });
    const both = await cli(
      "discount",
      "create",
      "--all-partners",
      "--code",
      "BOTHWAYS",
      "--percent",
      "5",
      "--amount",
      "100",
      "--currency",
      "GBP",
    );
    expect(errorOf(both)).toMatchObject({ code: "VALIDATION" });
    const noCurrency = await cli(
      "discount",
      "create",
      "--all-partners",
      "--code",
      "NOCUR",
      "--amount",
      "100",
    );
    expect(errorOf(noCurrency).message).toMatch(/currency/);
    const past = await cli(
      "discount",
      "create",
      "--all-partners",
      "--code",
      "PASTDATE",
      "--percent",
      "5",
      "--expires",
      "2001-01-01",
    );
    expect(errorOf(past).message).toMatch(/future/);
    const whose = await cli("discount", "create", "--code", "WHOSE", "--percent", "5");
    expect(whose.code).toBe(2);
    expect(
      await t.db.discountCode.count({ where: { code: { in: ["BOTHWAYS", "NOCUR", "PASTDATE", "WHOSE"] } } }),
    ).toBe(0);
  });

  it("purge deletes expired idempotency records, forgotten sign-in brakes, old failed jobs and event ids, and keeps live ones", async () => {
    const record = (expiresAt: Date) => ({
      id: newRowId("idm"),
      partnerId: ids.acmeId,
      key: `purge-${randomBytes(4).toString("hex")}`,
      requestHash: "x",
      state: "completed" as const,
      expiresAt,
    });
    const expired = record(new Date(Date.now() - 60_000));
    const live = record(new Date(Date.now() + 3_600_000));
    await t.db.idempotencyRecord.createMany({ data: [expired, live] });
    const brake = (key: string, updatedAt: Date, blockedUntil: Date) => ({
      key,
      failures: 3,
      updatedAt,
      blockedUntil,
    });
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    await t.db.signInThrottle.createMany({
      data: [
        brake("address:purge-old", hoursAgo(25), new Date(0)),
        brake("address:purge-recent", new Date(), new Date(0)),
        brake("address:purge-waiting", hoursAgo(25), new Date(Date.now() + 600_000)),
        brake("known:purge-old", hoursAgo(31 * 24), new Date(0)),
        brake("known:purge-recent", hoursAgo(25), new Date(0)),
      ],
    });
    const daysAgo = (d: number) => hoursAgo(d * 24);
    const job = (key: string, failedAt: Date | null) => ({
      id: newRowId("job"),
      name: "order.process",
      data: {},
      key,
      runAt: daysAgo(40),
      maxAttempts: 7,
      failedAt,
    });
    await t.db.job.createMany({
      data: [
        job("purge-failed-old", daysAgo(31)),
        job("purge-failed-recent", daysAgo(2)),
        job("purge-waiting", null),
      ],
    });
    await t.db.providerEvent.createMany({
      data: [
        { id: "stripe:evt_purge_old", type: "charge.succeeded", receivedAt: daysAgo(31) },
        { id: "stripe:evt_purge_recent", type: "charge.succeeded", receivedAt: daysAgo(2) },
      ],
    });
    const run = await cli("purge");
    expect(run.code).toBe(0);
    expect(jsonOf(run)).toMatchObject({
      purged: { idempotencyRecords: 1, signInBrakes: 2, failedJobs: 1, providerEvents: 1 },
    });
    const jobsLeft = await t.db.job.findMany({
      where: { key: { startsWith: "purge-" } },
      select: { key: true },
    });
    expect(jobsLeft.map((j) => j.key).sort()).toEqual(["purge-failed-recent", "purge-waiting"]);
    const eventsLeft = await t.db.providerEvent.findMany({
      where: { id: { startsWith: "stripe:evt_purge" } },
    });
    expect(eventsLeft.map((e) => e.id)).toEqual(["stripe:evt_purge_recent"]);
    const brakesLeft = await t.db.signInThrottle.findMany({
      where: { key: { startsWith: "address:purge-" } },
    });
    expect(brakesLeft.map((row) => row.key).sort()).toEqual([
      "address:purge-recent",
      "address:purge-waiting",
    ]);
    // A known address outlives the day-old brake rows: it is kept for 30 days.
    const knownLeft = await t.db.signInThrottle.findMany({ where: { key: { startsWith: "known:purge-" } } });
    expect(knownLeft.map((row) => row.key)).toEqual(["known:purge-recent"]);
    const left = await t.db.idempotencyRecord.findMany({
      where: { id: { in: [expired.id, live.id] } },
      select: { id: true },
    });
    expect(left).toEqual([{ id: live.id }]);
  });

  it("backup copies the embedded database online, checked; PostgreSQL is pointed to pg_dump", async () => {
    const to = path.join(scratch, "backup.db");
    const run = await cli("backup", "--to", to);
    if (t.kind === "postgresql") {
      expect(run.code).toBe(2);
      expect(errorOf(run).message).toMatch(/pg_dump/);
      return;
    }
    expect(run.code).toBe(0);
    expect(jsonOf(run)).toMatchObject({ backup: { to } });
    const copy = new Database(to, { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect((copy.prepare('SELECT count(*) AS n FROM "Partner"').get() as { n: number }).n).toBe(2);
    copy.close();

    const again = await cli("backup", "--to", to);
    expect(errorOf(again)).toMatchObject({ code: "CONFLICT" });
    const noFolder = await cli("backup", "--to", path.join(scratch, "missing", "b.db"));
    expect(errorOf(noFolder)).toMatchObject({ code: "VALIDATION" });
    expect((await cli("backup")).code).toBe(2);
  });

  it("--version prints the package's version", async () => {
    const run = await runCli(t.url, ["--version", "--json"]);
    expect(jsonOf(run)).toMatchObject({
      name: "partner-orders-portal",
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });
});

describe("operator commands without a usable database", { timeout: 120_000 }, () => {
  it("names an unreachable database", async () => {
    const run = await runCli("postgresql://postgres@127.0.0.1:1/portal", ["partner", "list", "--json"]);
    expect(run.code).toBe(1);
    expect(errorOf(run)).toMatchObject({ code: "DATABASE_UNREACHABLE" });
    expect(run.stderr).not.toMatch(/invocation|at .*\.ts:\d+/);
  });

  it("says to migrate an embedded database that is missing or empty, and creates no file", async () => {
    const missing = path.join(scratch, "never.db");
    const run = await runCli(`file:${missing}`, ["user", "list", "--json"]);
    expect(errorOf(run)).toMatchObject({ code: "NOT_MIGRATED" });
    expect(existsSync(missing)).toBe(false);

    const empty = path.join(scratch, "empty.db");
    new Database(empty).close();
    const emptyRun = await runCli(`file:${empty}`, ["discount", "list", "--json"]);
    expect(errorOf(emptyRun)).toMatchObject({ code: "NOT_MIGRATED" });
  });

  it.runIf(process.env.TEST_DATABASE_URL?.startsWith("postgres") ?? false)(
    "says to migrate an empty PostgreSQL database",
    async () => {
      const server = process.env.TEST_DATABASE_URL ?? "";
      const name = `portal_empty_${randomBytes(4).toString("hex")}`;
      const url = await createPgDatabase(server, name);
      try {
        const run = await runCli(url, ["partner", "list", "--json"]);
        expect(errorOf(run)).toMatchObject({ code: "NOT_MIGRATED" });
      } finally {
        await dropPgDatabase(server, name);
      }
    },
  );
});
