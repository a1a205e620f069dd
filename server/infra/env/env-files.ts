// The CLI reads the same `.env` files as the server, so both act on the same database. Next.js
// loads, first match winning and the process environment above all:
// `.env.<mode>.local`, `.env.local` (not in test), `.env.<mode>`, `.env`, where the mode is
// "production" for `next start` and "development" for `next dev`. The CLI takes the production
// set unless NODE_ENV says otherwise, as the server an operator runs is `next start`.
// (Next also expands `$VARIABLE` references inside these files; Node's loader does not.)
import { existsSync } from "node:fs";
import path from "node:path";

export function envFilesFor(nodeEnv: string | undefined): string[] {
  const mode = nodeEnv === "development" || nodeEnv === "test" ? nodeEnv : "production";
  return [`.env.${mode}.local`, ...(mode === "test" ? [] : [".env.local"]), `.env.${mode}`, ".env"];
}

/** Loads the files that exist, in order; a variable already set is never overwritten. */
export function loadEnvFiles(dir: string, nodeEnv: string | undefined): string[] {
  const loaded: string[] = [];
  for (const name of envFilesFor(nodeEnv)) {
    const file = path.join(dir, name);
    if (!existsSync(file)) continue;
    process.loadEnvFile(file);
    loaded.push(name);
  }
  return loaded;
}
