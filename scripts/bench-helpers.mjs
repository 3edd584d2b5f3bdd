// What the benchmark scripts share that is not the browser's set-up (that is in
// tests/e2e/harness.mjs): the median, the timing of a few rounds, a flag's value on the command
// line, sizes in MB, and, for the benchmarks under Node, the engines compiled to wasm and the
// gold data folder. Nothing here imports Playwright, so the Node benchmarks run without it.
import { createRequire } from 'node:module';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

/** The project's folder. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The middle value of `values` (the upper one of the two middles of an even count). */
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs `run` `rounds` times; the median of its times, in milliseconds. */
export function medianTime(rounds, run) {
  const times = [];
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** The word after `name` on the command line (`--runs 5` → '5'), else `fallback`. */
export function flagValue(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}

/** `bytes` in MB (2^20 bytes), one decimal: `1.5 MB`. */
export const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

/** The gold data folder: the first argument, else $ANNOTATOR_DATA_DIR, else ../shared/data. */
export const goldDataDir = () => process.argv[2] || process.env.ANNOTATOR_DATA_DIR || join(ROOT, '../shared/data');

/** The engines compiled to wasm for Node, as scripts/bench.sh builds them in target/engine-node. */
export const nodeEngine = () => createRequire(import.meta.url)(join(ROOT, 'target/engine-node/engine-wasm.js'));
