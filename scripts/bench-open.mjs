// Benchmark of opening a long article in headless Chromium (it reports; it asserts nothing): the
// baseline for moving the engines off the main thread (issue 13).
//
// A 1 MB news article (the sample's paragraphs, with their quotes and names, repeated) is pasted
// and opened as a reader would, at full CPU speed and with the CPU slowed 4x (DevTools'
// mid-tier phone setting). Reported, medians of several runs:
//   - open → text visible: from the click on "Open pasted text" to the new headline shown;
//   - open → marks painted: to the marks of the article's last paragraph naming a person shown;
//   - long tasks while it opens (PerformanceObserver `longtask`): how many, the longest, the time
//     spent in tasks over 50 ms;
//   - first load: the files the page loads before the headline (raw and brotli) and the time from
//     navigation to the sample's headline.
//
// usage: node scripts/bench-open.mjs [--runs N]   (needs a built dist/: trunk build --release)
import { readFile, readdir } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { serveStatic, launchBrowser, DIST, ROOT } from '../tests/e2e/harness.mjs';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const TARGET_BYTES = 1_000_000;

const sample = await readFile(join(ROOT, 'assets/samples/nato-eu-cooperation.txt'), 'utf8');
const [, ...body] = sample.split(/\n\s*\n/);
const paragraphs = [];
let bytes = 0;
for (let copy = 1; bytes < TARGET_BYTES; copy += 1) {
  for (const paragraph of body) {
    paragraphs.push(paragraph.trim());
    bytes += Buffer.byteLength(paragraph) + 2;
  }
}
const HEADLINE = 'A long article for the open benchmark';
const article = `${HEADLINE}\n\n${paragraphs.join('\n\n')}\n`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const server = await serveStatic(DIST);
const browser = await launchBrowser();

async function freshPage(cpuRate) {
  const page = await browser.context.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
  const started = Date.now();
  await page.goto(`${server.origin}/`);
  await page.waitForSelector('article .headline', { timeout: 120000 });
  const toHeadline = Date.now() - started;
  await page.waitForSelector('#article mark[data-kind="person"]', { timeout: 120000 });
  return { page, toHeadline };
}

async function openOnce(cpuRate) {
  const { page, toHeadline } = await freshPage(cpuRate);
  await page.getByRole('button', { name: 'Paste text' }).click();
  await page.locator('#paste-box').evaluate((box, value) => {
    box.value = value;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }, article);
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  const clicked = Date.now();
  await page.getByRole('button', { name: 'Open pasted text' }).click();
  await page.waitForFunction((h) => document.querySelector('article .headline')?.textContent === h,
    HEADLINE, { timeout: 300000, polling: 10 });
  const textVisible = Date.now() - clicked;
  // The last paragraph naming Tillerson, marked: the whole article has its marks.
  await page.waitForFunction(() => {
    const named = [...document.querySelectorAll('#article p.paragraph')]
      .filter((p) => p.textContent.includes('Tillerson'));
    return named.length > 0 && named[named.length - 1].querySelector('mark[data-kind="person"]') !== null;
  }, null, { timeout: 300000, polling: 20 });
  const marksPainted = Date.now() - clicked;
  // Let the observer deliver the last entries.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))));
  const tasks = await page.evaluate(() => window.__longTasks);
  await page.close();
  return {
    toHeadline,
    textVisible,
    marksPainted,
    longTasks: tasks.length,
    longest: Math.round(Math.max(0, ...tasks)),
    blocked: Math.round(tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0)),
  };
}

console.log(`article: ${(Buffer.byteLength(article) / 1e6).toFixed(2)} MB, ${paragraphs.length} paragraphs; medians of ${RUNS} runs`);
for (const rate of [1, 4]) {
  const results = [];
  for (let run = 0; run < RUNS; run += 1) results.push(await openOnce(rate));
  const m = (key) => median(results.map((r) => r[key]));
  console.log(`CPU ${rate}x: first load → headline ${m('toHeadline')} ms; open → text visible ${m('textVisible')} ms, → marks painted ${m('marksPainted')} ms; long tasks ${m('longTasks')}, longest ${m('longest')} ms, over 50 ms ${m('blocked')} ms`);
}

// What the page loads before the headline: the files index.html names.
const index = await readFile(join(DIST, 'index.html'), 'utf8');
const files = (await readdir(DIST)).filter((name) => index.includes(name) && ['.wasm', '.js', '.css'].includes(extname(name)));
let raw = 0;
let compressed = 0;
for (const name of files) {
  const content = await readFile(join(DIST, name));
  const brotli = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  raw += content.length;
  compressed += brotli;
  console.log(`  ${name.padEnd(48)} ${(content.length / 1024).toFixed(0).padStart(6)} KB raw ${(brotli / 1024).toFixed(0).padStart(5)} KB brotli`);
}
console.log(`first load before the headline: ${(raw / 1024).toFixed(0)} KB raw, ${(compressed / 1024).toFixed(0)} KB brotli`);

await browser.close();
await server.close();
