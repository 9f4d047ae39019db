#!/usr/bin/env bash
# Runs every test of An Sinh, in three tiers, and ends with one summary line:
#   1. native: the core and the CLI (cargo test);
#   1b. hub: `ansinh serve` against a real SQLite file and a private PostgreSQL cluster;
#   2. browser: wasm-bindgen tests of the app crate in headless Chromium;
#   3. end-to-end: Playwright against the release build served on 127.0.0.1,
#      plus the release size budget;
# and, first, that the workspace is rustfmt-clean (cargo fmt --check).
# Installs what is missing first (scripts/setup.sh). Exit code is non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
t_start=$SECONDS
# Set-up is the first phase: its clock starts before the installs.
phase_t0=$SECONDS
source scripts/setup.sh
ansinh_setup test || { echo "setup failed"; echo "total: 0 passed, 1 failed"; exit 1; }
declare -a phases
# Each phase's wall time, printed at the end: CI's limit is 90 minutes with set-up, so a cold
# run must stay under 45 and a warm one under 25 (README, "Tests").
phase() { phases+=("$(printf '%-34s %5d s' "$1" $((SECONDS - phase_t0)))"); phase_t0=$SECONDS; }
phase "set-up (${ANSINH_SETUP_PHASES:-tools present})"

LOGS=target/test-logs
mkdir -p "$LOGS"
passed=0
failed=0
declare -a lines
# Names of failed tests, printed last so that the tail of CI's output says what failed
# (cargo prints "... FAILED", wasm-bindgen-test-runner "... FAIL").
declare -a failures=()
cargo_failures() { # log tier
  while IFS= read -r l; do failures+=("$2: $l"); done < <(awk '/^test .* \.\.\. FAIL(ED)?$/ { sub(/^test /, ""); sub(/ \.\.\. FAIL(ED)?$/, ""); print }' "$1" | sort -u)
}

# Adds up cargo's / wasm-bindgen-test-runner's "test result:" lines of a log.
tally_cargo() {
  awk '/^test result:/ { p += $4; f += $6 } END { print p + 0, f + 0 }' "$1"
}

record() { # name passed failed rc
  local name=$1 p=$2 f=$3 rc=$4
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # a build failure counts as a failure
  passed=$((passed + p)); failed=$((failed + f))
  lines+=("$(printf '%-34s %4d passed, %d failed' "$name" "$p" "$f")")
}

echo "== formatting (cargo fmt --check: every crate of the workspace is rustfmt-clean)"
cargo fmt --all -- --check > "$LOGS/fmt.log" 2>&1
rc=$?
grep '^Diff in' "$LOGS/fmt.log"
if [ "$rc" -eq 0 ]; then record "formatting (cargo fmt --check)" 1 0 0; else record "formatting (cargo fmt --check)" 0 1 1; fi
phase "formatting"

echo "== tier 1: native tests (core, CLI, import worker)"
cargo test -p ansinh-core -p ansinh-office -p ansinh-cli -p ansinh-worker 2>&1 | tee "$LOGS/native.log"
rc=${PIPESTATUS[0]}
read -r p f < <(tally_cargo "$LOGS/native.log"); record "native (cargo test)" "$p" "$f" "$rc"
cargo_failures "$LOGS/native.log" native
phase "native tests (build + run)"

echo "== tier 1b: district hub (ansinh serve on SQLite and a private PostgreSQL cluster)"
cargo test -p ansinh-hub 2>&1 | tee "$LOGS/hub.log"
rc=${PIPESTATUS[0]}
read -r p f < <(tally_cargo "$LOGS/hub.log"); record "hub (SQLite + PostgreSQL)" "$p" "$f" "$rc"
cargo_failures "$LOGS/hub.log" hub
phase "hub tests (build + run)"

echo "== tier 2: browser tests (wasm-bindgen-test, headless Chromium)"
cargo test --target wasm32-unknown-unknown -p ansinh-app --tests 2>&1 | tee "$LOGS/wasm.log"
rc=${PIPESTATUS[0]}
read -r p f < <(tally_cargo "$LOGS/wasm.log"); record "browser (wasm-bindgen-test)" "$p" "$f" "$rc"
cargo_failures "$LOGS/wasm.log" browser
phase "browser tests (build + run)"

echo "== tier 3: release build, size budget, end-to-end (Playwright)"
# Dependencies are fetched first; the build itself then runs with the network cut where the
# machine allows it (unshare), proving the release build needs no network.
cargo fetch --quiet
netcut=""
if unshare -rn true 2>/dev/null; then netcut="unshare -rn"; fi
if $netcut trunk build --release --offline > "$LOGS/trunk.log" 2>&1; then
  tail -n 3 "$LOGS/trunk.log"
  phase "release build (trunk, split, wasm-opt)"
  [ -n "$netcut" ] && echo "(built with the network cut: $netcut)"
  node scripts/size.mjs --dir dist --budget-kb 385 | tee "$LOGS/size.log"
  rc=${PIPESTATUS[0]}
  if [ "$rc" -eq 0 ]; then record "size budget (first load, gzip ≤ 385 KB)" 1 0 0; else record "size budget (first load, gzip ≤ 385 KB)" 0 1 1; fi

  rm -f tests/e2e/artifacts/report.json
  npx playwright test -c tests/e2e/playwright.config.mjs 2>&1 | tee "$LOGS/e2e.log"
  rc=${PIPESTATUS[0]}
  if [ -f tests/e2e/artifacts/report.json ]; then
    read -r p f < <(node -e '
      const s = require("./tests/e2e/artifacts/report.json").stats;
      console.log(s.expected + s.flaky, s.unexpected);')
    # Each failed end-to-end test: project, file:line, title, and the first line of its error.
    while IFS= read -r l; do failures+=("e2e: $l"); done < <(node -e '
      const r = require("./tests/e2e/artifacts/report.json");
      const walk = (s) => {
        for (const sp of s.specs || []) for (const t of sp.tests) {
          if (t.status !== "unexpected") continue;
          const res = t.results[t.results.length - 1] || {};
          const msg = ((res.error && res.error.message) || res.status || "")
            .replace(/\u001b\[[0-9;]*m/g, "").split("\n")[0].slice(0, 160);
          console.log(`[${t.projectName}] ${sp.file}:${sp.line} ${sp.title} — ${msg}`);
        }
        for (const c of s.suites || []) walk(c);
      };
      r.suites.forEach(walk);')
  else
    p=0; f=0
  fi
  record "end-to-end (Playwright)" "$p" "$f" "$rc"
  phase "size budget + end-to-end"
else
  cat "$LOGS/trunk.log"
  record "release build (trunk)" 0 1 1
fi

echo
echo "== phases (wall time)"
for l in "${phases[@]}"; do echo "  $l"; done
printf '  %-34s %5d s\n' "whole run" $((SECONDS - t_start))
if [ "${#failures[@]}" -gt 0 ]; then
  echo
  echo "== failed tests"
  for l in "${failures[@]}"; do echo "  $l"; done
fi
echo
echo "== summary"
for l in "${lines[@]}"; do echo "  $l"; done
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
