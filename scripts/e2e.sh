#!/usr/bin/env bash
# Playwright end to end, against what a deployment runs: the production build's standalone bundle
# (`npm run build`), copied into an empty folder and run from there with `node server.js`, its
# migrations and demo data applied by the bundle's own migration runner and CLI, its job worker
# run from the bundle too. On a fresh embedded database by default; on a throwaway PostgreSQL
# database when E2E_POSTGRES_URL names a server (postgresql://user@host:port/any-existing-db).
# Extra arguments go to `playwright test`. SKIP_BUILD=1 reuses the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
source scripts/runtime/node.sh
source scripts/runtime/deps.sh
source scripts/runtime/browser.sh

work="$(mktemp -d)"
scratch_db=""
worker_pid=""
cleanup() {
  if [[ -n "$worker_pid" ]]; then kill -CONT "$worker_pid" 2>/dev/null || true; kill -TERM "$worker_pid" 2>/dev/null || true; fi
  if [[ -n "$scratch_db" ]]; then node scripts/scratch-database.mjs drop "$E2E_POSTGRES_URL" "$scratch_db" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ "${SKIP_BUILD:-}" != "1" ]]; then npm run --silent build >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }; fi
# The bundle alone, in a folder that holds nothing else (not even node_modules of the project).
app="$work/app"
mkdir -p "$app"
cp -R .next/standalone/. "$app/"
export E2E_SERVER_DIR="$app"

if [[ -n "${E2E_POSTGRES_URL:-}" ]]; then
  scratch_db="e2e_$$_$RANDOM"
  DATABASE_URL="$(node scripts/scratch-database.mjs create "$E2E_POSTGRES_URL" "$scratch_db")"
else
  DATABASE_URL="file:$work/e2e.db"
fi
export DATABASE_URL
export PORTAL_DATA_DIR="$work/data"
export E2E_PORT="${E2E_PORT:-$(node scripts/free-port.mjs)}"
export APP_URL="http://127.0.0.1:$E2E_PORT"
export AUTH_SECRET="${AUTH_SECRET:-e2e-only-secret-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')}"
export NODE_ENV=production
# The server drains requests itself on SIGTERM, as in a deployment (docs/operations.md, "Shutdown").
export NEXT_MANUAL_SIG_HANDLE=true

# The signing secret of Stripe's events (e2e/api/stripe-events.spec.ts signs with it).
export STRIPE_WEBHOOK_SECRET="whsec_e2e_0123456789abcdef0123456789abcdef"
# The password of Zuora's callouts (e2e/api/zuora-callouts.spec.ts authenticates with it).
export ZUORA_CALLOUT_SECRET="zuora-e2e-callout-secret-0123456789"
# The scraper's token of /api/metrics (e2e/api/metrics.spec.ts).
export METRICS_TOKEN="metrics-e2e-token-0123456789"
# Webhook receivers of the tests listen on this machine, which partner URLs may not reach unless
# allowed; their retries come quickly so a test sees them.
export OUTBOUND_ALLOW_HOSTS="127.0.0.1,localhost"
export WEBHOOK_RETRY_DELAYS="1s,1s,2s"

OAUTH_SIGNING_KEYS="${OAUTH_SIGNING_KEYS:-$(node "$app/server/transport/cli/main.mjs" keys generate 2>/dev/null)}"
export OAUTH_SIGNING_KEYS

# The release step, then the demo data, both from the bundle.
node "$app/scripts/prisma/migrate.mjs" deploy >/dev/null
node "$app/server/transport/cli/main.mjs" seed --demo >/dev/null

# Jobs run as in a deployment with separate workers: the web server runs none, one worker (the
# bundle's, started as one node process so that $! is the worker itself) runs them all. A test
# pauses and resumes it (SIGSTOP/SIGCONT to $E2E_WORKER_PID) to watch an order wait.
export WORKER_CONCURRENCY=0
node "$app/server/transport/worker/worker-main.mjs" >"$work/worker.log" 2>&1 &
worker_pid=$!
export E2E_WORKER_PID=$worker_pid
npm exec --no -- playwright test "$@"
