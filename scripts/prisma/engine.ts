// Loads Prisma's WebAssembly schema engine (the engine behind `prisma migrate`) and opens it on a
// driver adapter. The native schema-engine binary cannot be downloaded on our machines; the wasm
// build does the same work (same _prisma_migrations table, same migration folders) through the
// official driver adapters.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import { installPanicRegistry } from "./engine-errors";

type SchemaEngineClass = typeof SchemaEngine;

let loading: Promise<SchemaEngineClass> | undefined;

/**
 * The package entry does `import * as wasm from "./schema_engine_bg.wasm"`, which Node 20 cannot
 * do (docs/architecture.md, migration workaround 1). We do by hand what that entry does: compile
 * the .wasm with the package's JS glue as its import object, hand the instance to the glue, run
 * the start function.
 */
function loadSchemaEngine(): Promise<SchemaEngineClass> {
  loading ??= (async () => {
    installPanicRegistry();
    const require = createRequire(import.meta.url);
    // The .wasm sits next to the glue module (the package exports no path to it or to package.json).
    const packageDir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    const bytes = await readFile(path.join(packageDir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue.SchemaEngine;
  })();
  return loading;
}

export type OpenEngineOptions = {
  /** Path and content of the Prisma schema the engine should know (its datasource picks the connector). */
  schema: { path: string; content: string };
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
};

/** Engine log lines are JSON; they only matter when debugging the engine itself. */
function logEngineLine(line: unknown): void {
  if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(`[schema-engine] ${String(line)}\n`);
}

export async function openSchemaEngine({ schema, adapterFactory }: OpenEngineOptions): Promise<SchemaEngine> {
  const Engine = await loadSchemaEngine();
  return Engine.new(
    { datamodels: [[schema.path, schema.content]] },
    logEngineLine,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
