// Files reopen as what they are, and imports say what differs: the app's own annotated page and
// print version, chosen with "Open file…" or dropped, open as the article with the reader's work
// (also an annotated page of an earlier version); a print version of an earlier version says its
// annotations cannot be read back; a W3C import of renamed mentions shows the names that differ
// and adds no mark by default, and a mark rejected here stays rejected.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic, launchBrowser, openPage, screenshot, ROOT } from './harness.mjs';
import { waitForEngines, dragSelect, waitForSaved } from './annotate-helpers.mjs';

const ARTICLE = [
  'Harbour reopens after the storm',
  'By Ana López',
  'The harbour of Valencia reopened on Tuesday, the port authority said.',
  '“We are ready for the boats,” said Ana López, who runs the port for the European Union agency.',
  'The EU said the repairs cost 12 million euros.',
].join('\n\n');
const HEADLINE = 'Harbour reopens after the storm';

let server;
let scratch;
const browsers = [];

before(async () => {
  server = await serveStatic();
  scratch = await mkdtemp(join(tmpdir(), 'annotator-reopen-'));
});
after(async () => {
  for (const browser of browsers) await browser.close();
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

/** A browser with an empty profile: another reader's machine. */
async function freshBrowser() {
  const browser = await launchBrowser();
  browsers.push(browser);
  return browser;
}

async function openApp(browser) {
  const page = await openPage(browser.context, `${server.origin}/`);
  await waitForEngines(page);
  return page;
}

const cardOf = (page) => page.getByRole('dialog', { name: 'Annotation' });
const headline = async (page) => (await page.textContent('#article .headline')).trim();

/** Opens ARTICLE through the paste box and waits for its marks. */
async function openArticle(page) {
  await page.getByRole('button', { name: 'Paste text' }).click();
  await page.locator('#paste-box').fill(ARTICLE);
  await page.getByRole('button', { name: 'Open pasted text' }).click();
  await page.waitForFunction((h) => document.querySelector('#article .headline')?.textContent === h, HEADLINE);
  await waitForEngines(page);
}

/** Highlights `needle` with a note; the card is closed after. */
async function annotate(page, needle, note) {
  await dragSelect(page, needle);
  await page.getByRole('button', { name: 'Highlight green' }).click();
  await cardOf(page).getByLabel('Note').fill(note);
  await page.keyboard.press('Escape');
}

/** Rejects the engine's mark of `kind` on `words`. */
async function reject(page, kind, words) {
  await page.locator(`#article mark[data-kind="${kind}"]`, { hasText: words }).first().click();
  await cardOf(page).getByRole('button', { name: 'Reject' }).click();
}

async function download(page, buttonName) {
  await page.getByRole('tab', { name: 'Share' }).click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: buttonName }).click()]);
  const path = join(scratch, `${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return path;
}

/** The notes listed in the Notes panel. */
async function notes(page) {
  await page.getByRole('tab', { name: 'Notes' }).click();
  return page.locator('.note-item').evaluateAll((nodes) => nodes.map((n) => n.textContent));
}

/** Drops the file at `path` on the page, as a reader drags it from their desktop. */
async function drop(page, path, type = 'text/html') {
  const base64 = (await readFile(path)).toString('base64');
  const name = path.split('/').at(-1);
  const transfer = await page.evaluateHandle(([data, fileName, fileType]) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], fileName, { type: fileType }));
    return transfer;
  }, [base64, name, type]);
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
}

/** What a reader sees of the article's work: headline, notes, and the quote marks. */
async function work(page) {
  await page.waitForFunction((h) => document.querySelector('#article .headline')?.textContent === h, HEADLINE);
  await waitForEngines(page);
  return {
    headline: await headline(page),
    notes: await notes(page),
    quotes: await page.locator('#article mark[data-kind="quote"]').count(),
  };
}

test("the app's own annotated page and print version, chosen or dropped, open as the article with the reader's work", async () => {
  const author = await openApp(await freshBrowser());
  await openArticle(author);
  await annotate(author, 'repairs cost', 'Check the figure');
  await reject(author, 'quote', 'We are ready');
  await waitForSaved(author);
  assert.equal(await author.locator('#article mark[data-kind="quote"]').count(), 0);
  const annotated = await download(author, 'Annotated page (.html)');
  const print = await download(author, 'Print version (.html)');
  const printed = await readFile(print, 'utf8');
  assert.deepEqual(printed.match(/<script[^>]*>/gi), ['<script type="application/json" id="embedded-article">'],
    'the print version runs no script: its one script element is the inert backup');

  const expected = { headline: HEADLINE, notes: [expect.note], quotes: 0 };
  for (const [file, how] of [[annotated, 'chosen'], [print, 'dropped'], [annotated, 'dropped'], [print, 'chosen']]) {
    const reader = await openApp(await freshBrowser());
    if (how === 'chosen') await reader.setInputFiles('#file-input', file);
    else await drop(reader, file);
    const seen = await work(reader);
    assert.equal(seen.headline, expected.headline, `${how} ${file}`);
    assert.equal(seen.quotes, 0, `the rejected quote stays rejected (${how} ${file})`);
    assert.equal(seen.notes.length, 1);
    assert.match(seen.notes[0], /Check the figure/);
    assert.match(await reader.getByTestId('notice').textContent(), /exported by Article Annotator/);
    // Kept in this browser: the work is there after a reload.
    await waitForSaved(reader);
    await reader.reload();
    await reader.waitForSelector('#article .headline');
    await reader.getByRole('tab', { name: 'Library' }).click();
    await reader.locator('.library-item', { hasText: HEADLINE }).getByRole('button', { name: 'Open', exact: true }).click();
    assert.match((await work(reader)).notes.join(), /Check the figure/);
    await reader.close();
  }
  await author.close();
});
const expect = { note: 'Check the figure' };

test('an annotated page of an earlier version opens with its work; an old print version says what it cannot bring', async () => {
  // Every version wrote the backup into the same element; the first wrote backups of format 1.
  const oldBackup = (await readFile(join(ROOT, 'tests/fixtures/backup-v1.json'), 'utf8')).trim();
  const oldPage = join(scratch, 'storm.annotated.html');
  await writeFile(oldPage, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Article Annotator</title>
<meta name="article-annotator-build" content="single-file"></head><body><noscript>Article Annotator needs JavaScript.</noscript>
<script type="application/json" id="embedded-article">${oldBackup}</script>
</body></html>`);
  const reader = await openApp(await freshBrowser());
  await reader.setInputFiles('#file-input', oldPage);
  await reader.waitForFunction(() => document.querySelector('#article .headline')?.textContent === 'Storm hits the coast');
  assert.match((await notes(reader)).join(), /Check the wind speed/);

  // A print version made before print versions carried a backup: the article opens, and the
  // reader is told its annotations cannot be read back (not guessed from the marks).
  const author = await openApp(await freshBrowser());
  await openArticle(author);
  await annotate(author, 'repairs cost', 'Only on paper');
  const print = await readFile(await download(author, 'Print version (.html)'), 'utf8');
  const oldPrint = join(scratch, 'old.print.html');
  await writeFile(oldPrint, print.replace(/<script type="application\/json" id="embedded-article">[^<]*<\/script>\n?/, ''));
  await reader.setInputFiles('#file-input', oldPrint);
  await reader.waitForFunction((h) => document.querySelector('#article .headline')?.textContent === h, HEADLINE);
  assert.match(await reader.getByTestId('notice').textContent(), /print version made by an earlier version.*carries no annotations that can be read back/);
  assert.deepEqual(await notes(reader), []);
  await screenshot(reader, 'old-print-version-opened');
  await reader.close();
  await author.close();
});

