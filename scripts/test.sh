#!/usr/bin/env bash
# The one command that runs every check of the project (`npm test`), on a developer's machine or in CI:
#   1. makes sure the system packages the suites need exist (PostgreSQL 15 server, Debian's Chromium);
#   2. runs prettier, eslint and tsc (server and web app), builds the web app and checks its first-load size,
#      then every vitest project (unit, pglite, postgres, e2e; the browser tests use that build);
#   3. ends with exactly one line "N passed, N failed": every vitest test plus each static check as one test.
# Every step runs even when an earlier one failed, so the count is complete; the exit code is 1 when anything
# failed. Results for machines: artifacts/test-results/vitest.json (artifacts/ is gitignored).
#
# Overrides: PG_BIN (PostgreSQL 15 binaries, as in test/pg-server.ts), CHROMIUM_PATH (as in e2e/helpers.ts).
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
ROOT=$(pwd)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
RESULTS_DIR=$ROOT/artifacts/test-results
VITEST_JSON=$RESULTS_DIR/vitest.json
export PG_BIN CHROMIUM_PATH

# The e2e tests drive the system Chromium: no npm package may fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=true
# Redocly (the OpenAPI lint in test/openapi.test.ts) must not phone home; the tests pass offline.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

# Prints the summary line and leaves: used when the suites cannot run at all, so CI still gets a count.
give_up() {
  echo "$1" >&2
  echo "0 passed, 1 failed"
  exit 1
}

have_postgres() { [[ -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl && -x $PG_BIN/postgres ]]; }
have_chromium() { [[ -x $CHROMIUM_PATH ]]; }
# pdftotext and pdftoppm read the quotation PDFs back in the tests.
have_poppler() { command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null; }

