# Sourced after node.sh: install the dependencies when they are missing or older than the lockfile,
# and recompile the native addon when it was built for another Node (e.g. after switching runtimes).
portal_deps_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

portal_ensure_deps() {
  local marker="$portal_deps_root/node_modules/.package-lock.json"
  if [[ ! -f "$marker" || "$portal_deps_root/package-lock.json" -nt "$marker" ]]; then
    echo "== installing dependencies (npm ci)" >&2
    (cd "$portal_deps_root" && npm ci --no-audit --no-fund) >&2 || return 1
  fi
  if ! (cd "$portal_deps_root" && node -e 'new (require("better-sqlite3"))(":memory:").close()') 2>/dev/null; then
    echo "== better-sqlite3 does not load on $(node --version): rebuilding it" >&2
    (cd "$portal_deps_root" && npm rebuild better-sqlite3) >&2 || true
    (cd "$portal_deps_root" && node -e 'new (require("better-sqlite3"))(":memory:").close()') >&2 || {
      echo "error: better-sqlite3 still does not load on $(node --version); remove node_modules and run again" >&2
      return 1
    }
  fi
}

portal_ensure_deps
