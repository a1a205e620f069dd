// `npm run db:generate`: writes prisma/postgresql/schema.prisma from prisma/schema.prisma, then
// generates both Prisma clients (server/infra/db/generated/{sqlite,postgresql}). Needs no database.
//   --check        only compares the committed PostgreSQL schema with what would be written; exit 1
//                  when it is stale (CI's drift check).
//   --postinstall  what `npm install` / `npm ci` run: generates the clients but never rewrites the
//                  committed schema (it warns instead), so a stale file still fails CI's drift check.
import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT, schemaPathFor } from "./paths";
import { expectedPostgresSchema, POSTGRES_SCHEMA_DISPLAY } from "./postgres-schema";

async function readIfExists(file: string): Promise<string | null> {
  return readFile(file, "utf8").catch(() => null);
}

/**
 * `prisma generate` insists on locating a schema-engine binary, which it would download (and cannot
 * here), although generating a client never runs it. Any executable satisfies the check; a real
 * PRISMA_SCHEMA_ENGINE_BINARY from the environment is kept.
 */
async function placeholderSchemaEngine(tempDir: string): Promise<string> {
  const file = path.join(tempDir, "no-schema-engine.sh");
  await writeFile(
    file,
    "#!/bin/sh\necho 'schema-engine is not available: use npm run db:migrate' >&2\nexit 1\n",
  );
  await chmod(file, 0o755);
  return file;
}

function runPrismaGenerate(schemaPath: string, engineBinary: string): Promise<void> {
  const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const args = [cli, "generate", "--schema", path.relative(PROJECT_ROOT, schemaPath)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? engineBinary,
        // No network here: skip the update check and telemetry.
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const generated = output.split("\n").find((line) => line.includes("Generated Prisma Client"));
      if (code === 0) {
        console.log(generated?.trim() ?? `Generated the client for ${schemaPath}`);
        resolve();
      } else {
        reject(new Error(`prisma generate --schema ${schemaPath} failed (exit ${code}):\n${output.trim()}`));
      }
    });
  });
}

async function check(): Promise<number> {
  const expected = await expectedPostgresSchema();
  const committed = await readIfExists(schemaPathFor("postgresql"));
  if (committed === expected) {
    console.log(`${POSTGRES_SCHEMA_DISPLAY} is up to date.`);
    return 0;
  }
  console.error(
    `${POSTGRES_SCHEMA_DISPLAY} is out of date with prisma/schema.prisma: run npm run db:generate.`,
  );
  return 1;
}

async function generate(keepCommittedSchema: boolean): Promise<number> {
  const started = performance.now();
  const postgresSchemaPath = schemaPathFor("postgresql");
  const expected = await expectedPostgresSchema();
  const committed = await readIfExists(postgresSchemaPath);
  if (committed !== null && committed !== expected && keepCommittedSchema) {
    console.warn(
      `Warning: ${POSTGRES_SCHEMA_DISPLAY} is out of date with prisma/schema.prisma: run npm run db:generate.`,
    );
  } else if (committed !== expected) {
    await mkdir(path.dirname(postgresSchemaPath), { recursive: true });
    await writeFile(postgresSchemaPath, expected);
    console.log(`Wrote ${POSTGRES_SCHEMA_DISPLAY}`);
  }
  const tempDir = await mkdtemp(path.join(os.tmpdir(), "prisma-generate-"));
  try {
    const engine = await placeholderSchemaEngine(tempDir);
    // Two independent processes: run them side by side (about 2 s each).
    await Promise.all([
      runPrismaGenerate(schemaPathFor("sqlite"), engine),
      runPrismaGenerate(postgresSchemaPath, engine),
    ]);
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
  console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

const args = process.argv.slice(2);
(args.includes("--check") ? check() : generate(args.includes("--postinstall"))).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
