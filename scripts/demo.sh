#!/usr/bin/env bash
# One command from a fresh clone to a running portal with demo data on the embedded database:
# install, migrate, seed, build, print the demo sign-ins, start. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
source scripts/runtime/node.sh

PORT="${PORT:-3000}"
export PORT
export APP_URL="${APP_URL:-http://localhost:$PORT}"
mkdir -p data
if [[ -z "${AUTH_SECRET:-}${NEXTAUTH_SECRET:-}" ]]; then
  # A production build needs a session secret; keep one per checkout so sessions survive restarts.
  [[ -s data/.auth-secret ]] || (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '\n=' >data/.auth-secret)
  AUTH_SECRET="$(cat data/.auth-secret)"
  export AUTH_SECRET
fi

echo "== installing dependencies (npm ci)"
npm ci --no-audit --no-fund
if [[ -z "${OAUTH_SIGNING_KEYS:-}" ]]; then
  # The access-token signing key of this checkout (a production build requires one).
  [[ -s data/.oauth-signing-keys.json ]] || (umask 077 && npm run --silent cli -- keys generate 2>/dev/null >data/.oauth-signing-keys.json)
  OAUTH_SIGNING_KEYS="$(cat data/.oauth-signing-keys.json)"
  export OAUTH_SIGNING_KEYS
fi
echo "== migrating the database"
npm run --silent db:migrate
echo "== seeding demo data"
npm run --silent cli -- seed --demo
echo "== building"
npm run --silent build
npm run --silent cli -- demo-info
echo "== starting on $APP_URL"
exec bash scripts/start.sh
