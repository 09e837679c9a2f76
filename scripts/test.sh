#!/usr/bin/env bash
# `npm test`: typecheck, lint, unit and integration tests (PGlite, and PostgreSQL when reachable),
# a production build, then the browser journeys. Fails fast at the first failing stage.
set -euo pipefail
export NEXT_TELEMETRY_DISABLED=1
cd "$(dirname "$0")/.."

stage() { printf '\n=== %s ===\n' "$1"; }

stage "typecheck"
npx tsc --noEmit

stage "lint"
npx eslint --cache --cache-location .cache/eslint .

stage "unit + integration tests"
npx vitest run

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "Browser tests need Chromium at $CHROMIUM (apt-get install -y chromium); CI cannot skip them." >&2
    exit 1
  fi
  echo "Browser tests SKIPPED: Chromium not found at $CHROMIUM (install it with: apt-get install -y chromium)."
  exit 0
fi

# The browser tests get their own build folder, so `npm start` never serves a test build.
export NEXT_DIST_DIR=.next-test
export NEXT_SERVER_ACTIONS_ENCRYPTION_KEY="${NEXT_SERVER_ACTIONS_ENCRYPTION_KEY:-cmFwcG9ydC1lMmUtb25seS1hY3Rpb25zLWtleS0zMmI=}"

stage "production build"
npx next build

stage "browser tests ($([ -n "${DATABASE_URL:-}" ] && echo PostgreSQL || echo PGlite))"
npx playwright test
