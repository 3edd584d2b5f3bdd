#!/usr/bin/env bash
# Installs whatever the project needs and is missing; a second run installs nothing.
#
# Everything comes from crates.io, npm, PyPI or Debian: Trunk never downloads tools itself
# (Trunk.toml sets offline = true), wasm-bindgen-cli is built at the exact version in Cargo.lock,
# and wasm-opt is binaryen from npm (Debian's binaryen 108 silently breaks the module).
#
# Source this file (`. scripts/setup.sh`) to get PATH set up for the tools it installs.
set -euo pipefail

project_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"

step() { printf '\n\033[1m[setup] %s\033[0m\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

export PATH="$HOME/.cargo/bin:$project_root/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif have sudo; then sudo "$@"; else
  echo "[setup] need root for: $*" >&2; return 1; fi; }

setup_rust() {
  if ! have cargo; then
    echo "[setup] cargo is missing: install Rust with rustup first (https://rustup.rs)." >&2
    exit 1
  fi
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    step "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  for component in rustfmt clippy; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
      step "adding rustup component $component"
      rustup component add "$component"
    fi
  done
}

setup_trunk() {
  if have trunk && trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then return; fi
  step "installing trunk $TRUNK_VERSION (about 7 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
}

wasm_bindgen_version() {
  # The wasm-bindgen version that Cargo.lock pins; the CLI must equal it exactly.
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' \
    "$project_root/Cargo.lock"
}

setup_wasm_bindgen() {
  local wanted
  wanted="$(wasm_bindgen_version)"
  if have wasm-bindgen && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$wanted" ]; then return; fi
  step "installing wasm-bindgen-cli $wanted (about 4 minutes)"
  cargo install wasm-bindgen-cli --version "$wanted" --locked --force ||
    cargo install wasm-bindgen-cli --version "$wanted" --force
}

setup_browser() {
  if have chromium && have chromedriver; then return; fi
  step "installing Debian's chromium and chromium-driver"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
}

setup_node_packages() {
  if ! have node || ! have npm; then
    step "installing Debian's nodejs and npm"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm
  fi
  # npm ci when the lockfile changed since the last install; nothing otherwise.
  local stamp="$project_root/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$project_root/package-lock.json" -nt "$stamp" ]; then
    step "installing npm packages (playwright-core, binaryen's wasm-opt, compromise for the benchmark)"
    (cd "$project_root" && npm ci --no-audit --no-fund)
  fi
}

setup_python_packages() {
  if python3 -c 'import jsonschema, referencing' 2>/dev/null; then return; fi
  step "installing the PyPI package jsonschema (for the W3C annotation-model checker)"
  python3 -m pip install --quiet 'jsonschema>=4.18' ||
    python3 -m pip install --quiet --break-system-packages 'jsonschema>=4.18'
}

# Only the tests need these (scripts/test.sh calls it): cargo-fuzz, and a C++ compiler for the
# libFuzzer it builds.
CARGO_FUZZ_VERSION="0.13.2"
setup_fuzzing() {
  if ! have c++; then
    step "installing Debian's g++ (libFuzzer is C++)"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y g++
  fi
  if have cargo-fuzz && cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then return; fi
  step "installing cargo-fuzz $CARGO_FUZZ_VERSION (about 3 minutes)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
}

setup_rust
setup_browser
setup_node_packages
setup_python_packages
setup_trunk
setup_wasm_bindgen
step "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | awk '{print $3}')"
