// `npm install` / `npm ci` hook: generates both Prisma clients (scripts/prisma/generate.ts, run by
// tsx). A production install (`npm ci --omit=dev`) has neither tsx nor the prisma CLI and needs
// neither: the built bundle carries the generated clients (docs/operations.md), so it skips.
// Plain JavaScript, because it must run before anything is compiled or even installed.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
function installed(name) {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

if (!installed("tsx") || !installed("prisma")) {
  console.log(
    "postinstall: development tools not installed (production install): Prisma clients not generated",
  );
  process.exit(0);
}
const cli = require.resolve("tsx/cli");
const result = spawnSync(process.execPath, [cli, "scripts/prisma/generate.ts", "--postinstall"], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
