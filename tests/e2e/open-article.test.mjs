// The foundation, as a reader meets it: the sample opens by default, pasted text and files open,
// hostile HTML runs nothing, bad files are refused without losing the open article, the page asks
// for nothing but its own files, and the single-file app works from disk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { serveStatic, launchBrowser, openPage, screenshot, textsOf, longSampleArticle, plainTextBlocks, ROOT, DIST } from './harness.mjs';
import { waitForEngines } from './annotate-helpers.mjs';

const SAMPLE = await readFile(join(ROOT, 'assets/samples/nato-eu-cooperation.txt'), 'utf8');
const SAMPLE_HEADLINE = 'NATO FMs agree to step up cooperation with EU';
let server;
let browser;
let scratch;

before(async () => {
  server = await serveStatic();
  browser = await launchBrowser();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  scratch = await mkdtemp(join(tmpdir(), 'annotator-files-'));
});
after(async () => {
  await browser?.close();
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

/** Writes a file for the picker and returns its path. */
async function scratchFile(name, content) {
  const path = join(scratch, name);
  await writeFile(path, content);
  return path;
}

async function headline(page) {
  return (await page.textContent('#article .headline')).trim();
}

test('the sample article is open by default, with its whole structure', async () => {
  const page = await openPage(browser.context, `${server.origin}/`);
  assert.equal(await headline(page), SAMPLE_HEADLINE);
  assert.deepEqual(await textsOf(page, 'article .page-date'), ['Monday January 13, 2025']);
  assert.deepEqual(await textsOf(page, 'article .published time'), ['06 Dec 2017, 19:39']);
  assert.deepEqual(await textsOf(page, 'article .byline'), ['DF-Xinhua Report']);
  const [caption] = await textsOf(page, 'article figcaption');
  assert.match(caption, /^NATO Secretary General Jens Stoltenberg .* Photo Xinhua\.$/);
  const paragraphs = await textsOf(page, 'article p.paragraph');
  const expected = SAMPLE.split(/\n\s*\n/).slice(4).map((block) => block.trim());
  assert.equal(paragraphs.length, 13);
  assert.deepEqual(paragraphs, expected);
  assert.equal(await page.title(), `${SAMPLE_HEADLINE} — Article Annotator`);
  assert.deepEqual(page.errors, []);
  // The screenshot shows the page as a reader finds it once the worker has answered: the
  // ledger's speakers by their full names ("NATO chief said" counted for Jens Stoltenberg).
  await waitForEngines(page);
  assert.match(await page.textContent('body'), /Jens Stoltenberg · 3 quotes/);
  await screenshot(page, 'sample-desktop', { fullPage: true });
  await page.close();
});

test('the page requests nothing but its own files and declares a strict policy', async () => {
  const page = await openPage(browser.context, `${server.origin}/`);
  await page.waitForLoadState('networkidle');
  const foreign = page.requests.filter((url) => !url.startsWith(server.origin));
  assert.deepEqual(foreign, [], 'requests beyond the page itself');
  const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(policy, /default-src 'none'/);
  // Two inline scripts allowed by hash (Trunk's loader, the first paint's line), no other.
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+' 'sha256-[A-Za-z0-9+/=]+';/);
  assert.match(policy, /connect-src 'self'/);
  assert.doesNotMatch(policy, /unsafe-inline|__[A-Z_]+__/);
  await page.close();
});

test('pasting an article renders it', async () => {
  const page = await openPage(browser.context, `${server.origin}/`);
  await page.getByRole('button', { name: 'Paste text' }).click();
  await page.getByLabel(/Paste the article/).fill('Storm hits the coast\n\nWinds of 120 km/h tore roofs off.\n\n“It was terrifying,” said Ana López.');
  await page.getByRole('button', { name: 'Open pasted text' }).click();
  await page.waitForFunction(() => document.querySelector('#article .headline')?.textContent === 'Storm hits the coast');
  assert.deepEqual(await textsOf(page, 'article p.paragraph'), [
    'Winds of 120 km/h tore roofs off.',
    '“It was terrifying,” said Ana López.',
  ]);
  assert.equal(await page.locator('#paste-box').count(), 0, 'the paste box closes once the article is open');
  await page.close();
});

test('a long article pasted into the box stays out of it (the box shows its beginning) and opens whole', async () => {
  // A browser lays out all of a text field's text at once (a megabyte froze the page for a
  // second at a phone's speed), so a long paste is kept by the page and the box shows its start.
  const { text, paragraphs } = await longSampleArticle('A long pasted article', 200_000);
  const page = await openPage(browser.context, `${server.origin}/`);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.getByRole('button', { name: 'Paste text' }).click();
  const box = page.locator('#paste-box');
  await box.focus();
  await page.keyboard.press('Control+V');
  const note = page.locator('#paste-long');
  await note.waitFor();
  assert.match(await note.textContent(), /A long text is pasted \(2\d\d KB\)\. The box shows its beginning/);
  const shown = await box.inputValue();
  assert.ok(shown.length > 500 && shown.length <= 1500, `the box shows a beginning: ${shown.length} characters`);
  assert.ok(text.startsWith(shown), 'what the box shows is the start of the text');
  assert.equal(await box.getAttribute('readonly'), '', 'an edit there would stand for the whole text');
  // "Clear" empties the box for another paste; the long text comes back with a paste.
  await page.getByRole('button', { name: 'Clear' }).click();
  assert.equal(await box.inputValue(), '');
  assert.equal(await box.getAttribute('readonly'), null);
  await page.keyboard.press('Control+V');
  await note.waitFor();
  await page.getByRole('button', { name: 'Open pasted text' }).click();
  await page.waitForFunction(() => document.querySelector('#article .headline')?.textContent === 'A long pasted article');
  // The whole text opened, not what the box showed.
  await page.waitForFunction((n) => document.querySelectorAll('#article .block-text').length >= n, paragraphs, { timeout: 30000 });
  assert.equal(await page.locator('#paste-box').count(), 0, 'the paste box closes once the article is open');
  await page.close();
});

test('an HTML file with scripts, handlers and javascript: links renders its text and runs nothing', async () => {
  const page = await openPage(browser.context, `${server.origin}/`);
  const hostile = `<!DOCTYPE html><html><head><title>Council votes on the city budget | Hostile News</title>
    <script>window.pwned = 'head script';</script>
    <link rel="stylesheet" href="http://evil.example/x.css"></head>
    <body><h1 onmouseover="window.pwned='handler'">Council votes on the city budget</h1>
    <p>The council <img src="http://evil.example/pixel.png" onerror="window.pwned='onerror'"> met today.</p>
    <p>Read <a href="javascript:window.pwned='link'">the report</a> online.</p>
    <iframe src="http://evil.example/frame"></iframe>
    <script>window.pwned = 'body script';</script></body></html>`;
  await page.setInputFiles('#file-input', await scratchFile('hostile.html', hostile));
  await page.waitForFunction(() => document.querySelector('#article .headline')?.textContent === 'Council votes on the city budget');
  assert.deepEqual(await textsOf(page, 'article p.paragraph'), ['The council met today.', 'Read the report online.']);
  await page.hover('#article .headline');
  await page.getByText('the report').click().catch(() => {});
  assert.equal(await page.evaluate(() => window.pwned), undefined, 'no script from the file ran');
  assert.equal(await page.locator('article img, article script, article iframe, article a').count(), 0);
  assert.deepEqual(page.requests.filter((url) => url.includes('evil.example')), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a Markdown file dropped on the page opens', async () => {
  const page = await openPage(browser.context, `${server.origin}/`);
  const transfer = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File(['# Dropped *story*\n\nBy Kim Lee\n\nFirst paragraph with [a link](http://x.example).\n'],
      'story.md', { type: 'text/markdown' }));
    return data;
  });
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  assert.equal(await page.isVisible('.drop-overlay'), true, 'dragging shows where to drop');
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await page.waitForFunction(() => document.querySelector('#article .headline')?.textContent === 'Dropped story');
  assert.deepEqual(await textsOf(page, 'article .byline'), ['By Kim Lee']);
  assert.deepEqual(await textsOf(page, 'article p.paragraph'), ['First paragraph with a link.']);
  assert.equal(await page.isVisible('.drop-overlay'), false);
  await page.close();
});

