// The reader's work is never lost and never comes back from the dead: deletions and undos stick,
// two tabs working at once (both before either has saved: a third page holds the store's lock)
// keep each other's work and undos, a tab closed before the other saves keeps its work, typed
// notes survive reloads and crashes, a deleted article stays deleted, damaged and newer entries
// are kept, and exports and imports keep orphans and say what they cut. Every scenario ends with a
// reload (or a crash) and checks what the reader sees.
//
// Two tabs: each tab's storage events are held back while both work (a browser may deliver one
// after the tab's own save has begun; see storageEventGate), the second tab's save has its turn
// once that tab has the first one's write (see queueStoreLock), and the store is read from a page
// that is not the app as soon as both have saved, before any reload: what it holds is then what
// the saves themselves merged, not a repair by a later storage event and a save again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic, launchBrowser, openPage, screenshot, ROOT, plainTextBlocks, w3cChecker } from './harness.mjs';
import {
  waitForEngines, dragSelect, caretBefore, waitForSaved, crash, holdStoreLock, queueStoreLock,
  storedEntries, storedArticle, liveAnnotations, liveRenames, storageEventGate, holdStorageEvents,
  heardOf, releaseStorageEvents, lockClientId,
} from './annotate-helpers.mjs';

const SAMPLE = await readFile(join(ROOT, 'assets/samples/nato-eu-cooperation.txt'), 'utf8');
const SAMPLE_KEY = `article-annotator/article/${createHash('sha256').update(SAMPLE).digest('hex').slice(0, 16)}`;
let server;
let scratch;
const browsers = [];

