#!/usr/bin/env bash
# The whole test suite: static checks, unit and integration tests (vitest, real databases),
# then the browser and HTTP tests (Playwright against a production build).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

echo "== lint and format (Biome)"
npx biome check .
echo "== type check"
npx tsc --noEmit
echo "== schema drift"
npm run --silent db:generate -- --check
echo "== unit and integration tests (vitest)"
npx vitest run
echo "== end to end (Playwright)"
bash scripts/e2e.sh
