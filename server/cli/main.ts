// Entry point of `npm run cli`. Parses arguments, opens the database named by DATABASE_URL,
// runs one command, and maps every failure to a clear message and a non-zero exit code.
import { parseArgs } from "node:util";
import { createDbClient, type Db } from "../db/client";
import { resolveDatabaseTarget } from "../db/target";
import { isDomainError } from "../domain/domain-error";
import { createOutput, type Output, UsageError } from "./cli-io";
import * as commands from "./commands";
import { HELP } from "./help";

const OPTIONS = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  demo: { type: "boolean" },
  slug: { type: "string" },
  name: { type: "string" },
  countries: { type: "string" },
  "credit-limit": { type: "string" },
  "invoice-owner": { type: "string" },
  "billing-provider": { type: "string" },
  currency: { type: "string" },
  partner: { type: "string" },
  email: { type: "string" },
  role: { type: "string" },
  password: { type: "string" },
  "password-stdin": { type: "boolean" },
  scopes: { type: "string" },
  "client-id": { type: "string" },
  "add-to": { type: "string" },
} as const;

type Command = (db: Db, flags: commands.Flags, positionals: string[], out: Output) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  "partner create": (db, flags, _p, out) => commands.partnerCreate(db, flags, out),
  "user create": (db, flags, _p, out) => commands.userCreate(db, flags, out),
  "api-client create": (db, flags, _p, out) => commands.apiClientCreate(db, flags, out),
  "api-client revoke": (db, flags, _p, out) => commands.apiClientRevoke(db, flags, out),
  "offers import": (db, _f, positionals, out) => commands.offersImport(db, positionals, out),
  seed: (db, flags, _p, out) => commands.seed(db, flags, out),
  "demo-info": (db, _f, _p, out) => commands.demoInfoCommand(db, out),
  "keys generate": (_db, flags, _p, out) => commands.keysGenerate(flags, out),
};

const COMMANDS_WITHOUT_DATABASE = new Set(["keys generate"]);

async function main(argv: string[]): Promise<number> {
  const wantsJson = argv.includes("--json");
  const out = createOutput(wantsJson);
  let db: Db | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
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
    // Commands that need no database must not create the embedded database file as a side effect.
    if (!COMMANDS_WITHOUT_DATABASE.has(key))
      db = createDbClient(resolveDatabaseTarget(process.env.DATABASE_URL));
    await command(db as Db, values, rest, out);
    return 0;
  } catch (error) {
    return reportFailure(error, out);
  } finally {
    await db?.$disconnect();
  }
}

function reportFailure(error: unknown, out: Output): number {
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
  } else if (isDomainError(error)) {
    code = error.code;
    message = error.message;
    errors = error.details.errors;
  } else if (isMissingTable(error)) {
    code = "NOT_MIGRATED";
    message = "The database has no tables yet. Run `npm run db:migrate` first.";
  } else {
    message = `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
  }
  process.stderr.write(`error: ${message}\n`);
  if (out.json) process.stdout.write(`${JSON.stringify({ error: { code, message, errors } })}\n`);
  return exit;
}

function isMissingTable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === "P2021" || /no such table|does not exist/i.test(String((error as Error | null)?.message ?? ""))
  );
}

process.exitCode = await main(process.argv.slice(2));