test('a W3C import of renamed mentions shows the names that differ, adds no mark by default, and keeps a rejection', async () => {
  const author = await openApp(await freshBrowser());
  await openArticle(author);
  // The author renames the EU (every mention) and keeps the quote.
  await author.locator('#article mark[data-kind="organisation"]', { hasText: 'EU' }).first().click();
  await cardOf(author).getByLabel('Entity').fill('European Union (EU)');
  await cardOf(author).getByRole('button', { name: 'Rename all mentions' }).click();
  await author.keyboard.press('Escape');
  const w3c = await download(author, 'W3C JSON-LD');
  assert.match(await readFile(w3c, 'utf8'), /"aa:notCarried"/);

  const reader = await openApp(await freshBrowser());
  await openArticle(reader);
  await reject(reader, 'quote', 'We are ready');
  const marksBefore = await reader.locator('#article mark').count();
  await reader.getByRole('tab', { name: 'Share' }).click();
  await reader.setInputFiles('#import-input', w3c);
  const review = reader.getByRole('dialog', { name: 'Review the import' });
  await review.waitFor();
  const text = await review.textContent();
  assert.match(text, /cannot carry marks rejected/, 'the review says what W3C cannot carry');
  assert.match(text, /1 mark you rejected here/);
  const conflicts = review.locator('fieldset.conflict:not(.rejected-here)');
  assert.ok(await conflicts.count() >= 1, text);
  for (const conflict of await conflicts.all()) {
    const row = conflict.locator('tr', { hasText: 'Name' });
    // The name here (the engines' grouping) beside the name in the file (the author's rename).
    assert.match(await row.textContent(), /^Name(European Union|EU)European Union \(EU\)$/);
    assert.equal(await conflict.getByLabel('Keep mine').isChecked(), true, 'nothing changes unless chosen');
  }
  await conflicts.first().scrollIntoViewIfNeeded();
  await screenshot(reader, 'import-review-differences');
  await review.getByRole('button', { name: 'Import' }).click();
  await review.waitFor({ state: 'detached' });
  assert.equal(await reader.locator('#article mark').count(), marksBefore, 'no mark added over another');
  assert.equal(await reader.locator('#article mark[data-kind="quote"]').count(), 0, 'the rejected quote stays rejected');

  // Taking theirs renames the mentions in place; bringing the rejected quote back shows it once.
  await reader.setInputFiles('#import-input', w3c);
  await review.waitFor();
  await review.getByRole('button', { name: 'Take all theirs' }).or(review.getByLabel('Take theirs')).first().click();
  await review.getByLabel('Bring them back').check();
  await review.getByRole('button', { name: 'Import' }).click();
  await review.waitFor({ state: 'detached' });
  await reader.waitForFunction(() => [...document.querySelectorAll('#article mark[data-kind="organisation"]')]
    .some((m) => (m.getAttribute('aria-label') || '').includes('European Union (EU)')));
  assert.equal(await reader.locator('#article mark[data-kind="quote"]').count(), 1);
  await reader.close();
  await author.close();
});