# --- 1. System packages -----------------------------------------------------------------------------------
missing=()
have_postgres || missing+=("PostgreSQL 15 server (expected at $PG_BIN)")
have_chromium || missing+=("Chromium (expected at $CHROMIUM_PATH)")
have_poppler || missing+=("pdftotext and pdftoppm (poppler-utils)")
if ((${#missing[@]} > 0)); then
  packages=()
  have_postgres || packages+=(postgresql-15)
  have_chromium || packages+=(chromium)
  have_poppler || packages+=(poppler-utils)
  if [[ $(id -u) -ne 0 ]]; then
    printf 'Missing: %s\n' "${missing[@]}" >&2
    give_up "Install them as root, then run the tests again:
  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages[*]}
(On a Debian release whose 'postgresql' is not 15, add the PostgreSQL apt repository (apt.postgresql.org) first.)"
  fi
  command -v apt-get >/dev/null || give_up "Missing: ${missing[*]}; apt-get is not available to install ${packages[*]}."
  echo "Installing system packages for the tests: ${packages[*]}"
  apt-get update </dev/null || give_up "apt-get update failed."
  # Debian 12 names the server package postgresql-15; where that name is unknown, 'postgresql' may be 15.
  if [[ " ${packages[*]} " == *" postgresql-15 "* ]] && ! apt-cache show postgresql-15 >/dev/null 2>&1; then
    packages=("${packages[@]/postgresql-15/postgresql}")
  fi
  # --no-upgrade: only what is missing gets installed; a package already there is never upgraded on the side.
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-upgrade "${packages[@]}" </dev/null ||
    give_up "apt-get install ${packages[*]} failed."
  have_postgres || give_up "PostgreSQL 15 is still not at $PG_BIN after installing ${packages[*]} (another major version?)."
  have_chromium || give_up "Chromium is still not at $CHROMIUM_PATH after installing ${packages[*]}."
  have_poppler || give_up "pdftotext is still missing after installing ${packages[*]}."
fi

command -v node >/dev/null || give_up "Node.js (20.19 or later) is not installed."
if [[ ! -x node_modules/.bin/vitest ]]; then
  echo "node_modules is missing or incomplete: installing the npm dependencies"
  # Not `npm ci`: see .ci/run on why the lock file does not satisfy it.
  npm install --no-audit --no-fund </dev/null ||
    give_up "npm could not install the dependencies."
fi

# --- 2. The checks -----------------------------------------------------------------------------------------
BIN=$ROOT/node_modules/.bin
static_passed=0
static_failed=0
report=()

# Runs one static check, counts it as one test and remembers how it went and how long it took.
check() {
  local name=$1
  shift
  local start=$SECONDS
  echo
  echo "=== $name: $*"
  if "$@" </dev/null; then
    static_passed=$((static_passed + 1))
    report+=("$name: passed ($((SECONDS - start)) s)")
  else
    static_failed=$((static_failed + 1))
    report+=("$name: FAILED ($((SECONDS - start)) s)")
  fi
}

started=$SECONDS
check prettier "$BIN/prettier" --check .
check eslint "$BIN/eslint" .
check tsc "$BIN/tsc" --noEmit -p tsconfig.json
check tsc-web "$BIN/tsc" --noEmit -p web/tsconfig.json
# The server serves dist/web, so the browser tests need the build; the budget check reads its manifest.
check web-build "$BIN/vite" build --config web/vite.config.ts --logLevel warn
check bundle-size node scripts/check-bundle-size.mjs

echo
echo "=== vitest: all projects (unit, pglite, postgres, e2e)"
mkdir -p "$RESULTS_DIR"
rm -f "$VITEST_JSON"
vitest_start=$SECONDS
"$BIN/vitest" run --reporter=default --reporter=json --outputFile.json="$VITEST_JSON" </dev/null
vitest_status=$?
report+=("vitest: exit code $vitest_status ($((SECONDS - vitest_start)) s)")

# --- 3. The count ------------------------------------------------------------------------------------------
# Vitest's JSON does not count everything that went wrong as a failed test: a failing beforeAll marks the
# file's tests skipped, a file that cannot be imported has no tests, an unhandled error fails no test.
# Those count as failed here, so "0 failed" means that everything really ran and passed.
counts=$(
  node --input-type=module - "$VITEST_JSON" "$vitest_status" "$ROOT" <<'NODE'
import fs from 'node:fs';
import path from 'node:path';
const [file, status, root] = process.argv.slice(2);
let results;
try {
  results = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch {
  console.error(`vitest wrote no results to ${file} (exit code ${status}): counted as one failure`);
  console.log('0 1 0');
  process.exit(0);
}
let passed = results.numPassedTests;
let failed = results.numFailedTests;
const skipped = results.numPendingTests + results.numTodoTests;
let unrun = 0;
const lines = [];
for (const suite of results.testResults) {
  const name = path.relative(root, suite.name);
  const tests = suite.assertionResults;
  for (const test of tests.filter((t) => t.status === 'failed')) lines.push(`FAILED ${name} > ${test.fullName}`);
  if (suite.status === 'failed' && !tests.some((t) => t.status === 'failed')) {
    // The file failed around its tests (import, hook, timeout): whatever did not pass counts as failed.
    const notRun = tests.filter((t) => t.status !== 'passed').length;
    unrun += notRun;
    failed += Math.max(1, notRun);
    const reason = (suite.message || 'failed outside its tests').split('\n')[0];
    lines.push(`FAILED ${name}: ${reason}${notRun ? ` (${notRun} tests did not run)` : ''}`);
  }
}
if (failed === 0 && (results.success === false || status !== '0')) {
  failed = 1;
  lines.push(`FAILED vitest exited with code ${status} (an error outside the tests; see its output above)`);
}
for (const line of lines) console.error(line);
console.log(`${passed} ${failed} ${Math.max(0, skipped - unrun)}`);
NODE
)
read -r vitest_passed vitest_failed vitest_skipped <<<"${counts:-0 1 0}"

echo
echo "=== summary: $((SECONDS - started)) s for the checks and tests, ${SECONDS} s in all"
printf '%s\n' "${report[@]}"
echo "vitest tests: $vitest_passed passed, $vitest_failed failed, $vitest_skipped skipped; results in ${VITEST_JSON#"$ROOT"/}"

passed=$((static_passed + vitest_passed))
failed=$((static_failed + vitest_failed))
echo "$passed passed, $failed failed"
((failed == 0)) || exit 1
exit 0
