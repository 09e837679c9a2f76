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

stage "format"
npx prettier --check --log-level warn .

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
# The build must leave the tree as it was: Next rewrites tsconfig.json when an entry it wants is
# missing (scripts/tsconfig.test.ts checks they are all committed); say so here if that ever slips.
tracked_state() { git diff --no-ext-diff HEAD 2>/dev/null | cksum; }
before_build="$(tracked_state)"
npx next build
if [ "$(tracked_state)" != "$before_build" ]; then
  echo "The build changed tracked files (commit what Next added, e.g. to tsconfig.json):" >&2
  git diff --stat HEAD >&2
  exit 1
fi

stage "browser tests ($([ -n "${DATABASE_URL:-}" ] && echo PostgreSQL || echo PGlite))"
npx playwright test
