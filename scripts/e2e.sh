#!/usr/bin/env bash
# Playwright end to end: a production build served by `next start` on a fresh embedded database
# seeded with the demo data, on a free port. Extra arguments go to `playwright test`.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
source scripts/runtime/node.sh
source scripts/runtime/deps.sh
source scripts/runtime/browser.sh

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

export DATABASE_URL="file:$work/e2e.db"
export PORTAL_DATA_DIR="$work/data"
export E2E_PORT="${E2E_PORT:-$(node scripts/free-port.mjs)}"
export APP_URL="http://127.0.0.1:$E2E_PORT"
export AUTH_SECRET="${AUTH_SECRET:-e2e-only-secret-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')}"

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

OAUTH_SIGNING_KEYS="${OAUTH_SIGNING_KEYS:-$(npm run --silent cli -- keys generate 2>/dev/null)}"
export OAUTH_SIGNING_KEYS

npm run --silent db:migrate
npm run --silent cli -- seed --demo >/dev/null
if [[ "${SKIP_BUILD:-}" != "1" ]]; then npm exec --no -- next build >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }; fi

# Jobs run as in a deployment with separate workers: the web server runs none, one worker (what
# `npm run worker` runs, started as one node process so that $! is the worker itself) runs them
# all. A test pauses and resumes it (SIGSTOP/SIGCONT to $E2E_WORKER_PID) to watch an order wait.
export WORKER_CONCURRENCY=0
node --import tsx server/jobs/worker-main.ts >"$work/worker.log" 2>&1 &
export E2E_WORKER_PID=$!
trap 'kill -CONT "$E2E_WORKER_PID" 2>/dev/null; kill -TERM "$E2E_WORKER_PID" 2>/dev/null; rm -rf "$work"' EXIT
npm exec --no -- playwright test "$@"
