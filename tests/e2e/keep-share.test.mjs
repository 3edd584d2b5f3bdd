// Keeping and sharing, as readers meet them: work survives reloads, two tabs, a full store and a
// damaged entry; exports import into a fresh browser; share links open in a fresh browser; hostile
// imports and links run nothing and change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveStatic, launchBrowser, openPage, screenshot, ROOT, w3cChecker } from './harness.mjs';
import {
  waitForEngines, dragSelect, marks, waitForSaved, holdStoreLock, queueStoreLock, storedArticle,
  liveAnnotations, storageEventGate, holdStorageEvents, heardOf, releaseStorageEvents, lockClientId,
} from './annotate-helpers.mjs';

let server;
let scratch;
const browsers = [];

before(async () => {
  server = await serveStatic();
  scratch = await mkdtemp(join(tmpdir(), 'annotator-keep-'));
});
after(async () => {
  for (const browser of browsers) await browser.close();
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

/** A new browser with an empty profile (a colleague's machine). */
async function freshBrowser() {
  const browser = await launchBrowser();
  browsers.push(browser);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await browser.context.addInitScript(storageEventGate);
  return browser;
}

async function openApp(browser, path = '/') {
  const page = await openPage(browser.context, `${server.origin}${path}`);
  await waitForEngines(page);
  return page;
}

/** Highlights `needle` and gives it a note; returns the highlight's id. */
async function annotate(page, needle, note, color = 'yellow') {
  await dragSelect(page, needle);
  await page.getByRole('button', { name: `Highlight ${color}` }).click();
  const card = page.getByRole('dialog', { name: 'Annotation' });
  await card.getByLabel('Note').fill(note);
  await card.getByRole('button', { name: 'Save' }).click();
  await page.keyboard.press('Escape');
  const mark = page.locator(`#article mark[data-kind="highlight"][data-color="${color}"]`).first();
  return mark.getAttribute('data-id');
}

/** The reader's annotations as shown: kind, text and note, sorted. */
async function readerWork(page) {
  await page.getByRole('tab', { name: 'Notes' }).click();
  const items = await page.locator('.note-item').evaluateAll((nodes) => nodes.map((n) => n.textContent));
  return items.sort();
}

async function download(page, buttonName) {
  await page.getByRole('tab', { name: 'Share' }).click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: buttonName }).click()]);
  const path = join(scratch, `${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return path;
}

async function importFile(page, path, { confirm = true } = {}) {
  await page.getByRole('tab', { name: 'Share' }).click();
  await page.setInputFiles('#import-input', path);
  const review = page.getByRole('dialog', { name: 'Review the import' });
  await review.waitFor();
  const text = await review.textContent();
  if (confirm) await review.getByRole('button', { name: 'Import' }).click();
  return text;
}

test('annotations are saved as the reader works and come back after a reload', async () => {
  const browser = await freshBrowser();
  const page = await openApp(browser);
  await annotate(page, 'partner countries', 'Which ones? 👍 עברית 中文');
  // Rejecting an engine mark is kept too.
  await page.locator('#article mark[data-kind="person"]').first().click();
  const rejected = await page.getByRole('dialog', { name: 'Annotation' }).locator('.card-title').textContent();
  const mentions = (await marks(page)).filter((m) => m.label === rejected).length;
  await page.getByRole('button', { name: 'Reject' }).click();
  await waitForSaved(page);
  await page.reload();
  await waitForEngines(page);
  assert.deepEqual((await readerWork(page)).length, 1);
  assert.match((await readerWork(page))[0], /Which ones\? 👍 עברית 中文/);
  const labels = (await marks(page)).map((m) => m.label);
  assert.equal(labels.filter((l) => l === rejected).length, mentions - 1, `one "${rejected}" mark fewer than the engines find`);
  // The library lists it.
  await page.getByRole('tab', { name: 'Library' }).click();
  assert.match(await page.locator('.library-item').first().textContent(), /NATO FMs agree to step up cooperation with EU/);
  await page.close();
});

test('two tabs on the same article keep the changes of both', async () => {
  const browser = await freshBrowser();
  const first = await openApp(browser);
  const second = await openApp(browser);
  // Both annotate while another tab saves (the lock is held); neither takes in the other's save
  // before its own (a storage event may come late): the second to save must merge what the
  // first wrote. Its turn comes once the first's write has reached it (see queueStoreLock).
  const lock = await holdStoreLock(browser.context, server.origin);
  await holdStorageEvents(first);
  await holdStorageEvents(second);
  await annotate(first, 'increased military mobility', 'from the first tab', 'green');
  // The first tab's own save waits before the place kept for the second's turn.
  await lock.waitingFrom(await lockClientId(first));
  const turn = await queueStoreLock(browser.context, server.origin);
  await annotate(second, 'counter-terrorism operations', 'from the second tab', 'blue');
  await lock.waitingFrom(await lockClientId(second));
  await lock.release();
  await waitForSaved(first);
  await turn.granted();
  await heardOf(second);
  await turn.release();
  await waitForSaved(second);
  // Before any reload, read from a page that is not the app once the second tab's write is
  // there: both notes are in the store.
  const written = await storedArticle(second);
  const outside = await browser.context.newPage();
  await outside.goto(`${server.origin}/not-the-app`);
  await outside.waitForFunction(([key, raw]) => localStorage.getItem(key) === raw, [written.key, written.raw], { timeout: 10000 });
  const notes = Object.values(liveAnnotations(await storedArticle(outside))).map((a) => a.note).sort();
  assert.deepEqual(notes, ['from the first tab', 'from the second tab']);
  await outside.close();
  await releaseStorageEvents(first);
  await releaseStorageEvents(second);
  await first.waitForFunction(() => document.querySelector('#article mark[data-color="blue"]'), null, { timeout: 5000 });
  await first.close();
  await second.close();
  const page = await openApp(browser);
  const work = (await readerWork(page)).join('\n');
  assert.match(work, /from the first tab/);
  assert.match(work, /from the second tab/);
  await page.close();
});

test('a full store is reported, the work stays in the tab and can be exported', async () => {
  const browser = await freshBrowser();
  const page = await openApp(browser);
  // Fill the quota with junk first.
  await page.evaluate(() => {
    const chunk = 'x'.repeat(512 * 1024);
    for (let i = 0; ; i += 1) {
      try { localStorage.setItem(`junk-${i}`, chunk); } catch { break; }
    }
    let small = 'x'.repeat(4096);
    for (let i = 0; small.length > 1; i += 1) {
      try { localStorage.setItem(`junk-small-${i}`, small); } catch { small = small.slice(0, small.length / 2); }
    }
  });
  await annotate(page, 'partner countries', 'kept in memory');
  await page.getByRole('alert').filter({ hasText: /storage for this page is full/ }).waitFor({ timeout: 5000 });
  assert.equal(await page.locator('#article mark[data-kind="highlight"]').count(), 1, 'the annotation stays on the page');
  const backup = JSON.parse(await readFile(await download(page, 'Backup (.json)'), 'utf8'));
  assert.deepEqual(Object.values(backup.layer.annotations).map((r) => r.value.note), ['kept in memory']);
  await screenshot(page, 'storage-full');
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('junk-')).forEach((k) => localStorage.removeItem(k)));
  await page.close();
});

test('a damaged saved entry is kept aside, reported, and the article still opens', async () => {
  const browser = await freshBrowser();
  const before = await openApp(browser);
  await annotate(before, 'partner countries', 'before damage');
  await waitForSaved(before);
  const key = await before.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith('article-annotator/article/')));
  await before.close();
  // The damage happens outside the app (another program, a bad disk).
  const outside = await browser.context.newPage();
  await outside.goto(`${server.origin}/not-the-app`);
  await outside.evaluate((k) => localStorage.setItem(k, '{"schema":2,"text":"damaged'), key);
  await outside.close();
  const page = await openApp(browser);
  await page.getByRole('alert').filter({ hasText: /could not be read/ }).waitFor();
  const kept = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('article-annotator/quarantine/')));
  assert.equal(kept.length, 1);
  assert.equal(kept[0][1], '{"schema":2,"text":"damaged', 'the raw value is kept as it was');
  assert.ok(await page.locator('#article mark[data-kind="quote"]').count() > 0, 'the article is annotated');
  await page.close();
});

test('an export imports into a fresh browser with the same annotations (W3C and backup)', async () => {
  const browser = await freshBrowser();
  const page = await openApp(browser);
  await annotate(page, 'partner countries', 'Check the list <b>now</b>', 'pink');
  await annotate(page, 'women\'s role', 'Gender: which measures?', 'green');
  const before = await readerWork(page);
  const w3cPath = await download(page, 'W3C JSON-LD');
  const backupPath = await download(page, 'Backup (.json)');
  // The app's W3C export passes the annotation-model MUSTs.
  const checker = w3cChecker('tests/e2e/keep-share.test.mjs: the W3C MUSTs of an export');
  if (checker) assert.match(execFileSync('python3', [checker, w3cPath]).toString(), /, 0 failed/);
  for (const path of [w3cPath, backupPath]) {
    const colleague = await freshBrowser();
    const other = await openApp(colleague);
    const review = await importFile(other, path);
    assert.match(review, /2 new/);
    assert.deepEqual(await readerWork(other), before);
    await other.close();
  }
  await page.close();
});

test('a share link opens the annotated article in a fresh browser, which can keep it', async () => {
  const browser = await freshBrowser();
  const page = await openApp(browser);
  await page.getByRole('button', { name: 'Paste text' }).click();
  await page.getByLabel(/Paste the article/).fill('Storm hits the coast\n\n“It was terrifying,” said Mayor Ana López of Valencia.\n\nWinds reached 120 km/h.');
  await page.getByRole('button', { name: 'Open pasted text' }).click();
  // The pasted article first (the sample's marks would satisfy the engines' wait), then its marks.
  await page.waitForFunction(() => document.querySelector('#article .headline')?.textContent === 'Storm hits the coast');
  await waitForEngines(page);
  await annotate(page, 'Winds reached', 'Source for the speed?');
  await page.getByRole('tab', { name: 'Share' }).click();
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.getByText(/Share link copied/).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /#share=/);
  const colleague = await freshBrowser();
  const other = await openPage(colleague.context, link);
  await waitForEngines(other);
  assert.equal((await other.textContent('#article .headline')).trim(), 'Storm hits the coast');
  assert.match((await readerWork(other)).join(), /Source for the speed\?/);
  const quote = (await marks(other, '#article mark[data-kind="quote"]'))[0];
  assert.equal(quote.label, 'quote by Ana López');
  // The recipient annotates: it is saved to their library.
  await annotate(other, 'terrifying', 'agree');
  await waitForSaved(other);
  await other.getByRole('tab', { name: 'Library' }).click();
  assert.match(await other.locator('.library-item').first().textContent(), /Storm hits the coast/);
  await page.close();
  await other.close();
});

test('hostile imports and links run nothing and change nothing', async () => {
  const browser = await freshBrowser();
  const page = await openApp(browser);
  const beforeMarks = await page.locator('#article mark').count();
  const hostile = join(scratch, 'hostile.jsonld');
  await writeFile(hostile, JSON.stringify({
    '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationPage', items: [
      { type: 'Annotation', body: { type: 'TextualBody', purpose: 'commenting', value: '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>' },
        target: { selector: [{ type: 'TextQuoteSelector', exact: 'partner countries' }, { type: 'TextPositionSelector', start: 99999999999, end: -3 }] } },
      { type: 'Annotation', target: { selector: { type: 'TextPositionSelector', start: 1e308, end: 1e309 } } },
      { type: 'Annotation', target: { selector: { type: 'TextQuoteSelector', exact: 'words that are nowhere in the article' } } },
    ],
  }));
  // Reviewing and cancelling changes nothing.
  const review = await importFile(page, hostile, { confirm: false });
  assert.match(review, /1 new/);
  assert.match(review, /1 that cannot be placed/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.locator('#article mark').count(), beforeMarks);
  // Confirming places the good one, keeps the orphan, runs nothing.
  await importFile(page, hostile);
  await page.getByRole('heading', { name: 'Not placed (orphans)' }).waitFor();
  assert.match(await readerWork(page).then((w) => w.join()), /<img src=x onerror="window.pwned=1"><script>/);
  assert.equal(await page.locator('#article img, .side-panel img, .side-panel script').count(), 0);
  // Not JSON, a 100 MB file, deep nesting: a message each, nothing changed.
  const notJson = join(scratch, 'not.json');
  await writeFile(notJson, 'this is { not json');
  const deep = join(scratch, 'deep.json');
  await writeFile(deep, '['.repeat(100000) + ']'.repeat(100000));
  const huge = join(scratch, 'huge.json');
  await writeFile(huge, Buffer.alloc(100 * 1024 * 1024, ' '));
  const count = await page.locator('#article mark').count();
  for (const [path, message] of [[notJson, /not valid JSON/], [deep, /not valid JSON/], [huge, /too large/]]) {
    await page.getByRole('tab', { name: 'Share' }).click();
    await page.setInputFiles('#import-input', path);
    const alert = page.getByRole('alert').filter({ hasText: message });
    await alert.waitFor();
    assert.match(await alert.textContent(), /Nothing was changed|too large/);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
  }
  assert.equal(await page.locator('#article mark').count(), count);
  // Hostile links: garbage, a bomb, script in the fragment.
  for (const fragment of ['share=%3Cscript%3Ewindow.pwned%3D3%3C%2Fscript%3E', 'share=AAAA', `share=${'A'.repeat(5000)}`]) {
    const other = await openPage(browser.context, `${server.origin}/#${fragment}`);
    await other.getByRole('alert').filter({ hasText: /share link/ }).waitFor();
    assert.equal((await other.textContent('#article .headline')).trim(), 'NATO FMs agree to step up cooperation with EU');
    assert.equal(await other.evaluate(() => window.pwned), undefined);
    await other.close();
  }
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.close();
});

