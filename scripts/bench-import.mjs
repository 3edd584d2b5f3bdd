// Benchmark of importing many W3C annotations into a long article in headless Chromium (it
// reports; it asserts nothing): what the page's main thread does while the engine worker reads
// and places an import (issue 13), and when the reader confirms it.
//
// The 1 MB article of bench-open.mjs is opened as a .txt file; once its marks are painted (no
// change to the article for 1.5 s), a W3C AnnotationPage of N annotations is chosen in the
// Share tab's import. Each annotation quotes 40 characters of the article with its prefix,
// suffix and position; one in 50 has a changed character, so it is placed by approximate
// match. Reported, medians of several runs, at full CPU speed and slowed 4x:
//   - choose → review shown: from the file input's change event to the review on the page;
//   - long tasks meanwhile (PerformanceObserver `longtask`);
//   - confirm → "Imported …": from the click on Import to the notice, and the long tasks from
//     that click until the save is done (the save of a large layer is one task: it reads,
//     merges and writes the stored entry under the store's lock).
// Timed in the page, with the page's own observers (no Playwright query while it works).
//
// usage: node scripts/bench-import.mjs [--runs N] [--counts 5000,20000]   (needs a built dist/)
import { serveStatic, launchBrowser, DIST, longSampleArticle } from '../tests/e2e/harness.mjs';
import { median, flagValue, mb } from './bench-helpers.mjs';

const RUNS = Number(flagValue('--runs', 3));
const COUNTS = flagValue('--counts', '5000,20000').split(',').map(Number);
const HEADLINE = 'A long article for the import benchmark';
const { text } = await longSampleArticle(HEADLINE);
const chars = [...text];

/** A W3C AnnotationPage of `count` comments spread over the article. */
function w3cPage(count) {
  const items = [];
  for (let i = 0; i < count; i += 1) {
    const from = 200 + Math.floor(((chars.length - 400) * i) / count);
    const window = chars.slice(from, from + 40).join('');
    // Within one paragraph: the longest line of the window.
    let exact = window.split('\n').sort((a, b) => b.length - a.length)[0];
    const start = from + [...window.slice(0, window.indexOf(exact))].length;
    const length = [...exact].length;
    if (i % 50 === 49) exact = `${exact.slice(0, 15)}X${exact.slice(16)}`;
    items.push({
      type: 'Annotation',
      body: { type: 'TextualBody', purpose: 'commenting', value: `note ${i}` },
      target: {
        selector: [
          { type: 'TextQuoteSelector', exact, prefix: chars.slice(start - 20, start).join(''), suffix: chars.slice(start + length, start + length + 20).join('') },
          { type: 'TextPositionSelector', start, end: start + length },
        ],
      },
    });
  }
  return JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationPage', items });
}

const server = await serveStatic(DIST);

/** One import in a fresh browser (an empty store). */
async function importOnce(json, rate) {
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  const cdp = await page.context().newCDPSession(page);
  await page.goto(`${server.origin}/`);
  await page.waitForSelector('#article mark[data-kind="person"]', { timeout: 120000 });
  await page.evaluate(() => {
    window.lastArticleChange = performance.now();
    new MutationObserver(() => { window.lastArticleChange = performance.now(); })
      .observe(document.getElementById('article'), { subtree: true, childList: true });
  });
  await page.setInputFiles('#file-input', { name: 'long-article.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await page.waitForFunction((headline) => document.querySelector('#article .headline')?.textContent === headline
    && !document.querySelector('[data-testid="analysing"]')
    && performance.now() - window.lastArticleChange > 1500, HEADLINE, { timeout: 300000, polling: 250 });
  await page.getByRole('tab', { name: 'Share' }).click();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.evaluate(() => {
    window.longTasks = [];
    window.times = {};
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask' });
    document.querySelector('#import-input').addEventListener('change', () => { window.times.chosen = performance.now(); }, { capture: true });
    const reviews = document.getElementsByClassName('import-review');
    const notices = document.getElementsByClassName('notice');
    new MutationObserver(() => {
      const times = window.times;
      if (times.review === undefined && reviews.length) times.review = performance.now();
      if (times.confirm !== undefined && times.imported === undefined
        && [...notices].some((notice) => notice.textContent.startsWith('Imported'))) times.imported = performance.now();
    }).observe(document.body, { subtree: true, childList: true });
  });
  await page.setInputFiles('#import-input', { name: 'many.jsonld', mimeType: 'application/json', buffer: Buffer.from(json) });
  await page.waitForFunction(() => window.times.review !== undefined, null, { timeout: 300000, polling: 50 });
  const summary = await page.evaluate(() => document.querySelector('.import-review p').textContent);
  await page.evaluate(() => {
    window.times.confirm = performance.now();
    document.querySelector('.import-review button.primary').click();
  });
  await page.waitForFunction(() => window.times.imported !== undefined
    && !/Saving/.test(document.querySelector('.save-status')?.textContent || ''), null, { timeout: 300000, polling: 50 });
  // Let the observer deliver the last entries.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 100))));
  const result = await page.evaluate(() => {
    const { times } = window;
    const tasks = (from, to) => window.longTasks.filter(([start]) => start >= from && start < to).map(([, d]) => Math.round(d));
    return {
      toReview: Math.round(times.review - times.chosen),
      reviewTasks: tasks(times.chosen - 1, times.confirm),
      toImported: Math.round(times.imported - times.confirm),
      confirmTasks: tasks(times.confirm, Infinity),
      saved: document.querySelector('.save-status')?.textContent,
    };
  });
  await browser.close();
  return { summary, ...result };
}

console.log(`article: ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB; medians of ${RUNS} runs`);
for (const count of COUNTS) {
  const json = w3cPage(count);
  for (const rate of [1, 4]) {
    const results = [];
    for (let run = 0; run < RUNS; run += 1) results.push(await importOnce(json, rate));
    const m = (pick) => median(results.map(pick));
    const longest = (key) => Math.max(0, ...results.map((r) => Math.max(0, ...r[key])));
    console.log(`${count} annotations [${mb(json.length)}], CPU ${rate}x: ${results[0].summary}`);
    console.log(`  choose → review ${m((r) => r.toReview)} ms, long tasks ${m((r) => r.reviewTasks.length)} (longest of all runs ${longest('reviewTasks')} ms); `
      + `confirm → imported ${m((r) => r.toImported)} ms, long tasks ${m((r) => r.confirmTasks.length)} (longest ${longest('confirmTasks')} ms); save status: ${results.map((r) => r.saved).join(', ')}`);
  }
}
await server.close();
