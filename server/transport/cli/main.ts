// Entry point of `npm run cli`. Parses arguments, opens the database named by DATABASE_URL,
// runs one command, and maps every failure to a clear message and a non-zero exit code.
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { isDomainError } from "../../domain/domain-error";
import { currentOperator, type Operator } from "../../features/audit/operator-audit";
import { createDbClient, type Db } from "../../infra/db/client";
import { type DatabaseTarget, redactUrl, resolveDatabaseTarget } from "../../infra/db/target";
import { EnvError, env } from "../../infra/env/env";
import { loadEnvFiles } from "../../infra/env/env-files";
import * as callouts from "./callout-commands";
import type { Flags } from "./cli-flags";
import { createOutput, type Output, UsageError } from "./cli-io";
import * as commands from "./commands";
import * as discounts from "./discount-commands";
import { HELP } from "./help";
import * as maintenance from "./maintenance-commands";
import * as partners from "./partner-commands";
import * as stripe from "./stripe-commands";
import * as users from "./user-commands";
import * as webhooks from "./webhook-commands";
import * as zuora from "./zuora-commands";

const OPTIONS = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
  demo: { type: "boolean" },
  slug: { type: "string" },
  name: { type: "string" },
  countries: { type: "string" },
  "credit-limit": { type: "string" },
  "invoice-owner": { type: "string" },
  "billing-provider": { type: "string" },
  "zuora-account": { type: "string" },
  "stripe-customer": { type: "string" },
  currency: { type: "string" },
  status: { type: "string" },
  partner: { type: "string" },
  "all-partners": { type: "boolean" },
  email: { type: "string" },
  role: { type: "string" },
  password: { type: "string" },
  "password-stdin": { type: "boolean" },
  scopes: { type: "string" },
  "client-id": { type: "string" },
  "add-to": { type: "string" },
  code: { type: "string" },
  percent: { type: "string" },
  amount: { type: "string" },
  "duration-periods": { type: "string" },
  expires: { type: "string" },
  "max-redemptions": { type: "string" },
  to: { type: "string" },
  url: { type: "string" },
  events: { type: "string" },
  description: { type: "string" },
  id: { type: "string" },
  off: { type: "boolean" },
  "timeout-ms": { type: "string" },
  critical: { type: "string" },
  "reject-statuses": { type: "string" },
  "rotate-secret": { type: "boolean" },
  "dry-run": { type: "boolean" },
  "percent-discount-plan": { type: "string" },
  "amount-discount-plan": { type: "string" },
} as const;

type Context = {
  db: Db;
  target: DatabaseTarget;
  operator: Operator;
  flags: Flags;
  positionals: string[];
  out: Output;
};
/** A command may answer its exit status (a number); anything else means 0. */
type Command = (ctx: Context) => Promise<unknown>;

const COMMANDS: Record<string, Command> = {
  "partner create": (c) => partners.partnerCreate(c.db, c.flags, c.out),
  "partner update": (c) => partners.partnerUpdate(c.db, c.operator, c.flags, c.out),
  "partner list": (c) => partners.partnerList(c.db, c.out),
  "partner callout": (c) => callouts.partnerCallout(c.db, c.operator, c.flags, c.out),
  "user create": (c) => users.userCreate(c.db, c.flags, c.out),
  "user list": (c) => users.userList(c.db, c.flags, c.out),
  "user disable": (c) => users.userDisable(c.db, c.operator, c.flags, c.out),
  "user enable": (c) => users.userEnable(c.db, c.operator, c.flags, c.out),
  "user unlock": (c) => users.userUnlock(c.db, c.operator, c.flags, c.out),
  "user reset-password": (c) => users.userResetPassword(c.db, c.operator, c.flags, c.out),
  "user reset-two-factor": (c) => users.userResetTwoFactor(c.db, c.operator, c.flags, c.out),
  "api-client create": (c) => commands.apiClientCreate(c.db, c.operator, c.flags, c.out),
  "api-client list": (c) => commands.apiClientList(c.db, c.flags, c.out),
  "api-client revoke": (c) => commands.apiClientRevoke(c.db, c.operator, c.flags, c.out),
  "discount create": (c) => discounts.discountCreate(c.db, c.operator, c.flags, c.out),
  "discount list": (c) => discounts.discountList(c.db, c.flags, c.out),
  "discount disable": (c) => discounts.discountDisable(c.db, c.operator, c.flags, c.out),
  "webhook create": (c) => webhooks.webhookCreate(c.db, c.operator, c.flags, c.out),
  "webhook list": (c) => webhooks.webhookList(c.db, c.operator, c.flags, c.out),
  "webhook delete": (c) => webhooks.webhookDelete(c.db, c.operator, c.flags, c.out),
  "webhook rotate-secret": (c) => webhooks.webhookRotateSecret(c.db, c.operator, c.flags, c.out),
  "offers import": (c) => commands.offersImport(c.db, c.positionals, c.out),
  "catalog map-zuora": (c) => zuora.catalogMapZuora(c.db, c.flags, c.out),
  "catalog sync-stripe": (c) => stripe.catalogSyncStripe(c.db, c.flags, c.out),
  seed: (c) => commands.seed(c.db, c.flags, c.out),
  "demo-info": (c) => commands.demoInfoCommand(c.db, c.out),
  "keys generate": (c) => commands.keysGenerate(c.flags, c.out),
  backup: (c) => maintenance.backup(c.target, c.flags, c.out),
  purge: (c) => maintenance.purge(c.db, c.out),
  "summaries rebuild": (c) => maintenance.summariesRebuild(c.db, c.out),
};

