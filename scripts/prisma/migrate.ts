// `npm run db:migrate`            apply pending migrations to the database DATABASE_URL names
// `npm run db:status [-- --json]` is that database up to date? (exit 1 when not)
// `npm run db:migration:create -- --name <name>`
//                                 write a new migration for SQLite and PostgreSQL from the schema change
// `tsx scripts/prisma/migrate.ts resolve --rolled-back|--applied <migration>`
//                                 after fixing a failed migration by hand (like `prisma migrate resolve`)
//
// DATABASE_URL: absent -> data/portal.db, file:<path> -> SQLite, postgresql://... -> PostgreSQL.
// Runs Prisma's wasm schema engine through the driver adapters (see engine.ts and docs/architecture.md).

import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { checkMigrationStatus, type MigrationStatus } from "../../server/infra/db/migration-status";
import { resolveDatabaseTarget } from "../../server/infra/db/target";
import { loadEnvFiles } from "../../server/infra/env/env-files";
import { dataDirOf } from "../../server/infra/env/paths";
import { createMigrations } from "./create-migration";
import { deployMigrations } from "./deploy";
import { engineErrorMessage } from "./engine-errors";
import { labelOf, migrationTargetFor } from "./migration-target";
import { PROJECT_ROOT, schemaPathFor } from "./paths";
import { explainPgError, PgConnectionError } from "./pg-connection";
import { expectedPostgresSchema, POSTGRES_SCHEMA_DISPLAY } from "./postgres-schema";
import { type Resolution, resolveMigration } from "./resolve";
import { statusReport } from "./status-report";

const USAGE = `Usage:
  tsx scripts/prisma/migrate.ts deploy              apply pending migrations (npm run db:migrate)
  tsx scripts/prisma/migrate.ts status [--json]     report pending / failed migrations (npm run db:status)
  tsx scripts/prisma/migrate.ts create --name <n>   write new migrations from the schema change (npm run db:migration:create)
  tsx scripts/prisma/migrate.ts resolve --rolled-back <migration> | --applied <migration>
                                                    record a failed migration as rolled back (retried by deploy) or applied

DATABASE_URL picks the database (absent: data/portal.db); SHADOW_DATABASE_URL is used by create.`;

