#!/usr/bin/env bash
# Installs what An Sinh needs and is quick when everything is already there.
# Usage: source scripts/setup.sh [build|test]
#   build: Rust wasm target, trunk, wasm-bindgen-cli (Cargo.lock's version), wasm-split-cli,
#          npm packages (binaryen's wasm-opt). test: the same plus rustfmt, Chromium and chromedriver.
# Sourced by scripts/run.sh and scripts/test.sh; exports PATH so trunk finds the pinned tools
# and never downloads one.

ANSINH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
# The wasm splitter of scripts/split/build.mjs (the crate cargo-leptos uses for `--split`).
WASM_SPLIT_VERSION="0.2.4"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# The build tools need not be optimised like the app: a quick release profile (no LTO, many
# codegen units, opt-level 1, no debug info) and one target dir shared by the three installs
# (their common dependencies compile once) cut a cold install roughly in half on 2 cores.
# Only `cargo install` sees these variables (a subshell), never the app's own builds.
tool_install() {
  local t0=$SECONDS
  ( export CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false \
      CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 CARGO_PROFILE_RELEASE_DEBUG=0 \
      CARGO_PROFILE_RELEASE_INCREMENTAL=false CARGO_PROFILE_RELEASE_STRIP=true \
      CARGO_TARGET_DIR="${ANSINH_TOOLS_TARGET:-$HOME/.cache/ansinh/tools-target}"
    cargo install "$@" ) || return 1
  ANSINH_SETUP_PHASES="${ANSINH_SETUP_PHASES:-}install $1: $((SECONDS - t0)) s; "
}

ansinh_setup() {
  local mode="${1:-build}"
  export PATH="$HOME/.cargo/bin:$ANSINH_ROOT/node_modules/.bin:$PATH"

  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding Rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown || return 1
  fi

  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (about 10 minutes, once)"
    tool_install trunk --version "$TRUNK_VERSION" --locked || return 1
  fi

  # wasm-bindgen's CLI must equal the wasm-bindgen crate in Cargo.lock (and Trunk.toml's pin).
  local wbg
  wbg="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ANSINH_ROOT/Cargo.lock")"
  if ! grep -q "wasm_bindgen = \"$wbg\"" "$ANSINH_ROOT/Trunk.toml"; then
    say "Trunk.toml [tools] wasm_bindgen does not match Cargo.lock's wasm-bindgen $wbg: fix the pin"
    return 1
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg" ] \
     || [ "$(wasm-bindgen-test-runner --version 2>/dev/null)" != "wasm-bindgen-test-runner $wbg" ]; then
    say "installing wasm-bindgen-cli $wbg (about 3 minutes, once)"
    # Not --locked: the CLI's own lockfile names a crate version this registry lacks.
    tool_install wasm-bindgen-cli --version "$wbg" --force || return 1
  fi

  # The CLI has no --version: cargo's list of installed crates tells.
  if ! command -v wasm-split-cli >/dev/null \
     || ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 5 minutes, once)"
    tool_install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force || return 1
  fi

  if [ "$mode" = test ]; then
    # scripts/test.sh checks the formatting (cargo fmt --check).
    if ! rustup component list --installed 2>/dev/null | grep -q '^rustfmt'; then
      say "adding Rust component rustfmt"
      rustup component add rustfmt || return 1
    fi
    if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
      say "installing Chromium and chromedriver (Debian packages)"
      local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
      $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver || return 1
    fi
    # The hub's tests start a private PostgreSQL cluster (initdb/pg_ctl of Debian's package).
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
      say "installing PostgreSQL (Debian package, for the hub's tests)"
      local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
      $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql || return 1
    fi
  fi

  # npm packages from the committed lockfile: Playwright (tests) and binaryen's wasm-opt
  # (build; Debian's older binaryen emits wasm that crashes Chromium, so it is never used).
  local stamp="$ANSINH_ROOT/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$ANSINH_ROOT/package-lock.json" -nt "$stamp" ]; then
    say "installing npm packages from package-lock.json"
    (cd "$ANSINH_ROOT" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund) || return 1
  fi
  if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "132" ]; then
    say "wasm-opt on PATH is not binaryen 132: $(command -v wasm-opt)"
    return 1
  fi
}