before(async () => {
  server = await serveStatic();
  scratch = await mkdtemp(join(tmpdir(), 'annotator-work-'));
});
after(async () => {
  for (const browser of browsers) await browser.close();
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

/** A browser with an empty profile (its pages can hold back their storage events). */
async function freshBrowser() {
  const browser = await launchBrowser();
  browsers.push(browser);
  await browser.context.addInitScript(storageEventGate);
  return browser;
}

async function openApp(browser) {
  const page = await openPage(browser.context, `${server.origin}/`);
  await waitForEngines(page);
  return page;
}

const cardOf = (page) => page.getByRole('dialog', { name: 'Annotation' });

/** Highlights `needle` in `color` with the mouse; returns the new highlight's id (card closed). */
async function highlight(page, needle, color = 'yellow') {
  const before = new Set(await page.$$eval('#article mark[data-kind="highlight"]', (ms) => ms.map((m) => m.dataset.id)));
  await dragSelect(page, needle);
  await page.getByRole('button', { name: `Highlight ${color}` }).click();
  await cardOf(page).waitFor();
  await page.keyboard.press('Escape');
  const ids = await page.$$eval('#article mark[data-kind="highlight"]', (ms) => ms.map((m) => m.dataset.id));
  return ids.find((id) => !before.has(id));
}

/** Highlights `needle` and types a note in its card (saved as typed); returns the id. */
async function annotate(page, needle, note, color = 'yellow') {
  const id = await highlight(page, needle, color);
  await page.locator(`#article mark[data-id="${id}"]`).first().click();
  await cardOf(page).getByLabel('Note').fill(note);
  await page.keyboard.press('Escape');
  return id;
}

/** The notes of the Notes panel, sorted. */
async function notes(page) {
  await page.getByRole('tab', { name: 'Notes' }).click();
  const items = await page.locator('.note-item').evaluateAll((nodes) => nodes.map((n) => n.textContent));
  return items.sort();
}

const markCount = (page, selector) => page.locator(selector).count();

async function reload(page) {
  await page.reload();
  await waitForEngines(page);
}

async function outsidePage(browser) {
  const page = await browser.context.newPage();
  await page.goto(`${server.origin}/not-the-app`);
  return page;
}

/** The stored entry of the sample, read from a page that is not the app. */
async function storedFromOutside(browser) {
  const outside = await outsidePage(browser);
  const stored = await storedArticle(outside);
  await outside.close();
  return stored;
}

/**
 * The stored entry of the sample as `tab` last wrote it, read from a page that is not the app
 * once that write has reached it.
 */
async function storeAsWrittenBy(browser, tab) {
  const written = await storedArticle(tab);
  const outside = await outsidePage(browser);
  await outside.waitForFunction(([key, raw]) => localStorage.getItem(key) === raw, [written.key, written.raw], { timeout: 10000 });
  const stored = await storedArticle(outside);
  await outside.close();
  return stored;
}

/**
 * Lets the saves waiting behind `lock` run, `first`'s, then — once `second` has the store as
 * `first` left it — `second`'s, in the place `turn` kept for it.
 */
async function saveInTurn(lock, turn, first, second) {
  const queued = await lock.queue();
  await lock.release();
  try {
    await waitForSaved(first);
  } catch (error) {
    // Say what the first tab showed and who waited for the store, in what order.
    const status = await first.locator('[data-testid="save-status"]').textContent().catch(() => '?');
    const [firstId, secondId] = [await lockClientId(first), await lockClientId(second)];
    throw new Error(`${error.message}\nfirst tab ${firstId} shows "${status}"; second ${secondId}; the store's lock before release: ${JSON.stringify(queued)}`);
  }
  await turn.granted();
  await heardOf(second);
  await turn.release();
  await waitForSaved(second);
}

/** The live highlights of a stored entry: `colour text`, sorted. */
const storedHighlights = (stored) => Object.values(liveAnnotations(stored))
  .filter((a) => a.kind === 'highlight')
  .map((a) => `${a.color} ${[...SAMPLE].slice(a.span.start, a.span.end).join('')}`).sort();

/** The live notes of a stored entry, sorted. */
const storedNotes = (stored) => Object.values(liveAnnotations(stored)).map((a) => a.note).filter(Boolean).sort();

/** Whether a stored entry holds a live rejection of the engine mark `id`. */
const rejectedIn = (stored, id) => stored.value.layer.overrides[id]?.value?.action === 'rejected';

test('a deleted highlight, an undone highlight and a rejection stay that way after a reload and after a crash', async () => {
  const browser = await freshBrowser();
  let page = await openApp(browser);
  // The only highlight, deleted: a reload does not bring it back.
  const id = await annotate(page, 'partner countries', 'about to be deleted');
  await waitForSaved(page);
  await page.locator(`#article mark[data-id="${id}"]`).first().click();
  await cardOf(page).getByRole('button', { name: 'Delete' }).click();
  await waitForSaved(page);
  await reload(page);
  assert.equal(await markCount(page, '#article mark[data-kind="highlight"]'), 0, 'the deleted highlight stays deleted');
  // A highlight added then undone, then the tab crashes (no pagehide save to rely on).
  await highlight(page, 'increased military mobility');
  await waitForSaved(page);
  await page.keyboard.press('Control+z');
  await waitForSaved(page);
  await crash(page);
  page = await openApp(browser);
  assert.equal(await markCount(page, '#article mark[data-kind="highlight"]'), 0, 'the undone highlight stays undone');
  // A quote mark rejected, then the rejection undone.
  const quote = page.locator('#article mark[data-kind="quote"][data-first="true"]').first();
  const quoteId = await quote.getAttribute('data-id');
  await quote.click();
  await cardOf(page).getByRole('button', { name: 'Reject' }).click();
  await waitForSaved(page);
  await reload(page);
  assert.equal(await markCount(page, `#article mark[data-id="${quoteId}"]`), 0, 'the rejection is kept');
  await page.close();
});

test('undoing a rejection right away sticks after a reload', async () => {
  const browser = await freshBrowser();
  const page = await openApp(browser);
  const quote = page.locator('#article mark[data-kind="quote"][data-first="true"]').first();
  const quoteId = await quote.getAttribute('data-id');
  await quote.click();
  await cardOf(page).getByRole('button', { name: 'Reject' }).click();
  await waitForSaved(page);
  await page.keyboard.press('Control+z');
  await page.locator(`#article mark[data-id="${quoteId}"]`).first().waitFor();
  await waitForSaved(page);
  await reload(page);
  assert.ok(await markCount(page, `#article mark[data-id="${quoteId}"]`) > 0, 'the quote mark is back for good');
  await page.close();
});

test('a coloured highlight is taken back by one undo', async () => {
  const browser = await freshBrowser();
  const page = await openApp(browser);
  await highlight(page, 'two blocs', 'green');
  assert.equal(await markCount(page, '#article mark[data-color="green"]'), 1);
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => !document.querySelector('#article mark[data-kind="highlight"]'));
  assert.equal(await page.getByRole('button', { name: 'Undo' }).isDisabled(), true, 'nothing left to undo');
  await waitForSaved(page);
  await reload(page);
  assert.equal(await markCount(page, '#article mark[data-kind="highlight"]'), 0);
  await page.close();
});

test('two tabs: an undo in one is not undone by the other (a rejection, a rename, an import choice)', async () => {
  const browser = await freshBrowser();
  const a = await openApp(browser);
  const b = await openApp(browser);
  // A rejects a place mark; B hears of it.
  const place = a.locator('#article mark[data-kind="place"][data-first="true"]').first();
  const placeId = await place.getAttribute('data-id');
  await place.click();
  await cardOf(a).getByRole('button', { name: 'Reject' }).click();
  await waitForSaved(a);
  await b.waitForFunction((id) => !document.querySelector(`#article mark[data-id="${id}"]`), placeId);
  // A renames the EU for all its mentions; B hears of it.
  await a.locator('#article mark[data-kind="organisation"]', { hasText: /^EU$/ }).first().click();
  await cardOf(a).getByLabel('Entity').fill('EU (the bloc)');
  await cardOf(a).getByRole('button', { name: 'Rename all mentions' }).click();
  await a.keyboard.press('Escape');
  await waitForSaved(a);
  await b.waitForSelector('#article mark[aria-label="organisation: EU (the bloc)"]');
  // Now both work before either saves, and neither hears the other's save before its own: A
  // takes both back, B adds a highlight.
  const lock = await holdStoreLock(browser.context, server.origin);
  await holdStorageEvents(a);
  await holdStorageEvents(b);
  await a.getByRole('button', { name: 'Undo' }).click();
  await a.getByRole('button', { name: 'Undo' }).click();
  await a.locator(`#article mark[data-id="${placeId}"]`).first().waitFor();
  await lock.waitingFrom(await lockClientId(a));
  const turn = await queueStoreLock(browser.context, server.origin);
  await highlight(b, 'partner countries', 'blue');
  await lock.waitingFrom(await lockClientId(b));
  const unsaved = await storedFromOutside(browser);
  assert.ok(rejectedIn(unsaved, placeId), 'neither tab has saved yet');
  assert.deepEqual(storedHighlights(unsaved), []);
  await saveInTurn(lock, turn, a, b);
  // Before any reload, and before either tab has taken in the other's save: the store holds the
  // undos of A and the highlight of B, merged by B's save.
  const merged = await storeAsWrittenBy(browser, b);
  assert.equal(rejectedIn(merged, placeId), false, 'the rejection is undone in the store');
  assert.deepEqual(liveRenames(merged), [], 'the rename is undone in the store');
  assert.deepEqual(storedHighlights(merged), ['blue partner countries'], "B's highlight is in the store");
  await releaseStorageEvents(a);
  await releaseStorageEvents(b);
  for (const page of [a, b]) {
    await reload(page);
    assert.ok(await markCount(page, `#article mark[data-id="${placeId}"]`) > 0, 'the rejection stays undone');
    assert.equal(await markCount(page, '#article mark[aria-label="organisation: EU (the bloc)"]'), 0, 'the rename stays undone');
    assert.ok(await markCount(page, '#article mark[aria-label="organisation: European Union"]') > 0);
    assert.equal(await markCount(page, '#article mark[data-color="blue"]'), 1, "B's highlight is kept");
  }
  // An import's "take theirs" in A, while B still holds the old note.
  await annotate(a, 'women\'s role', 'mine');
  await waitForSaved(a);
  await b.waitForFunction(() => [...document.querySelectorAll('#article mark[data-kind="highlight"]')].length === 2);
  const theirs = join(scratch, 'theirs.jsonld');
  await writeFile(theirs, JSON.stringify({
    '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationPage', items: [{
      type: 'Annotation', modified: '2020-01-01T00:00:00Z',
      body: { type: 'TextualBody', purpose: 'commenting', value: 'theirs' },
      target: { selector: { type: 'TextQuoteSelector', exact: 'women\'s role' } },
    }],
  }));
  const lock2 = await holdStoreLock(browser.context, server.origin);
  await holdStorageEvents(a);
  await holdStorageEvents(b);
  await a.getByRole('tab', { name: 'Share' }).click();
  await a.setInputFiles('#import-input', theirs);
  const review = a.getByRole('dialog', { name: 'Review the import' });
  await review.getByLabel('Take theirs').check();
  await review.getByRole('button', { name: 'Import' }).click();
  await a.getByRole('tab', { name: 'Notes' }).click();
  await a.locator('.note-item', { hasText: 'theirs' }).waitFor();
  await lock2.waitingFrom(await lockClientId(a));
  const turn2 = await queueStoreLock(browser.context, server.origin);
  await highlight(b, 'two blocs', 'pink');
  await lock2.waitingFrom(await lockClientId(b));
  await saveInTurn(lock2, turn2, a, b);
  const chosen = await storeAsWrittenBy(browser, b);
  assert.deepEqual(storedNotes(chosen), ['theirs'], 'the chosen note is in the store, the replaced one is not');
  assert.ok(storedHighlights(chosen).includes('pink two blocs'), "B's highlight is in the store");
  await releaseStorageEvents(a);
  await releaseStorageEvents(b);
  for (const page of [a, b]) {
    await reload(page);
    const shown = (await notes(page)).join('\n');
    assert.match(shown, /theirs/, 'the chosen note is kept');
    assert.doesNotMatch(shown, /mine/, 'the replaced note does not come back');
  }
  await a.close();
  await b.close();
});

test('two tabs adding highlights in the same second keep both', async () => {
  const browser = await freshBrowser();
  const a = await openApp(browser);
  const b = await openApp(browser);
  const lock = await holdStoreLock(browser.context, server.origin);
  await holdStorageEvents(a);
  await holdStorageEvents(b);
  const first = await highlight(a, 'increased military mobility', 'green');
  // A's own save waits before the place kept for B's turn (not merely some request).
  await lock.waitingFrom(await lockClientId(a));
  const turn = await queueStoreLock(browser.context, server.origin);
  const second = await highlight(b, 'counter-terrorism', 'blue');
  assert.notEqual(first, second, 'ids are random, never clock-based');
  await lock.waitingFrom(await lockClientId(b));
  assert.equal(await storedFromOutside(browser), undefined, 'neither tab has saved yet');
  await saveInTurn(lock, turn, a, b);
  assert.deepEqual(storedHighlights(await storeAsWrittenBy(browser, b)),
    ['blue counter-terrorism', 'green increased military mobility'], 'both are in the store before any reload');
  await releaseStorageEvents(a);
  await releaseStorageEvents(b);
  await a.waitForSelector('#article mark[data-color="blue"]');
  await b.waitForSelector('#article mark[data-color="green"]');
  for (const page of [a, b]) {
    await reload(page);
    assert.equal(await markCount(page, '#article mark[data-color="green"]'), 1);
    assert.equal(await markCount(page, '#article mark[data-color="blue"]'), 1);
  }
  await a.close();
  await b.close();
});

test("another tab's save keeps this tab's undo history", async () => {
  const browser = await freshBrowser();
  const a = await openApp(browser);
  const b = await openApp(browser);
  const mine = await highlight(a, 'increased military mobility', 'green');
  await waitForSaved(a);
  await highlight(b, 'counter-terrorism', 'blue');
  await waitForSaved(b);
  await a.waitForSelector('#article mark[data-color="blue"]');
  const undo = a.getByRole('button', { name: 'Undo' });
  assert.equal(await undo.isDisabled(), false, 'the history is still there');
  await undo.click();
  await a.waitForFunction((id) => !document.querySelector(`#article mark[data-id="${id}"]`), mine);
  await waitForSaved(a);
  await reload(a);
  assert.equal(await markCount(a, '#article mark[data-color="green"]'), 0);
  assert.equal(await markCount(a, '#article mark[data-color="blue"]'), 1, "the other tab's work stays");
  await a.close();
  await b.close();
});

test('a tab closed before the other saves: its last work and the other tab\'s are both kept', async () => {
  const browser = await freshBrowser();
  const a = await openApp(browser);
  const b = await openApp(browser);
  // A rejects a place mark; B hears of it (and holds the rejection).
  const place = a.locator('#article mark[data-kind="place"][data-first="true"]').first();
  const placeId = await place.getAttribute('data-id');
  await place.click();
  await cardOf(a).getByRole('button', { name: 'Reject' }).click();
  await waitForSaved(a);
  await b.waitForFunction((id) => !document.querySelector(`#article mark[data-id="${id}"]`), placeId);
  // While another tab saves (the lock is held), A takes the rejection back and highlights, and B
  // highlights; B does not hear of A's last save before its own.
  const lock = await holdStoreLock(browser.context, server.origin);
  await holdStorageEvents(b);
  await a.getByRole('button', { name: 'Undo' }).click();
  await a.locator(`#article mark[data-id="${placeId}"]`).first().waitFor();
  await highlight(a, 'increased military mobility', 'green');
  await highlight(b, 'counter-terrorism', 'blue');
  await lock.waiting(2);
  // A is closed before its save could run: its pagehide save writes at once, without the lock
  // (seen from a page that is not the app once the entry holds a green highlight).
  await a.close();
  const outside = await outsidePage(browser);
  await outside.waitForFunction((key) => Object.values(JSON.parse(localStorage.getItem(key) ?? '{}').layer?.annotations ?? {})
    .some((record) => record.value?.color === 'green'), SAMPLE_KEY, { timeout: 10000 });
  const closed = await storedArticle(outside);
  await outside.close();
  assert.equal(rejectedIn(closed, placeId), false, "A's undo is in the store");
  assert.deepEqual(storedHighlights(closed), ['green increased military mobility'], "A's highlight is in the store");
  // Then B saves, once A's write has reached it (not taken in: its storage event is held back):
  // it reads what A left and keeps it.
  await heardOf(b);
  await lock.release();
  await waitForSaved(b);
  const merged = await storeAsWrittenBy(browser, b);
  assert.equal(rejectedIn(merged, placeId), false, "A's undo is still in the store");
  assert.deepEqual(storedHighlights(merged), ['blue counter-terrorism', 'green increased military mobility'], 'both highlights are in the store');
  await releaseStorageEvents(b);
  await reload(b);
  assert.ok(await markCount(b, `#article mark[data-id="${placeId}"]`) > 0, 'the rejection stays undone');
  assert.equal(await markCount(b, '#article mark[data-color="green"]'), 1, "A's highlight is kept");
  assert.equal(await markCount(b, '#article mark[data-color="blue"]'), 1, "B's highlight is kept");
  await b.close();
});

test('a note typed and not yet left is kept through a reload and through a crash', async () => {
  const browser = await freshBrowser();
  let page = await openApp(browser);
  const id = await highlight(page, 'partner countries');
  await page.locator(`#article mark[data-id="${id}"]`).first().click();
  await cardOf(page).getByLabel('Note').click();
  await page.keyboard.type('typed, never left 👍 עברית');
  // No blur, no Save: the page goes away at once.
  await reload(page);
  assert.match((await notes(page)).join(), /typed, never left 👍 עברית/);
  // Typing, then a crash: what the page said was saved is there.
  await page.locator(`#article mark[data-id="${id}"]`).first().click();
  await cardOf(page).getByLabel('Note').press('End');
  await page.keyboard.type(' and more');
  await waitForSaved(page);
  await crash(page);
  page = await openApp(browser);
  assert.match((await notes(page)).join(), /typed, never left 👍 עברית and more/);
  await page.close();
});

test('after h the keys go to the note, not to the shortcuts, and the note is kept', async () => {
  const browser = await freshBrowser();
  const page = await openApp(browser);
  await caretBefore(page, 'coordinated support');
  for (let i = 0; i < 'coordinated'.length; i += 1) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('h');
  await page.waitForFunction(() => document.activeElement?.id === 'annotation-note');
  await page.keyboard.type('check j k ? the communiqué');
  assert.equal(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count(), 0, '? typed a question mark');
  assert.equal(await cardOf(page).getByLabel('Note').inputValue(), 'check j k ? the communiqué');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.activeElement?.dataset?.kind === 'highlight');
  await reload(page);
  assert.match((await notes(page)).join(), /check j k \? the communiqué/);
  await page.close();
});