class UsageError extends Error {}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(2)} s`;
const display = (file: string) => path.relative(process.cwd(), file) || file;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The engine's error names the database error but not the migration: find it in the table. */
async function explainFailedDeploy(error: unknown): Promise<Error> {
  const status = await checkMigrationStatus(process.env.DATABASE_URL, {
    projectRoot: PROJECT_ROOT,
    dataDir: dataDirOf(process.env),
  }).catch(() => null);
  const [failed] = status?.failed ?? [];
  if (!failed) return error instanceof Error ? error : new Error(String(error));
  return new Error(
    `Migration ${failed} failed: ${engineErrorMessage(error)}\n` +
      "Fix the cause (the database may be half-migrated), then record what you did with\n" +
      `  npm exec --no -- tsx scripts/prisma/migrate.ts resolve --rolled-back ${failed}   (deploy will run it again)\n` +
      `  npm exec --no -- tsx scripts/prisma/migrate.ts resolve --applied ${failed}       (you applied it by hand)`,
  );
}

async function deploy(): Promise<number> {
  const started = performance.now();
  const target = await migrationTargetFor(process.env.DATABASE_URL);
  const result = await deployMigrations(target).catch(async (error: unknown) => {
    throw error instanceof PgConnectionError ? error : await explainFailedDeploy(error);
  });
  console.log(`Database: ${target.label}${result.createdDatabase ? " (created)" : ""}`);
  if (result.migrations.length === 0) {
    console.log(`No migrations in ${display(target.migrationsDir)}: nothing to apply.`);
  } else if (result.applied.length === 0) {
    console.log(
      `Already up to date: ${plural(result.migrations.length, "migration")} applied (${seconds(started)}).`,
    );
  } else {
    console.log(`Applied ${plural(result.applied.length, "migration")} in ${seconds(started)}:`);
    for (const name of result.applied) console.log(`  ${name}`);
  }
  return 0;
}

async function status(json: boolean): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  const label = labelOf(resolveDatabaseTarget(databaseUrl, dataDirOf(process.env)));
  let result: MigrationStatus;
  try {
    result = await checkMigrationStatus(databaseUrl, {
      projectRoot: PROJECT_ROOT,
      dataDir: dataDirOf(process.env),
    });
  } catch (error) {
    if (
      resolveDatabaseTarget(databaseUrl, dataDirOf(process.env)).kind === "postgresql" &&
      !(error instanceof PgConnectionError)
    ) {
      throw explainPgError(error, databaseUrl as string);
    }
    throw error;
  }
  const healthy = result.upToDate && result.unknown.length === 0;
  if (json) console.log(JSON.stringify({ database: label, ...result, ok: healthy }, null, 2));
  else console.log(statusReport(label, result, display(result.migrationsDir)));
  return healthy ? 0 : 1;
}

async function create(name: string | undefined): Promise<number> {
  if (!name)
    throw new UsageError(
      "create needs --name <name>, e.g. npm run db:migration:create -- --name add_invoices",
    );
  const started = performance.now();
  const databaseUrl = process.env.DATABASE_URL;
  const outcomes = await createMigrations({
    name,
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL || undefined,
    // Scratch databases go to the PostgreSQL the project uses, else the default local server.
    pgServerUrl: databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl) ? databaseUrl : undefined,
  });
  const labels = { sqlite: "SQLite", postgresql: "PostgreSQL" } as const;
  for (const outcome of outcomes) {
    const label = labels[outcome.provider];
    if (outcome.status === "created")
      console.log(`${label}: created ${display(path.join(outcome.folder, "migration.sql"))}`);
    if (outcome.status === "no-changes") console.log(`${label}: no changes`);
    if (outcome.status === "skipped") {
      console.log(`${label}: NOT created. ${outcome.reason}.`);
      const sqliteCreated = outcomes.some(
        (other) => other.provider === "sqlite" && other.status === "created",
      );
      if (sqliteCreated) {
        console.log(
          "  Before committing, delete the new SQLite folder and run this command again where PostgreSQL",
        );
        console.log("  is reachable (or with SHADOW_DATABASE_URL set), so both providers get the migration.");
      }
    }
  }
  if (outcomes.every((outcome) => outcome.status === "no-changes")) {
    console.log("No changes: the migrations already match prisma/schema.prisma.");
  } else if (outcomes.some((outcome) => outcome.status === "created")) {
    console.log(`Done in ${seconds(started)}. Review the SQL, then apply it with npm run db:migrate.`);
  }
  const committed = await readFile(schemaPathFor("postgresql"), "utf8").catch(() => null);
  if (committed !== (await expectedPostgresSchema())) {
    console.log(`Note: ${POSTGRES_SCHEMA_DISPLAY} is out of date; run npm run db:generate.`);
  }
  return 0;
}

async function resolve(rolledBack: string | undefined, applied: string | undefined): Promise<number> {
  const [name, as]: [string | undefined, Resolution] = rolledBack
    ? [rolledBack, "rolled-back"]
    : [applied, "applied"];
  if (!name || (rolledBack && applied))
    throw new UsageError("resolve needs exactly one of --rolled-back <migration> or --applied <migration>");
  const target = await migrationTargetFor(process.env.DATABASE_URL);
  await resolveMigration(target, name, as);
  console.log(`Database: ${target.label}\nRecorded ${name} as ${as}.`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  // The same .env files as the server and the operator CLI, so all three name the same database.
  if (process.env.PORTAL_NO_ENV_FILES !== "1") loadEnvFiles(PROJECT_ROOT, process.env.NODE_ENV);
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      json: { type: "boolean", default: false },
      "rolled-back": { type: "string" },
      applied: { type: "string" },
      help: { type: "boolean" },
    },
  });
  const [command] = positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (command === "deploy") return deploy();
  if (command === "status") return status(values.json ?? false);
  if (command === "create") return create(values.name);
  if (command === "resolve") return resolve(values["rolled-back"], values.applied);
  throw new UsageError(command ? `Unknown command "${command}".` : "No command given.");
}

// Always exit explicitly: a PostgreSQL run otherwise stays alive ~10 s on an engine timer
// (docs/architecture.md, migration workaround 7).
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error)) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(error instanceof PgConnectionError ? error.message : `Error: ${engineErrorMessage(error)}`);
    if (process.env.DEBUG_SCHEMA_ENGINE && error instanceof Error) console.error(error.stack);
    process.exit(1);
  },
);
