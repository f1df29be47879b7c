#!/usr/bin/env bash
# The whole test suite, every layer, and one closing line: "N passed, N failed, N skipped".
#   0. lint (ESLint, then Prettier's check): a lint error fails the run, the other layers still run
#   1. typecheck (svelte-check over .ts and .svelte) and 2. build (electron-vite + harness bridge), at once
#   3. vitest: unit + integration, inside a private D-Bus session with a real gnome-keyring
#   4. Playwright in Debian's Chromium through the browser harness (same keyring session)
set -uo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1 PATH="$PWD/node_modules/.bin:$PATH"
rm -rf .reports && mkdir -p .reports
status=0

echo "== lint (npm run lint: ESLint, then prettier --check)"
if npm run lint --silent > .reports/lint.txt 2>&1; then echo "lint: clean"; else status=1; echo "lint: FAILED"; cat .reports/lint.txt; fi

echo "== typecheck and build (side by side: two cores, neither waits for the other)"
svelte-check --tsconfig ./tsconfig.json --threshold error --output machine > .reports/typecheck.txt 2>&1 &
typecheck=$!
npm run build --silent > .reports/build.txt 2>&1 || { status=1; cat .reports/build.txt; }
wait $typecheck || status=1
grep -E "ERROR|COMPLETED" .reports/typecheck.txt | tail -20

echo "== vitest (unit + integration) and Playwright (end to end), with a real Secret Service"
bash scripts/with-keyring.sh bash -c '
  vitest run --reporter=default --reporter=json --outputFile=.reports/vitest.json; v=$?
  PLAYWRIGHT_JSON_OUTPUT_NAME=.reports/playwright.json playwright test --reporter=list,json; p=$?
  exit $(( v || p ))' || status=1

node scripts/summarize-tests.mjs .reports/vitest.json .reports/playwright.json .reports/typecheck.txt || status=1
exit $status