test('a card open on an annotation another tab deleted keeps the text, as a new annotation if asked', async () => {
  const browser = await freshBrowser();
  const a = await openApp(browser);
  const b = await openApp(browser);
  const id = await highlight(a, 'partner countries', 'green');
  await waitForSaved(a);
  await b.waitForSelector(`#article mark[data-id="${id}"]`);
  // B opens the card and writes; A, having heard it, deletes the highlight.
  await b.locator(`#article mark[data-id="${id}"]`).first().click();
  await cardOf(b).getByLabel('Note').fill('B was writing this');
  await waitForSaved(b);
  await a.waitForFunction(() => document.querySelector('#article mark[data-kind="highlight"]'));
  await a.getByRole('tab', { name: 'Notes' }).click();
  await a.locator('.note-item', { hasText: 'B was writing this' }).waitFor();
  await a.locator(`#article mark[data-id="${id}"]`).first().click();
  await cardOf(a).getByRole('button', { name: 'Delete' }).click();
  await waitForSaved(a);
  // B's card says so, keeps the words, and offers to keep them.
  const gone = cardOf(b).getByRole('alert');
  await gone.waitFor();
  assert.match(await gone.textContent(), /deleted/);
  assert.equal(await cardOf(b).getByLabel('Note').inputValue(), 'B was writing this');
  await screenshot(b, 'card-annotation-deleted-elsewhere');
  await gone.getByRole('button', { name: 'Keep it as a new annotation' }).click();
  await waitForSaved(b);
  for (const page of [a, b]) {
    await reload(page);
    assert.match((await notes(page)).join(), /B was writing this/);
    assert.equal(await markCount(page, `#article mark[data-id="${id}"]`), 0, 'the deleted one stays deleted');
  }
  await a.close();
  await b.close();
});

