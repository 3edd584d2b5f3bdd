#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets) for a bounded time each: the decoders of untrusted
# input — W3C imports, backups, share links, stored entries, article files — and the engines
# that run over any article text. Inputs go up to 1 MB, and any single input that takes more than
# 5 seconds fails the run like a crash (libFuzzer -timeout): a hang is a bug. The seeds hold the
# adversarial shapes (unbalanced quotes, thousands of attributes, deep nesting, runs of initials
# and stacked accents).
#
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 30; CI runs it from scripts/test.sh)
#
# cargo-fuzz drives libFuzzer through rustc flags that stable Rust accepts only with
# RUSTC_BOOTSTRAP=1; the targets build without a sanitizer (the crate has no unsafe code), which
# needs no nightly toolchain. A crash leaves its input in fuzz/artifacts/ and fails the script.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-30}
export RUSTC_BOOTSTRAP=1
cargo fuzz build --sanitizer none
for target in $(cargo fuzz list); do
  corpus="target/fuzz-corpus/$target"
  mkdir -p "$corpus"
  printf '[fuzz] %s for %ss\n' "$target" "$seconds"
  # grep hides libFuzzer's chatter; the fuzzer's own status decides.
  set +e
  cargo fuzz run --sanitizer none "$target" "$corpus" "fuzz/seeds/$target" -- \
    -max_total_time="$seconds" -max_len=1048576 -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 2>&1 \
    | grep -E '^(stat::number_of_executed_units|==[0-9]+==|SUMMARY|thread|panicked|Done|artifact_prefix|Test unit written)'
  status=${PIPESTATUS[0]}
  set -e
  [ "$status" -eq 0 ] || { echo "[fuzz] $target failed (a crash, or an input over 5 s): the input is in fuzz/artifacts/$target/"; exit 1; }
done