test('the annotated page opens from disk with its annotations; the print version has no script', async () => {
  const browser = await freshBrowser();
  const page = await openApp(browser);
  await annotate(page, 'partner countries', 'carried in the file');
  const htmlPath = await download(page, 'Annotated page (.html)');
  const printPath = await download(page, 'Print version (.html)');
  const printed = await readFile(printPath, 'utf8');
  // No script runs in it: its one <script> is the inert JSON block carrying the backup (which
  // "Open file" reads back).
  assert.deepEqual(printed.match(/<script[^>]*>/gi), ['<script type="application/json" id="embedded-article">']);
  assert.match(printed, /<mark data-kind="highlight"/);
  const colleague = await freshBrowser();
  const fromDisk = await openPage(colleague.context, pathToFileURL(htmlPath).href);
  await waitForEngines(fromDisk);
  assert.match((await readerWork(fromDisk)).join(), /carried in the file/);
  assert.deepEqual(fromDisk.requests.filter((u) => !/^(file|data|blob):/.test(u)), []);
  await screenshot(fromDisk, 'annotated-page-from-disk');
  // The library: rename, delete with undo.
  await waitForSaved(page);
  await page.getByRole('tab', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Rename' }).first().click();
  await page.getByLabel('New title').fill('My NATO notes');
  await page.getByLabel('New title').press('Enter');
  await page.getByText('My NATO notes').waitFor();
  await page.getByRole('button', { name: 'Delete' }).last().click();
  await page.waitForFunction(() => document.querySelectorAll('.library-item').length === 0);
  await page.getByRole('button', { name: 'Undo' }).last().click();
  await page.getByText('My NATO notes').waitFor();
  assert.match(await page.locator('.library-space').textContent(), /about \d+ KB of roughly \d+ KB/);
  await page.close();
  await fromDisk.close();
});