test('an article deleted from the library does not come back on reload', async () => {
  const browser = await freshBrowser();
  const page = await openApp(browser);
  await annotate(page, 'partner countries', 'this goes with the article');
  await waitForSaved(page);
  await page.getByRole('tab', { name: 'Library' }).click();
  await page.locator('.library-item').first().waitFor();
  await page.getByRole('button', { name: 'Delete' }).last().click();
  await page.waitForFunction(() => document.querySelectorAll('.library-item').length === 0);
  await reload(page);
  await page.getByRole('tab', { name: 'Library' }).click();
  assert.equal(await page.locator('.library-item').count(), 0, 'the library stays empty');
  assert.equal(await markCount(page, '#article mark[data-kind="highlight"]'), 0, 'the work went with it');
  assert.equal(await storedArticle(page), undefined);
  await page.close();
});

test('each damaged copy of an entry is kept under its own key, and the article opens', async () => {
  const browser = await freshBrowser();
  let page = await openApp(browser);
  await annotate(page, 'partner countries', 'before the first damage');
  await waitForSaved(page);
  await page.close();
  const damages = ['{"schema":3,"text":"damaged once', '{"schema":3,"text":"damaged twice'];
  for (const damage of damages) {
    const outside = await outsidePage(browser);
    await outside.evaluate(([k, v]) => localStorage.setItem(k, v), [SAMPLE_KEY, damage]);
    await outside.close();
    page = await openApp(browser);
    await page.getByRole('alert').filter({ hasText: /could not be read/ }).waitFor();
    await annotate(page, 'increased military mobility', `after: ${damage}`);
    await waitForSaved(page);
    await page.close();
  }
  const outside = await outsidePage(browser);
  const kept = Object.entries(await storedEntries(outside)).filter(([k]) => k.startsWith('article-annotator/quarantine/'));
  assert.deepEqual(kept.map(([, v]) => v).sort(), [...damages].sort(), 'both damaged copies are kept as they were');
  await outside.close();
});

