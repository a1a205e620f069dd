#!/usr/bin/env bash
# `npm start`: serves the production build from the checkout, as a deployment serves the bundle
# (`node server.js` in .next/standalone, which `npm run build` completes). That server changes into
# its own folder, so what names files of the checkout is made absolute first: the data folder and
# a relative `file:` DATABASE_URL; and the checkout's .env files are read here, in Next's order of
# precedence (the process environment first, then .env.production.local, .env.local,
# .env.production, .env). PORT picks the port (default 3000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/runtime/node.sh
if [[ ! -f .next/standalone/server.js ]]; then
  echo "error: no production build: run npm run build first" >&2
  exit 1
fi
export NODE_ENV=production
# The bundle's server binds to $HOSTNAME, which shells set to the machine's name: all IPv4
# addresses, as `next start` would.
export HOSTNAME=0.0.0.0
PORTAL_DATA_DIR="$(realpath -m "${PORTAL_DATA_DIR:-data}")"
export PORTAL_DATA_DIR
if [[ "${DATABASE_URL:-}" == file:* && "${DATABASE_URL:-}" != file:/* ]]; then
  export DATABASE_URL="file:$PWD/${DATABASE_URL#file:}"
fi
# The server drains requests itself on SIGTERM (docs/operations.md, "Shutdown").
export NEXT_MANUAL_SIG_HANDLE="${NEXT_MANUAL_SIG_HANDLE:-true}"
env_files=()
# Node lets a later file override an earlier one, and the environment override both.
for name in .env .env.production .env.local .env.production.local; do
  if [[ -f "$name" ]]; then env_files+=("--env-file=$PWD/$name"); fi
done
exec node ${env_files[@]+"${env_files[@]}"} .next/standalone/server.js
