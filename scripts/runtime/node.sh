# Sourced by the project's shell scripts: make sure the `node` first on PATH is one this project
# supports (>= 22.12; 24 LTS recommended). Where the machine's Node is older, a pinned Node 24 is
# fetched once from the npm registry (the `node-<platform>-<arch>` packages carry the official
# binaries and headers) into the git-ignored `.tools/` folder and put first on PATH, the way a
# build-tool wrapper fetches its own runtime. Nothing is fetched where a suitable Node exists.
#
# better-sqlite3 13 ships prebuilt Node-API binaries that load on any Node; should a native addon
# need compiling, `npm_config_nodedir` points node-gyp at the fetched Node's own headers (the
# package carries them), so nothing is downloaded and the addon matches the Node that runs it.

PORTAL_NODE_VERSION="24.22.3"
PORTAL_NODE_MIN="22.12.0"

portal_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# True when the given `node` binary is at least PORTAL_NODE_MIN.
portal_node_ok() {
  "$1" -e '
    const [a, b] = process.versions.node.split(".").map(Number);
    const [x, y] = process.argv[1].split(".").map(Number);
    process.exit(a > x || (a === x && b >= y) ? 0 : 1);
  ' "$PORTAL_NODE_MIN" 2>/dev/null
}

portal_use_node() {
  if command -v node >/dev/null 2>&1 && portal_node_ok node; then return 0; fi

  local home="$portal_root/.tools/node-v$PORTAL_NODE_VERSION"
  if [[ ! -x "$home/bin/node" ]] || ! portal_node_ok "$home/bin/node"; then
    command -v npm >/dev/null 2>&1 || { echo "error: Node.js >= $PORTAL_NODE_MIN is needed (found none, and no npm to fetch it)" >&2; return 1; }
    local platform pkg staging
    platform="$(node -p 'process.platform + "-" + process.arch' 2>/dev/null || echo "linux-x64")"
    pkg="node-$platform@$PORTAL_NODE_VERSION"
    echo "== Node $(node --version 2>/dev/null || echo "(none)") is older than $PORTAL_NODE_MIN: fetching $pkg from the npm registry into .tools/" >&2
    staging="$(mktemp -d "$portal_root/.tools.XXXXXX")"
    if ! npm install --prefix "$staging" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$pkg" >&2; then
      rm -rf "$staging"
      echo "error: could not fetch $pkg; install Node.js >= $PORTAL_NODE_MIN (24 LTS recommended) and try again" >&2
      return 1
    fi
    mkdir -p "$portal_root/.tools"
    rm -rf "$home"
    mv -T "$staging/node_modules/node-$platform" "$home"
    rm -rf "$staging"
    if ! portal_node_ok "$home/bin/node"; then
      echo "error: the fetched $pkg does not run on this machine; install Node.js >= $PORTAL_NODE_MIN yourself" >&2
      return 1
    fi
  fi
  export PATH="$home/bin:$PATH"
  export npm_config_nodedir="$home"
  hash -r
}

portal_use_node
