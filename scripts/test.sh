#!/usr/bin/env bash
# Installs whatever is missing, then runs every test: formatting and lints, the native unit and
# integration tests, the release build, and the end-to-end tests in headless Chromium.
#
# A check whose input lives outside the repository (the gold data of ../shared/data, the W3C
# annotation-model checker) and is absent is skipped and listed at the end, after the outcome,
# as a SKIPPED line; with CI set it fails instead (tests/common/mod.rs, tests/e2e/harness.mjs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The tests append a line here for each check they skip.
skips=target/test-skips.txt
mkdir -p target
: > "$skips"
print_skips() {
  printf '\n\033[1m[test] skipped checks\033[0m\n'
  if [ -s "$skips" ]; then cat "$skips"; else echo "nothing skipped"; fi
}
# Printed however the run ends, so that a skip is seen with a failure too.
trap print_skips EXIT

. scripts/setup.sh
setup_fuzzing

started=$SECONDS
stage() { printf '\n\033[1m[test] %s\033[0m (%ss so far)\n' "$*" "$((SECONDS - started))"; }

stage "formatting (cargo fmt --check)"
cargo fmt --all -- --check
cargo fmt --manifest-path fuzz/Cargo.toml -- --check

stage "lints (cargo clippy, native and wasm, warnings are errors)"
cargo clippy --all-targets --locked -- -D warnings
cargo clippy -p domain -p engines -p article-annotator --lib --bins --target wasm32-unknown-unknown --locked -- -D warnings
cargo clippy -p cli --bin engine-wasm --target wasm32-unknown-unknown --locked -- -D warnings

stage "native tests (cargo test)"
cargo test --locked

stage "fuzzing the decoders of untrusted input (20 s per target)"
./scripts/fuzz.sh 20

stage "release build of the page (trunk build --release)"
trunk build --release

stage "end-to-end tests in headless Chromium"
node --test --test-concurrency=1 tests/e2e/

stage "all tests passed"
