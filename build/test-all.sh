#!/usr/bin/env bash
# The whole test suite, as CI runs it (through build/with-keychain.sh, for the vault tests).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf test-results && mkdir -p test-results
step() { printf '\n=== %s\n' "$*"; }
step "format";     npx prettier --check . --log-level warn
step "lint";       npm run lint --silent
step "typecheck";  npm run typecheck --silent
step "build";      npm run build --silent
step "package";    node build/check-package.mjs
step "unit";       npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
step "end-to-end"; npx playwright test --config test/e2e/playwright.config.ts
step "summary";    node build/test-summary.mjs test-results/vitest.json test-results/e2e.json