// Commands that must not open a Prisma client: one needs no database (and must not create the
// embedded file as a side effect); backup opens the file itself.
const COMMANDS_WITHOUT_CLIENT = new Set(["keys generate", "backup"]);

const PROJECT_ROOT = path.resolve(import.meta.dirname, "../../..");

async function main(argv: string[]): Promise<number> {
  const wantsJson = argv.includes("--json");
  const out = createOutput(wantsJson);
  let db: Db | undefined;
  let target: DatabaseTarget | undefined;
  try {
    // The same .env files as the server, so both act on the same database.
    if (process.env.PORTAL_NO_ENV_FILES !== "1") loadEnvFiles(PROJECT_ROOT, process.env.NODE_ENV);
    const { values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    if (values.version) {
      maintenance.version(out);
      return 0;
    }
    if (values.help || positionals.length === 0) {
      process.stdout.write(HELP);
      return positionals.length === 0 && !values.help ? 2 : 0;
    }
    const [first = "", second = ""] = positionals;
    const key = COMMANDS[`${first} ${second}`] ? `${first} ${second}` : first;
    const command = COMMANDS[key];
    if (!command)
      throw new UsageError(`Unknown command "${positionals.join(" ")}". Run with --help for the list.`);
    const rest = positionals.slice(key.split(" ").length);
    // `keys generate` makes the keys a deployment's settings are completed with, so it reads no
    // settings; every other command works under the same validated settings as the server.
    if (key !== "keys generate") {
      const settings = env();
      target = resolveDatabaseTarget(settings.databaseUrl, settings.dataDir);
    }
    if (target && !COMMANDS_WITHOUT_CLIENT.has(key)) {
      // Opening a missing embedded file would create an empty one as a side effect.
      if (target.kind === "sqlite" && !existsSync(target.file)) throw new NoDatabaseFile();
      db = createDbClient(target);
    }
    const operator = currentOperator(process.env, () => os.userInfo().username);
    const exit = await command({
      db: db as Db,
      target: target as DatabaseTarget,
      operator,
      flags: values,
      positionals: rest,
      out,
    });
    // A command that printed its result may still end in failure (catalog sync-stripe).
    return typeof exit === "number" ? exit : 0;
  } catch (error) {
    return reportFailure(error, out, target);
  } finally {
    await db?.$disconnect().catch(() => {});
  }
}

function reportFailure(error: unknown, out: Output, target: DatabaseTarget | undefined): number {
  let code = "ERROR";
  let message: string;
  let errors: unknown;
  let exit = 1;
  if (
    error instanceof UsageError ||
    (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))
  ) {
    code = "USAGE";
    message = error.message;
    exit = 2;
  } else if (error instanceof EnvError) {
    code = "INVALID_SETTINGS";
    message = error.message;
  } else if (isDomainError(error)) {
    code = error.code;
    message = error.message;
    errors = error.details.errors;
  } else if (isUnreachable(error)) {
    code = "DATABASE_UNREACHABLE";
    message = `Cannot reach the database (${target?.display ?? "DATABASE_URL"}): ${redactUrl(errorText(error))}. Check DATABASE_URL and that the database server is running.`;
  } else if (error instanceof NoDatabaseFile || isMissingTable(error)) {
    code = "NOT_MIGRATED";
    message = `The database has no tables yet (${target?.display ?? "DATABASE_URL"}). Run \`npm run db:migrate\` first.`;
  } else {
    message = `Unexpected failure: ${errorText(error)}`;
  }
  process.stderr.write(`error: ${message}\n`);
  if (out.json) process.stdout.write(`${JSON.stringify({ error: { code, message, errors } })}\n`);
  return exit;
}

/** Prisma prefixes the cause with the failing call and a code excerpt: keep only the cause. */
function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  return text.includes("invocation") ? (lines.at(-1) ?? text) : text;
}

class NoDatabaseFile extends Error {}

/** No server at the address, a refused login, or an embedded file in a folder that does not exist. */
function isUnreachable(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  return (
    [
      "P1000",
      "P1001",
      "P1002",
      "P1003",
      "P1017",
      "ECONNREFUSED",
      "ENOTFOUND",
      "ETIMEDOUT",
      "SQLITE_CANTOPEN",
    ].includes(code) ||
    /ECONNREFUSED|ENOTFOUND|Can't reach database|directory does not exist|unable to open database|database .* does not exist|authentication failed/i.test(
      errorText(error),
    )
  );
}

function isMissingTable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "P2021" || /no such table|table .* does not exist/i.test(errorText(error));
}

process.exitCode = await main(process.argv.slice(2));