test('a damaged entry that cannot be kept aside is never saved over, and can be downloaded', async () => {
  const browser = await freshBrowser();
  const outside = await outsidePage(browser);
  const damaged = '{"schema":3,"text":"damaged and the store is full';
  await outside.evaluate(([k, v]) => {
    localStorage.setItem(k, v);
    const chunk = 'x'.repeat(512 * 1024);
    for (let i = 0; ; i += 1) { try { localStorage.setItem(`junk-${i}`, chunk); } catch { break; } }
    let small = 'x'.repeat(4096);
    for (let i = 0; small.length > 1; i += 1) {
      try { localStorage.setItem(`junk-small-${i}`, small); } catch { small = small.slice(0, small.length / 2); }
    }
  }, [SAMPLE_KEY, damaged]);
  const page = await openApp(browser);
  const alert = page.getByRole('alert').filter({ hasText: /no room to keep a copy aside/ });
  await alert.waitFor();
  await screenshot(page, 'damaged-entry-store-full');
  await highlight(page, 'partner countries');
  await page.getByTestId('save-status').filter({ hasText: 'Not saved' }).waitFor();
  assert.equal(await outside.evaluate((k) => localStorage.getItem(k), SAMPLE_KEY), damaged, 'the damaged copy is untouched');
  const [file] = await Promise.all([page.waitForEvent('download'), alert.getByRole('button', { name: 'Download the damaged copy' }).click()]);
  const path = join(scratch, file.suggestedFilename());
  await file.saveAs(path);
  assert.equal(await readFile(path, 'utf8'), damaged);
  await outside.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('junk-')).forEach((k) => localStorage.removeItem(k)));
  await outside.close();
  await page.close();
});

