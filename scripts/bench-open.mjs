// Benchmark of opening a long article in headless Chromium (it reports; it asserts nothing). With
// --baseline DIR it measures another build too in the same run, interleaved, and prints both.
//
// A 1 MB news article (the sample's paragraphs, with their quotes and names, repeated) is opened
// as a reader would — chosen as a .txt file, and pasted with Ctrl+V from the clipboard into the
// paste box — at full CPU speed and with the CPU slowed 4x (DevTools' mid-tier phone setting).
// While it opens, the reader types "Tillerson" into the search box and highlights words of the
// first screens; the page is watched until the whole article is marked AND the reader's work
// is saved (the 1 MB text packed and written), and then until nothing long has run for a
// second. Reported, medians of several runs:
//   - open → text visible: from the click on "Open pasted text" (or the file input's change) to
//     the new headline in the page, timed in the page;
//   - open → marks painted: to the marks of the article's last paragraph naming a person shown;
//   - open → saved: to the bar saying "Saved" after the highlight, with the marks painted;
//   - long tasks (PerformanceObserver `longtask`) from the paste's key (or the file's change)
//     until the page is quiet: how many, the longest, the time spent over 50 ms; and the longest
//     animation frame (`long-animation-frame`: a task and the rendering after it) with what ran
//     in it, for finding where the time goes;
//   - typing while it opens: the slowest key's round trip (the browser answers a key only between
//     tasks); and, for the paste, the paste's own longest task (the browser inserting the text);
//   - first load: the files the page loads before the headline (raw and brotli; index.html
//     carries the sample as its first paint), then before its controls work; and, in a fresh
//     cache with files served compressed, the time from navigation to the headline painted and
//     to the page ready, with the CPU slowed 4x, over loopback and a slow mobile network.
//
// Why the first version saw no long task where a reader's trace showed several: it stopped at the
// marks of the last paragraph, before the last slices of the repaint, the blocks still being put
// on the page and the save; and it timed only the tasks after the click on "Open", not the paste's
// own task. It now watches from the key to a quiet page after the save. The file is given to the
// file input as a path on disk (a buffer would be turned into a File by Playwright inside the page,
// a 1 MB task of its own that was counted as the page's).
//
// usage: node scripts/bench-open.mjs [--runs N] [--baseline DIR]   (needs a built dist/)
import { readFile, readdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, extname } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { serveStatic, launchBrowser, DIST, longSampleArticle } from '../tests/e2e/harness.mjs';
import { dragSelect } from '../tests/e2e/annotate-helpers.mjs';
import { median, flagValue } from './bench-helpers.mjs';

const RUNS = Number(flagValue('--runs', 3));
const BASELINE = flagValue('--baseline', null);
const HEADLINE = 'A long article for the open benchmark';
const { text: article, paragraphs } = await longSampleArticle(HEADLINE);
const ARTICLE_FILE = join(await mkdtemp(join(tmpdir(), 'bench-open-')), 'long-article.txt');
await writeFile(ARTICLE_FILE, article);

const builds = [{ name: 'this build', dir: DIST }];
if (BASELINE) builds.unshift({ name: 'baseline', dir: BASELINE });
for (const build of builds) build.server = await serveStatic(build.dir);
const browser = await launchBrowser();
for (const build of builds) {
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: build.server.origin });
}

async function freshPage(build, cpuRate) {
  const page = await browser.context.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
  const started = Date.now();
  await page.goto(`${build.server.origin}/`);
  await page.waitForSelector('#article .headline', { timeout: 120000 });
  const toHeadline = Date.now() - started;
  await page.waitForSelector('#article mark[data-kind="person"]', { timeout: 120000 });
  return { page, toHeadline };
}

