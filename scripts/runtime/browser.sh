# Sourced by the test scripts: find or install a Chromium for Playwright. Debian's own package
# where it is installed or can be (root on Debian: Playwright's browser download is not reachable
# on every network); otherwise Playwright's own browser. playwright.config.ts picks
# /usr/bin/chromium when it exists.

portal_ensure_browser() {
  [[ -x /usr/bin/chromium ]] && return 0
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing Debian's Chromium for the browser tests" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null &&
      return 0
    echo "warning: could not install Debian's Chromium; trying Playwright's own browser" >&2
  fi
  echo "== installing Playwright's Chromium" >&2
  npm exec --no -- playwright install chromium >&2
}

portal_ensure_browser