test('an entry saved by a newer version is opened without being overwritten, also when another tab writes it', async () => {
  const browser = await freshBrowser();
  const outside = await outsidePage(browser);
  const newer = JSON.stringify({ schema: 99, name: 'from the future', text: '…' });
  await outside.evaluate(([k, v]) => localStorage.setItem(k, v), [SAMPLE_KEY, newer]);
  let page = await openApp(browser);
  await page.getByRole('alert').filter({ hasText: /newer version/ }).waitFor();
  await highlight(page, 'partner countries');
  await page.getByTestId('save-status').filter({ hasText: 'Not saved' }).waitFor();
  await reload(page);
  assert.equal(await outside.evaluate((k) => localStorage.getItem(k), SAMPLE_KEY), newer, 'never overwritten');
  await page.close();
  // The same when another tab writes it while this one is open with work.
  await outside.evaluate((k) => localStorage.removeItem(k), SAMPLE_KEY);
  page = await openApp(browser);
  await annotate(page, 'partner countries', 'mine');
  await waitForSaved(page);
  await outside.evaluate(([k, v]) => localStorage.setItem(k, v), [SAMPLE_KEY, newer]);
  await page.getByRole('alert').filter({ hasText: /newer version/ }).waitFor();
  await highlight(page, 'two blocs');
  await page.getByTestId('save-status').filter({ hasText: 'Not saved' }).waitFor();
  await page.close();
  assert.equal(await outside.evaluate((k) => localStorage.getItem(k), SAMPLE_KEY), newer, 'not even on pagehide');
  // Garbage written by another program while the tab is open is kept aside before the next save.
  await outside.evaluate((k) => localStorage.removeItem(k), SAMPLE_KEY);
  page = await openApp(browser);
  await annotate(page, 'partner countries', 'still mine');
  await waitForSaved(page);
  await outside.evaluate((k) => localStorage.setItem(k, '{"garbage'), SAMPLE_KEY);
  await page.waitForFunction(() => Object.entries(localStorage).some(([k, v]) => k.startsWith('article-annotator/quarantine/') && v === '{"garbage'));
  await waitForSaved(page);
  await reload(page);
  assert.match((await notes(page)).join(), /still mine/);
  await outside.close();
  await page.close();
});