async function openOnce(build, cpuRate, route) {
  const { page, toHeadline } = await freshPage(build, cpuRate);
  // Everything is timed in the page, from the moment the page is asked to open the article
  // (the click on "Open pasted text", or the file input's change event): Playwright's own work
  // before that (finding the button, building a 1 MB File in the page) is not the page's.
  await page.evaluate((headline) => {
    window.__longTasks = [];
    window.__frames = [];
    window.__times = {};
    const take = (entries) => { for (const entry of entries) window.__longTasks.push([entry.startTime, entry.duration]); };
    const observer = new PerformanceObserver((list) => take(list.getEntries()));
    observer.observe({ type: 'longtask' });
    // Long animation frames: a task and the rendering after it, with the scripts that ran.
    const takeFrames = (entries) => {
      for (const frame of entries) {
        const scripts = frame.scripts.map((script) => `${script.invoker} ${Math.round(script.duration)} ms`);
        const rendering = frame.renderStart ? frame.startTime + frame.duration - frame.renderStart : 0;
        window.__frames.push([frame.startTime, frame.duration, Math.round(rendering), scripts.join(', ')]);
      }
    };
    const frames = new PerformanceObserver((list) => takeFrames(list.getEntries()));
    frames.observe({ type: 'long-animation-frame' });
    // Entries not yet delivered to the observers (delivery is a task of its own), taken now.
    window.__takeLongTasks = () => { take(observer.takeRecords()); takeFrames(frames.takeRecords()); };
    // The last moment anything long ran: the page is quiet once a second has passed since.
    window.__lastLong = () => {
      window.__takeLongTasks();
      const ends = [...window.__longTasks, ...window.__frames].map(([start, duration]) => start + duration);
      return Math.max(0, ...ends);
    };
    document.querySelector('#file-input')?.addEventListener('change', () => { window.__times.open = performance.now(); }, { capture: true });
    const check = () => {
      const times = window.__times;
      if (times.open === undefined) return;
      if (times.text === undefined && document.querySelector('#article .headline')?.textContent === headline) times.text = performance.now();
      if (times.text !== undefined && times.marks === undefined) {
        // The last paragraph naming Tillerson, marked: the whole article has its marks.
        const named = [...document.querySelectorAll('#article p.paragraph')].filter((p) => p.textContent.includes('Tillerson'));
        if (named.length > 100 && named[named.length - 1].querySelector('mark[data-kind="person"]')) times.marks = performance.now();
      }
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, HEADLINE);
  let pasteLongest = 0;
  // Watched from here: the paste's key, or the file's change.
  await page.evaluate(() => { window.__times.start = performance.now(); });
  if (route === 'paste') {
    // Pasted as a reader does: the article on the clipboard, Ctrl+V in the paste box. The
    // browser's own insertion of the text into the box (and its layout there) is timed apart.
    await page.evaluate((text) => navigator.clipboard.writeText(text), article);
    await page.getByRole('button', { name: 'Paste text' }).click();
    await page.locator('#paste-box').focus();
    // From just before the key (the paste's task starts before its paste event).
    await page.evaluate(() => { window.__times.paste = performance.now(); });
    await page.keyboard.press('Control+V');
    await page.waitForFunction(() => document.querySelector('#paste-box')?.value.length > 0, null, { timeout: 120000 });
    // After the frame that lays out what the box shows: its long tasks, delivered or not.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))));
    pasteLongest = await page.evaluate(() => {
      window.__takeLongTasks();
      const pasting = window.__longTasks.filter(([start]) => start >= window.__times.paste - 1);
      return Math.round(Math.max(0, ...pasting.map(([, duration]) => duration)));
    });
    const open = page.getByRole('button', { name: 'Open pasted text' });
    await open.evaluate((button) => { window.__times.open = performance.now(); button.click(); });
  } else {
    // Given as a path, as a file chooser gives it: with a buffer Playwright builds the 1 MB File
    // inside the page, in a task of its own that a reader's file choice never runs.
    await page.setInputFiles('#file-input', ARTICLE_FILE);
  }
  await page.waitForFunction(() => window.__times.text !== undefined, null, { timeout: 300000, polling: 10 });
  // Type into the search box while the marks are being made: each key's round trip.
  await page.evaluate(() => document.querySelector('#search').focus());
  let slowestKey = 0;
  for (const key of 'Tillerson') {
    const pressed = Date.now();
    await page.keyboard.press(key);
    slowestKey = Math.max(slowestKey, Date.now() - pressed);
  }
  // The reader highlights words near the top while the rest is being marked.
  await dragSelect(page, 'partner countries');
  await page.getByRole('button', { name: 'Highlight yellow' }).click();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => window.__times.marks !== undefined, null, { timeout: 300000, polling: 20 });
  await page.waitForFunction(() => {
    if (document.querySelector('[data-testid="analysing"]')) return false;
    if (document.querySelector('[data-testid="save-status"]')?.textContent !== 'Saved') return false;
    window.__times.saved ??= performance.now();
    return true;
  }, null, { timeout: 300000, polling: 20 });
  // Then until nothing long has run for a second.
  await page.waitForFunction(() => performance.now() - window.__lastLong() > 1000, null, { timeout: 300000, polling: 100 });
  const { times, tasks, frames } = await page.evaluate(() => {
    window.__takeLongTasks();
    const watched = ([start]) => start >= window.__times.start - 1;
    return {
      times: window.__times,
      tasks: window.__longTasks.filter(watched).map(([, duration]) => duration),
      frames: window.__frames.filter(watched),
    };
  });
  await page.close();
  const longestFrame = frames.reduce((longest, frame) => (frame[1] > (longest?.[1] ?? 0) ? frame : longest), null);
  return {
    toHeadline,
    textVisible: Math.round(times.text - times.open),
    marksPainted: Math.round(times.marks - times.open),
    saved: Math.round(times.saved - times.open),
    longTasks: tasks.length,
    longest: Math.round(Math.max(0, ...tasks)),
    blocked: Math.round(tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0)),
    longestFrame: longestFrame ? Math.round(longestFrame[1]) : 0,
    longestFrameWhat: longestFrame ? `rendering ${longestFrame[2]} ms; ${longestFrame[3]}` : '',
    slowestKey,
    pasteLongest,
  };
}

