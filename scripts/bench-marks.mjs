// Benchmark of the marked-up article in headless Chromium (it reports; it asserts nothing).
//
// A 1 MB article (2,000 paragraphs) with 10,000 annotations of 3–200 characters — a tenth of them
// overlapping another, some crossing paragraph boundaries — opened in the built page as a backup
// file, like a reader would. Reported, medians of several runs, beside a plain-DOM baseline
// (hand-written JavaScript building <mark> elements in one fragment) measured in the same run:
//   - time from the annotations being ready to the marked-up article painted;
//   - time to paint one added annotation;
//   - memory: the page's JavaScript heap and the wasm memory.
//
// usage: node scripts/bench-marks.mjs   (needs a built dist/: trunk build --release)
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic, launchBrowser } from '../tests/e2e/harness.mjs';
import { median, mb } from './bench-helpers.mjs';

const PARAGRAPHS = 2000;
const ANNOTATIONS = 10000;
const RUNS = 3;

// A deterministic generator (xorshift), so every run measures the same article.
let seed = 20261128;
const random = () => {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return ((seed >>> 0) % 1_000_000) / 1_000_000;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const WORDS = 'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there been one all we their has would when if so no will more about can out up what into some only other could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three'.split(' ');

function makeArticle() {
  const paragraphs = [];
  for (let p = 0; p < PARAGRAPHS; p += 1) {
    const words = [];
    let length = 0;
    while (length < 500) { const w = pick(WORDS); words.push(w); length += w.length + 1; }
    paragraphs.push(words.join(' ') + '.');
  }
  return `A long article for the benchmark\n\n${paragraphs.join('\n\n')}\n`;
}

function makeAnnotations(text) {
  const chars = [...text];
  const paragraphEnds = [];
  for (let i = 0; i < chars.length; i += 1) if (chars[i] === '\n' && chars[i + 1] === '\n') paragraphEnds.push(i);
  const annotations = [];
  const kinds = ['highlight', 'claim', 'question', 'evidence'];
  for (let i = 0; i < ANNOTATIONS; i += 1) {
    const length = 3 + Math.floor(random() * 198);
    let start;
    if (i % 10 === 9 && annotations.length) {
      // A tenth overlap the one before (crossing it).
      const previous = annotations[annotations.length - 1].span;
      start = Math.min(previous.end - 1, previous.start + Math.floor((previous.end - previous.start) / 2));
    } else if (i % 25 === 0) {
      // Some cross a paragraph boundary.
      start = Math.max(40, pick(paragraphEnds) - Math.floor(length / 2));
    } else {
      start = 40 + Math.floor(random() * (chars.length - length - 41));
    }
    const end = Math.min(chars.length, start + length);
    annotations.push({
      id: `bench-${i}`, kind: pick(kinds), span: { start, end }, origin: 'reader', entity: null, speaker: null,
      date: null, note: i % 7 === 0 ? `note ${i}` : '', tags: i % 11 === 0 ? ['bench'] : [], color: 'yellow',
      modified: '2026-11-28T10:00:00Z',
    });
  }
  return annotations;
}

const text = makeArticle();
const annotations = makeAnnotations(text);
const backup = {
  format: 'article-annotator-backup', version: 1, name: 'bench.txt', title: 'Benchmark', text,
  source_format: 'plain_text', blocks: [],
  layer: { overrides: {}, renames: [], annotations, tombstones: {}, orphans: [] }, annotations: [],
};
const dir = await mkdtemp(join(tmpdir(), 'bench-marks-'));
const backupPath = join(dir, 'bench.backup.json');
await writeFile(backupPath, JSON.stringify(backup));
console.log(`article: ${PARAGRAPHS} paragraphs, ${[...text].length} characters; ${ANNOTATIONS} annotations`);

const server = await serveStatic();
const browser = await launchBrowser();
const app = { paint: [], add: [], heap: 0, wasm: 0 };
const baseline = { paint: [], add: [], heap: 0 };

for (let run = 0; run < RUNS; run += 1) {
  const page = await browser.context.newPage();
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; }));
  await page.goto(`${server.origin}/`);
  await page.waitForSelector('#article .headline');
  await page.evaluate(() => { localStorage.clear(); performance.clearMarks(); });
  await page.setInputFiles('#file-input', backupPath);
  await page.waitForFunction((n) => document.querySelectorAll('#article mark[data-first]').length >= n, ANNOTATIONS, { timeout: 120000 });
  await page.waitForTimeout(500);
  // The slowest refresh after opening: the backup's 10,000 annotations (the engine worker's
  // answer, which comes after, is another refresh).
  const paint = await page.evaluate(() => {
    const marks = performance.getEntriesByType('mark');
    const painted = marks.filter((m) => m.name === 'annotations-painted').map((m) => m.startTime);
    return Math.max(...marks.filter((m) => m.name === 'annotations-ready').map((m) => m.startTime)
      .map((ready) => (painted.find((p) => p > ready) ?? ready) - ready));
  });
  app.paint.push(paint);
  // One added annotation, selected and highlighted through the toolbar, five times.
  for (let i = 0; i < 5; i += 1) {
    await page.evaluate((i) => {
      const paragraph = document.querySelectorAll('#article p.paragraph')[1000 + i * 7];
      const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
      const node = walker.nextNode();
      const range = document.createRange();
      range.setStart(node, 0);
      range.setEnd(node, Math.min(12, node.data.length));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      performance.clearMarks();
    }, i);
    await page.getByRole('button', { name: 'Highlight green' }).click();
    await page.waitForFunction(() => performance.getEntriesByName('annotations-painted').length > 0);
    app.add.push(await page.evaluate(() => performance.getEntriesByName('annotations-painted')[0].startTime - performance.getEntriesByName('annotation-add-start')[0].startTime));
    await page.keyboard.press('Escape');
  }
  const client = await page.context().newCDPSession(page);
  app.heap = (await client.send('Runtime.getHeapUsage')).usedSize;
  app.wasm = await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? 0);
  await page.evaluate(() => localStorage.clear());
  await page.close();

  // The baseline: the same article and annotations as plain <mark> elements built in one fragment.
  const plain = await browser.context.newPage();
  await plain.goto(`${server.origin}/no-app-here`);
  const result = await plain.evaluate(async ({ text, annotations }) => {
    document.body.textContent = '';
    const chars = [...text];
    const blocks = [];
    let start = 0;
    const parts = text.split('\n\n');
    for (const part of parts) { const length = [...part].length; blocks.push([start, start + length]); start += length + 2; }
    const started = performance.now();
    const fragment = document.createDocumentFragment();
    const sorted = annotations.slice().sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
    let cursor = 0;
    for (const [bs, be] of blocks) {
      const p = document.createElement('p');
      while (cursor < sorted.length && sorted[cursor].span.end <= bs) cursor += 1;
      const here = [];
      for (let k = cursor; k < sorted.length && sorted[k].span.start < be; k += 1) if (sorted[k].span.end > bs) here.push(sorted[k]);
      const cuts = new Set([bs, be]);
      for (const a of here) { cuts.add(Math.max(bs, a.span.start)); cuts.add(Math.min(be, a.span.end)); }
      const points = [...cuts].sort((a, b) => a - b);
      for (let i = 0; i + 1 < points.length; i += 1) {
        const [s, e] = [points[i], points[i + 1]];
        let node = document.createTextNode(chars.slice(s, e).join(''));
        for (const a of here) if (a.span.start <= s && a.span.end >= e) {
          const mark = document.createElement('mark');
          mark.dataset.kind = a.kind; mark.dataset.id = a.id;
          mark.appendChild(node); node = mark;
        }
        p.appendChild(node);
      }
      fragment.appendChild(p);
    }
    document.body.appendChild(fragment);
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const paint = performance.now() - started;
    const times = [];
    for (let i = 0; i < 5; i += 1) {
      const t0 = performance.now();
      const p = document.querySelectorAll('p')[1000 + i * 7];
      const node = document.createTreeWalker(p, NodeFilter.SHOW_TEXT).nextNode();
      const range = document.createRange();
      range.setStart(node, 0); range.setEnd(node, Math.min(12, node.data.length));
      const mark = document.createElement('mark');
      range.surroundContents(mark);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      times.push(performance.now() - t0);
    }
    return { paint, add: times };
  }, { text, annotations });
  baseline.paint.push(result.paint);
  baseline.add.push(...result.add);
  const plainClient = await plain.context().newCDPSession(plain);
  baseline.heap = (await plainClient.send('Runtime.getHeapUsage')).usedSize;
  await plain.close();
}

console.log(`\n                                   article-annotator   plain-DOM baseline   ratio`);
const row = (label, ours, theirs) => console.log(`${label.padEnd(36)}${ours.padStart(16)}${theirs.padStart(21)}${(parseFloat(ours) / parseFloat(theirs)).toFixed(2).padStart(8)}`);
row('annotations ready → painted (ms)', median(app.paint).toFixed(0), median(baseline.paint).toFixed(0));
row('one added annotation painted (ms)', median(app.add).toFixed(1), median(baseline.add).toFixed(1));
console.log(`memory: JS heap ${mb(app.heap)} + wasm ${mb(app.wasm)} (app) vs JS heap ${mb(baseline.heap)} (baseline)`);
console.log(`medians of ${RUNS} runs (paint) and ${RUNS * 5} additions; goals: paint ≤ 500 ms, addition ≤ 20 ms`);
await browser.close();
await server.close();
await rm(dir, { recursive: true, force: true });
