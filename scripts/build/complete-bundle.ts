// Second half of `npm run build`: completes Next's standalone server (.next/standalone) into a
// folder a deployment copies and runs with nothing else installed:
//   node server.js                              the web server (PORT, HOSTNAME)
//   node scripts/prisma/migrate.mjs deploy      migrations, as a release step before starting
//   node server/transport/cli/main.mjs <command>          the operator CLI
//   node server/transport/worker/worker-main.mjs            job workers on their own
// Next traces only what the web server imports; the CLI, the migration runner and the worker
// are bundled here with esbuild, each into one file placed where its source sits, so the paths
// they compute from their own location (the project root, prisma/) hold in the bundle too.
import { cp, mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { build, type Plugin } from "esbuild";

const root = path.resolve(import.meta.dirname, "../..");
const bundle = path.join(root, ".next/standalone");

const ENTRIES = [
  "server/transport/cli/main.ts",
  "scripts/prisma/migrate.ts",
  "server/transport/worker/worker-main.ts",
];

// Loaded by Node from node_modules at run time: a native addon, and the schema engine, whose
// .wasm file is read from its package folder.
const EXTERNAL = ["better-sqlite3", "@prisma/schema-engine-wasm", "pg-native"];
// Node modules esbuild cannot bundle but Next's trace may have left out.
const COPIED_PACKAGES = ["better-sqlite3", "bindings", "file-uri-to-path", "@prisma/schema-engine-wasm"];

// `server-only` throws unless imported under React's server condition; outside Next every module
// is server-side, so it is nothing here.
const serverOnlyIsEmpty: Plugin = {
  name: "server-only-is-empty",
  setup(b) {
    b.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty" }));
    b.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "", loader: "js" }));
  },
};

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function main() {
  if (!(await exists(path.join(bundle, "server.js"))))
    throw new Error(".next/standalone/server.js is missing: run `next build` first (output: standalone)");

  for (const entry of ENTRIES) {
    const outfile = path.join(bundle, entry.replace(/\.ts$/, ".mjs"));
    await build({
      entryPoints: [path.join(root, entry)],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node22",
      external: EXTERNAL,
      plugins: [serverOnlyIsEmpty],
      // CommonJS dependencies call require() for Node's own modules.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
      logLevel: "warning",
      legalComments: "none",
    });
    console.log(`bundled ${entry} -> ${path.relative(root, outfile)}`);
  }

  // Static files are served by the standalone server from its own folder.
  await rm(path.join(bundle, ".next/static"), { recursive: true, force: true });
  await cp(path.join(root, ".next/static"), path.join(bundle, ".next/static"), { recursive: true });
  if (await exists(path.join(root, "public")))
    await cp(path.join(root, "public"), path.join(bundle, "public"), { recursive: true });
  // Migrations, for the migration runner and the start-up check that the database is current.
  await rm(path.join(bundle, "prisma"), { recursive: true, force: true });
  await cp(path.join(root, "prisma"), path.join(bundle, "prisma"), { recursive: true });
  for (const name of COPIED_PACKAGES) {
    const target = path.join(bundle, "node_modules", name);
    if (!(await exists(target)) && (await exists(path.join(root, "node_modules", name)))) {
      await mkdir(path.dirname(target), { recursive: true });
      await cp(path.join(root, "node_modules", name), target, { recursive: true });
    }
  }
  console.log(`standalone bundle ready: ${path.relative(root, bundle)} (run: node server.js)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
