// Peer benchmark of the entity engine: this project's engine compiled to wasm (the code the page
// runs, built by scripts/bench.sh) against the npm package compromise, on the same texts in the
// same run. Prints characters per second (median of several rounds), their ratio, and each one's
// ALL3 exact F1 on the CoNLL-2003 dev split, scored by the project's own scorer (compiled in).
//
// usage: node scripts/bench-entities.mjs [DATA_DIR]     (default ../shared/data)
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import nlp from 'compromise';
import { median, goldDataDir, nodeEngine } from './bench-helpers.mjs';

const dataDir = goldDataDir();
const engine = nodeEngine();
const ROUNDS = 5;

function readJsonLines(path) {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

const devPath = join(dataDir, 'conll2003_dev.jsonl');
if (!existsSync(devPath)) {
  console.log(`SKIPPED: ${devPath} is absent`);
  process.exit(0);
}
const documents = readJsonLines(devPath);
const texts = documents.map((d) => d.text);
const characters = texts.reduce((n, t) => n + [...t].length, 0);

/** UTF-16 offset → code-point offset in `text`. */
function codePointOffset(text, utf16) {
  return [...text.slice(0, utf16)].length;
}

/** compromise's people, places and organisations as [start, end, type] in code points. */
function compromiseEntities(text) {
  const doc = nlp(text);
  const out = [];
  for (const [type, view] of [[0, doc.people()], [1, doc.organizations()], [2, doc.places()]]) {
    for (const match of view.json({ offset: true })) {
      const { start, length } = match.offset;
      out.push(codePointOffset(text, start), codePointOffset(text, start + length), type);
    }
  }
  return out;
}

/** Characters per second of `run` over `inputs` (`count` characters), median of the rounds. */
function throughput(run, inputs = texts, count = characters) {
  const rates = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now();
    for (const text of inputs) run(text);
    rates.push(count / ((performance.now() - started) / 1000));
  }
  return median(rates);
}

function f1(predict) {
  let [tp, predicted, gold] = [0, 0, 0];
  documents.forEach((document, i) => {
    const [t, p, g] = engine.score_conll(JSON.stringify(document), Uint32Array.from(predict(texts[i])));
    tp += t; predicted += p; gold += g;
  });
  const precision = predicted ? tp / predicted : 0;
  const recall = gold ? tp / gold : 0;
  return precision + recall ? (200 * precision * recall) / (precision + recall) : 0;
}

engine.load_model();
// Warm both up once, then measure in alternation so that machine noise hits both.
engine.find_entities(texts[0]);
compromiseEntities(texts[0]);
const ours = throughput((text) => engine.find_entities(text));
const theirs = throughput((text) => compromiseEntities(text));
console.log(`CoNLL-2003 dev: ${documents.length} documents, ${characters} characters, median of ${ROUNDS} rounds`);
console.log(`  article-annotator (wasm)  ${ours.toFixed(0).padStart(10)} chars/s   ALL3 F1 ${f1((t) => engine.find_entities(t)).toFixed(1)}`);
console.log(`  compromise ${nlp.version.padEnd(13)}  ${theirs.toFixed(0).padStart(10)} chars/s   ALL3 F1 ${f1(compromiseEntities).toFixed(1)}`);
console.log(`  throughput ratio          ${(ours / theirs).toFixed(1)}x`);

// The whole pipeline (dates, entities, grouping, quotes) in wasm, on the PolNeAR dev texts.
const polnearPath = join(dataDir, 'polnear_quotes_dev.jsonl');
if (existsSync(polnearPath)) {
  const polnear = readJsonLines(polnearPath).map((d) => d.text);
  const polnearChars = polnear.reduce((n, t) => n + [...t].length, 0);
  const rate = throughput((text) => engine.analyse(text), polnear, polnearChars);
  console.log(`PolNeAR dev, all engines incl. quotes (wasm): ${rate.toFixed(0)} chars/s`);
}