test('orphans are in the W3C, CSV and report exports and stay orphans through a backup', async () => {
  const browser = await freshBrowser();
  const page = await openApp(browser);
  const file = join(scratch, 'with-orphan.jsonld');
  await writeFile(file, JSON.stringify({
    '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationPage', items: [{
      type: 'Annotation', body: { type: 'TextualBody', purpose: 'commenting', value: 'from the first edition' },
      target: { selector: { type: 'TextQuoteSelector', exact: 'a sentence the editors cut' } },
    }],
  }));
  await page.getByRole('tab', { name: 'Share' }).click();
  await page.setInputFiles('#import-input', file);
  await page.getByRole('dialog', { name: 'Review the import' }).getByRole('button', { name: 'Import' }).click();
  await page.getByRole('heading', { name: 'Not placed (orphans)' }).waitFor();
  await waitForSaved(page);
  const download = async (name) => {
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    const path = join(scratch, `${Date.now()}-${saved.suggestedFilename()}`);
    await saved.saveAs(path);
    return path;
  };
  const w3cPath = await download('W3C JSON-LD');
  const w3c = JSON.parse(await readFile(w3cPath, 'utf8'));
  const orphan = w3c.first.items.find((item) => item['aa:placed'] === false);
  assert.ok(orphan, 'the orphan is in the W3C export');
  assert.deepEqual(orphan.target.selector, [{ type: 'TextQuoteSelector', exact: 'a sentence the editors cut' }]);
  const checker = w3cChecker('tests/e2e/never-lose-work.test.mjs: the W3C MUSTs of an export with an orphan');
  if (checker) assert.match(execFileSync('python3', [checker, w3cPath]).toString(), /, 0 failed/);
  const csv = await readFile(await download('CSV'), 'utf8');
  assert.match(csv, /,placed,cue_start,cue_end,source_kind\r\n/);
  assert.match(csv, /a sentence the editors cut,[^\r\n]*from the first edition[^\r\n]*,no,,,\r\n/);
  const report = await readFile(await download('Report (.md)'), 'utf8');
  assert.match(report, /\(not placed\) “a sentence the editors cut”: from the first edition/);
  const backupPath = await download('Backup (.json)');
  // In another browser, importing the backup keeps it an orphan, words and note.
  const colleague = await openApp(await freshBrowser());
  await colleague.getByRole('tab', { name: 'Share' }).click();
  await colleague.setInputFiles('#import-input', backupPath);
  const review = colleague.getByRole('dialog', { name: 'Review the import' });
  assert.match(await review.textContent(), /1 that cannot be placed/);
  await review.getByRole('button', { name: 'Import' }).click();
  const kept = colleague.locator('.orphans li');
  await kept.first().waitFor();
  assert.match(await kept.first().textContent(), /“a sentence the editors cut” from the first edition/);
  assert.equal(await markCount(colleague, '#article mark[data-kind="highlight"]'), 0, 'no empty highlight at 0..0');
  await waitForSaved(colleague);
  await reload(colleague);
  await colleague.getByRole('tab', { name: 'Share' }).click();
  await colleague.locator('.orphans li').first().waitFor();
  await colleague.close();
  await page.close();
});

