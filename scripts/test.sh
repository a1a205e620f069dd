#!/usr/bin/env bash
# The whole test suite, from a fresh clone: a supported Node (fetched when the machine's is older),
# the dependencies and a browser when missing; then static checks, unit and integration tests
# (vitest, real databases), then the browser and HTTP tests (Playwright against a production build).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
source scripts/runtime/node.sh
source scripts/runtime/deps.sh
source scripts/runtime/browser.sh
echo "== Node $(node --version)"

# `npm exec --no` runs only the project's own binaries: never a same-named package from the registry.
echo "== lint and format (Biome)"
npm exec --no -- biome check .
echo "== type check"
npm exec --no -- tsc --noEmit
echo "== schema drift"
npm run --silent db:generate -- --check
echo "== documentation links"
npm exec --no -- tsx scripts/check-links.ts
echo "== unit and integration tests (vitest)"
npm exec --no -- vitest run
echo "== end to end (Playwright)"
bash scripts/e2e.sh
