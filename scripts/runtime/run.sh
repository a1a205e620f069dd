#!/usr/bin/env bash
# `bash scripts/runtime/run.sh <command> [args]`: runs a command of the project (from
# node_modules/.bin when npm runs it) on the project's Node; see node.sh. The npm scripts go
# through it, so `npm start` on a machine whose Node is older still runs on Node 24, with the
# native addon compiled for it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node.sh"
exec "$@"