test('an import says when it cut a note to the length the app keeps', async () => {
  const browser = await freshBrowser();
  const page = await openApp(browser);
  const file = join(scratch, 'long-note.jsonld');
  await writeFile(file, JSON.stringify({
    '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'Annotation',
    body: { type: 'TextualBody', purpose: 'commenting', value: 'é'.repeat(150000) },
    target: { selector: { type: 'TextQuoteSelector', exact: 'partner countries' } },
  }));
  await page.getByRole('tab', { name: 'Share' }).click();
  await page.setInputFiles('#import-input', file);
  const review = page.getByRole('dialog', { name: 'Review the import' });
  await review.waitFor();
  assert.match(await review.textContent(), /note of 150000 characters was cut to the first 100000/);
  await page.close();
});

test('a backup of a long article (over 16 MB with its notes) opens again and imports', async () => {
  // A long article the app can store and a reader's work on it: the backup is larger than the
  // old 16 MB limit on opening files.
  const paragraph = 'The committee met again on Tuesday and the discussion went on for many hours without any decision. ';
  const body = Array.from({ length: 16000 }, (_, i) => `${paragraph.repeat(3)}Item ${i}.`).join('\n\n');
  const text = `A very long report\n\n${body}`;
  const layer = { annotations: {} };
  for (let i = 0; i < 120; i += 1) {
    const id = `reader-${String(i).padStart(16, '0')}`;
    layer.annotations[id] = {
      at: `${1764500000000 + i}.0.00000000000000aa`,
      value: {
        id, kind: 'claim', span: { start: 20 + i * 400, end: 30 + i * 400 }, origin: 'reader', entity: null,
        speaker: null, date: null, note: `note ${i} ${'n'.repeat(99000)}`, tags: [], color: null, modified: null,
      },
    };
  }
  const blocks = plainTextBlocks(text);
  const backup = { format: 'article-annotator-backup', version: 2, name: 'long.txt', title: 'A very long report', text, source_format: 'plain_text', blocks, layer };
  const path = join(scratch, 'long.backup.json');
  await writeFile(path, JSON.stringify(backup));
  const size = (await readFile(path)).length;
  assert.ok(size > 16 * 1024 * 1024, `the backup is ${size} bytes`);
  const browser = await freshBrowser();
  const page = await openApp(browser);
  await page.setInputFiles('#file-input', path);
  await page.waitForFunction(() => document.querySelector('#article .headline')?.textContent === 'A very long report', null, { timeout: 60000 });
  await page.getByRole('tab', { name: 'Notes' }).click();
  assert.equal(await page.locator('.note-item').count(), 120, 'every note opened');
  // Imported into the same article: all already there.
  await page.getByRole('tab', { name: 'Share' }).click();
  await page.setInputFiles('#import-input', path);
  const review = page.getByRole('dialog', { name: 'Review the import' });
  await review.waitFor({ timeout: 60000 });
  assert.match(await review.textContent(), /0 new .* 120 already here/);
  await page.close();
});

test('a note field the reader goes to right after opening a card keeps the focus, and what is typed is kept', async () => {
  const browser = await freshBrowser();
  const page = await openApp(browser);
  const id = await highlight(page, 'partner countries');
  // As fast as a reader can be: the card's note field focused as soon as the card is there, in
  // the frame the card opened (the page used to focus the mark a frame later, taking the keys).
  const field = await page.evaluate(async (markId) => {
    const appeared = new Promise((done) => {
      const observer = new MutationObserver(() => {
        const field = document.getElementById('annotation-note');
        if (field) { observer.disconnect(); done(field); }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    document.querySelector(`#article mark[data-id="${markId}"]`).click();
    const note = await appeared;
    note.focus();
    // Once what the page deferred to after the next paint has run (it counts what is waiting).
    await new Promise((done) => {
      const root = document.documentElement;
      const observer = new MutationObserver(() => check());
      const check = () => {
        if ((root.dataset.afterPaint ?? '0') === '0') { observer.disconnect(); done(); }
      };
      observer.observe(root, { attributes: true, attributeFilter: ['data-after-paint'] });
      check();
    });
    return document.activeElement === note ? 'kept' : `moved to ${document.activeElement?.tagName}`;
  }, id);
  assert.equal(field, 'kept');
  await page.keyboard.type('typed at once');
  await page.keyboard.press('Escape');
  await waitForSaved(page);
  await reload(page);
  assert.match((await notes(page)).join(), /typed at once/);
  await page.close();
});
