#!/usr/bin/env bash
# Benchmarks (they report; they assert nothing): native engine throughput and scaling and the HTML
# reader per page, then the engines compiled to wasm under Node against the npm package
# compromise, and the HTML reader in wasm, in the same run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/setup.sh

printf '\n[bench] native engines (cargo bench)\n'
cargo bench --locked -p cli --bench engines

printf '\n[bench] building the engines for wasm (release profile, wasm-opt -Os, as the page)\n'
cargo build --locked --release --target wasm32-unknown-unknown -p cli --bin engine-wasm
wasm-bindgen --target nodejs --out-dir target/engine-node target/wasm32-unknown-unknown/release/engine-wasm.wasm
# wasm-bindgen's Node glue is CommonJS; the project's package.json says "module".
echo '{ "type": "commonjs" }' > target/engine-node/package.json
wasm-opt -Os --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-reference-types --enable-multivalue --enable-mutable-globals \
  -o target/engine-node/engine-wasm_bg.wasm target/engine-node/engine-wasm_bg.wasm

printf '\n[bench] wasm under Node vs compromise\n'
node scripts/bench-entities.mjs "$@"

printf '\n[bench] the HTML reader in wasm under Node\n'
node scripts/bench-pages.mjs "$@"