for (const [name, content, message] of [
  ['photo.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), /not a text file/],
  ['latin1.txt', Buffer.from('Caf\xe9 society\n\nA paragraph.', 'latin1'), /not valid UTF-8/],
  ['empty.txt', Buffer.alloc(0), /empty/],
]) {
  test(`a bad file (${name}) shows a clear message and the open article stays`, async () => {
    const page = await openPage(browser.context, `${server.origin}/`);
    await page.setInputFiles('#file-input', await scratchFile(name, content));
    const notice = page.getByRole('alert');
    await notice.waitFor();
    assert.match(await notice.textContent(), message);
    assert.match(await notice.textContent(), /article that was open stays open/);
    assert.equal(await headline(page), SAMPLE_HEADLINE);
    assert.equal((await textsOf(page, 'article p.paragraph')).length, 13);
    if (name === 'photo.txt') await screenshot(page, 'bad-file-error');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    assert.equal(await notice.count(), 0);
    await page.close();
  });
}

test('a 50 MB file is refused unread and the open article stays', async () => {
  const page = await openPage(browser.context, `${server.origin}/`);
  await page.setInputFiles('#file-input', await scratchFile('huge.txt', Buffer.alloc(50 * 1024 * 1024, 'a')));
  const notice = page.getByRole('alert');
  await notice.waitFor();
  assert.match(await notice.textContent(), /too large \(50\.0 MB\)/);
  assert.equal(await headline(page), SAMPLE_HEADLINE);
  await page.close();
});

/** Holds back the wasm modules named by `pattern` until `release()` is called. */
async function hold(page, pattern) {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(pattern, async (route) => { await held; await route.continue(); });
  return release;
}
const PAGE_MODULE = /article-annotator-[0-9a-f]+_bg\.wasm$/;
const WORKER_MODULE = /engine-worker_bg\.wasm/;

/** The article blocks the page shows, where, and what else. */
const shownArticle = (page) => page.evaluate(() => ({
  headlines: [...document.querySelectorAll('.headline')].filter((h) => h.checkVisibility()).map((h) => h.textContent),
  blocks: [...document.querySelectorAll('.article .block-text')].map((b) => b.textContent),
  tops: [...document.querySelectorAll('.article .block-text')].map((b) => Math.round(b.getBoundingClientRect().top)),
  buttons: document.querySelectorAll('button').length,
  enabled: document.querySelectorAll('button:not(:disabled)').length,
  firstPaint: Boolean(document.getElementById('first-paint')),
}));

for (const [width, height] of [[1280, 800], [800, 900], [375, 812]]) {
  test(`the sample shows before the page module has arrived, and the live article takes its place without moving (${width} px)`, async () => {
    const page = await openPage(browser.context);
    await page.setViewportSize({ width, height });
    const releasePage = await hold(page, PAGE_MODULE);
    // The engines too, until the article's place is measured: marks may add a glyph and wrap a line.
    const releaseWorker = await hold(page, WORKER_MODULE);
    await page.goto(`${server.origin}/`);
    await page.getByText('Loading the annotator…').waitFor();
    const first = await shownArticle(page);
    assert.deepEqual(first.headlines, [SAMPLE_HEADLINE], 'the headline is on screen');
    assert.equal(first.blocks.at(-1), SAMPLE.trim().split(/\n\s*\n/).at(-1).trim(), 'down to the last paragraph');
    assert.ok(first.buttons > 0);
    assert.equal(first.enabled, 0, 'no control that would do nothing yet');
    await screenshot(page, `first-paint-${width}`);
    releasePage();
    await page.waitForSelector('#article .headline');
    const live = await shownArticle(page);
    releaseWorker();
    assert.equal(live.firstPaint, false, 'the first paint is gone');
    assert.deepEqual(live.headlines, [SAMPLE_HEADLINE], 'one article on the page');
    assert.deepEqual(live.blocks, first.blocks, 'the same text');
    assert.deepEqual(live.tops, first.tops, 'nothing moved');
    assert.ok(live.enabled > 0, 'the controls work');
    assert.equal(await page.getByText('Loading the annotator…').count(), 0);
    await waitForEngines(page);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('a shared link never shows the sample first', async () => {
  const page = await openPage(browser.context);
  const release = await hold(page, PAGE_MODULE);
  const text = 'Harbour reopens\n\nThe harbour reopened on Monday, the port authority said.';
  const backup = { format: 'article-annotator-backup', version: 2, name: 'harbour.txt', title: 'Harbour reopens', text,
    source_format: 'plain_text', blocks: plainTextBlocks(text), layer: { annotations: {}, orphans: {}, title: null } };
  const fragment = deflateRawSync(Buffer.from(JSON.stringify(backup))).toString('base64url');
  await page.goto(`${server.origin}/#share=${fragment}`);
  await page.getByText('Opening the shared article…').waitFor();
  assert.deepEqual((await shownArticle(page)).headlines, [], 'no headline while the link is opened');
  assert.equal(await page.getByText('Loading the annotator…').isVisible(), false);
  release();
  await page.waitForFunction(() => document.querySelector('#article .headline')?.textContent === 'Harbour reopens');
  const live = await shownArticle(page);
  assert.deepEqual(live.headlines, ['Harbour reopens']);
  assert.equal(live.firstPaint, false);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('without script the sample still reads, and nothing claims to be loading', async () => {
  const page = await openPage(browser.context);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
  await page.goto(`${server.origin}/`);
  assert.deepEqual((await shownArticle(page)).headlines, [SAMPLE_HEADLINE]);
  assert.equal(await page.getByText('Loading the annotator…').isVisible(), false);
  await page.close();
});

test('the page reads well at phone width and in the dark scheme, with visible focus', async () => {
  const page = await openPage(browser.context);
  await page.setViewportSize({ width: 375, height: 812 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${server.origin}/`);
  await page.waitForSelector('#article .headline');
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    background: getComputedStyle(document.body).backgroundColor,
  }));
  assert.ok(widths.page <= widths.viewport, `no sideways scrolling at phone width (${widths.page} > ${widths.viewport})`);
  assert.equal(widths.background, 'rgb(23, 24, 27)', 'the dark scheme follows the system setting');
  await screenshot(page, 'sample-phone-dark', { fullPage: false });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const focus = await page.evaluate(() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return { text: element.textContent, outline: style.outlineStyle, width: style.outlineWidth };
  });
  assert.equal(focus.text, 'Sample article');
  assert.equal(focus.outline, 'solid', 'keyboard focus is visible');
  assert.equal(focus.width, '3px');
  await page.close();
});

test('the single-file app opens from disk and shows the sample', async () => {
  const single = join(DIST, 'article-annotator.html');
  const page = await openPage(browser.context, pathToFileURL(single).href);
  assert.equal(await headline(page), SAMPLE_HEADLINE);
  assert.equal((await textsOf(page, 'article p.paragraph')).length, 13);
  // The engine worker starts from a Blob URL of the inlined script and marks the article there
  // too: quotes with their speakers, and names (the model is inlined as well).
  await page.waitForSelector('#article mark[data-kind="quote"]', { timeout: 20000 });
  await page.waitForSelector('#article mark[data-kind="person"]', { timeout: 20000 });
  await page.locator('[data-testid="analysing"]').waitFor({ state: 'detached' });
  assert.ok((await textsOf(page, '.speaker h3')).join(' ').includes('Jens Stoltenberg'));
  assert.deepEqual(page.requests.filter((url) => !/^(file|data|blob):/.test(url)), []);
  assert.deepEqual(page.errors, []);
  await screenshot(page, 'single-file-from-disk');
  await page.close();
});