console.log(`article: ${(Buffer.byteLength(article) / 1e6).toFixed(2)} MB, ${paragraphs} paragraphs; medians of ${RUNS} runs`);
for (const route of ['file', 'paste']) {
  for (const rate of [1, 4]) {
    for (const build of builds) build.results = [];
    for (let run = 0; run < RUNS; run += 1) {
      for (const build of builds) build.results.push(await openOnce(build, rate, route));
    }
    for (const build of builds) {
      const m = (key) => median(build.results.map((r) => r[key]));
      const pasting = route === 'paste' ? `; the paste into the box itself: longest task ${m('pasteLongest')} ms` : '';
      console.log(`${route === 'file' ? '.txt file' : 'paste box'}, CPU ${rate}x, ${build.name}: first load → headline ${m('toHeadline')} ms; open → text visible ${m('textVisible')} ms, → marks painted ${m('marksPainted')} ms, → saved ${m('saved')} ms; long tasks ${m('longTasks')}, longest ${m('longest')} ms (runs: ${build.results.map((r) => r.longest).join(', ')}), over 50 ms ${m('blocked')} ms; longest frame ${m('longestFrame')} ms; slowest key typed meanwhile ${m('slowestKey')} ms${pasting}`);
      const worst = build.results.reduce((a, b) => (b.longestFrame > a.longestFrame ? b : a));
      if (worst.longestFrame) console.log(`    the longest frame of all runs, ${worst.longestFrame} ms: ${worst.longestFrameWhat}`);
    }
  }
}

// First load, in a fresh cache, files served brotli-compressed as a static host does: CPU 4x
// slower, over this machine's loopback and over a slow mobile network. Reported: the first
// contentful paint (the headline: index.html carries the sample's first paint; a build without
// it paints nothing before its module has mounted) and the page ready (the live article, its
// controls working), both from navigation, timed in the page.
const NETWORKS = [
  ['no network limit', null],
  ['slow network (1.6 Mbit/s, 150 ms)', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 }],
];
for (const build of builds) build.compressing = await serveStatic(build.dir, { brotli: true });
for (const [network, conditions] of NETWORKS) {
  for (const build of builds) build.loads = [];
  for (let run = 0; run < RUNS; run += 1) {
    for (const build of builds) {
      const page = await browser.context.newPage();
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      if (conditions) await cdp.send('Network.emulateNetworkConditions', conditions);
      await page.goto(`${build.compressing.origin}/`, { waitUntil: 'commit' });
      const ready = await page.waitForFunction(() => document.querySelector('#article .headline') && performance.now(), null, { timeout: 120000 });
      const painted = await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime, null, { timeout: 120000 });
      build.loads.push({ painted: Math.round(await painted.jsonValue()), ready: Math.round(await ready.jsonValue()) });
      await page.close();
    }
  }
  for (const build of builds) {
    const m = (key) => median(build.loads.map((l) => l[key]));
    console.log(`first load, CPU 4x, ${network}, ${build.name}: headline painted ${m('painted')} ms, page ready ${m('ready')} ms`);
  }
}
for (const build of builds) await build.compressing.close();

// What the page loads before the headline (index.html with its first paint, the stylesheet; a
// build without a first paint also needs its module and glue), what before its controls work
// (the page's module and glue), and what the engine worker loads after the first paint.
const size = async (dir, name) => {
  const content = await readFile(join(dir, name));
  return [content.length, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length];
};
for (const build of builds) {
  const index = await readFile(join(build.dir, 'index.html'), 'utf8');
  const names = (await readdir(build.dir)).filter((name) => ['.wasm', '.js', '.css', '.bin'].includes(extname(name)));
  const firstPaint = index.includes('id="first-paint"');
  const page = names.filter((n) => index.includes(n) && !n.startsWith('engine-worker') && extname(n) !== '.bin');
  const styles = page.filter((n) => extname(n) === '.css');
  const groups = firstPaint
    ? [
      ['first load before the headline', ['index.html', ...styles]],
      ['then, before the controls work', page.filter((n) => !styles.includes(n))],
      ['loaded after the first paint', names.filter((n) => n.startsWith('engine-worker') || n === 'entity-model.bin')],
    ]
    : [
      ['first load before the headline', ['index.html', ...page]],
      ['loaded after the first paint', names.filter((n) => n.startsWith('engine-worker') || n === 'entity-model.bin')],
    ];
  for (const [label, group] of groups) {
    let raw = 0;
    let compressed = 0;
    for (const name of group) {
      const [r, b] = await size(build.dir, name);
      raw += r;
      compressed += b;
      console.log(`  ${build.name}: ${name.padEnd(48)} ${(r / 1024).toFixed(0).padStart(6)} KB raw ${(b / 1024).toFixed(0).padStart(5)} KB brotli`);
    }
    console.log(`${build.name}, ${label}: ${(raw / 1024).toFixed(0)} KB raw, ${(compressed / 1024).toFixed(0)} KB brotli`);
  }
}

await browser.close();
for (const build of builds) await build.server.close();
