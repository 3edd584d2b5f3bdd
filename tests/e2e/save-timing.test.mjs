// When the reader's work reaches the store, as the README promises it: every change within half a
// second however the reader goes on (a note typed steadily included), so that a crash loses at
// most the last half second; and at once when the page is hidden or closed, even while another
// tab holds the store's lock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic, launchBrowser, openPage } from './harness.mjs';
import {
  waitForEngines, dragSelect, waitForSaved, crash, holdStoreLock, storedArticle, liveAnnotations,
} from './annotate-helpers.mjs';

/** The README's promise, in milliseconds. */
const PROMISED_MS = 500;

let server;
let browser;

before(async () => {
  server = await serveStatic();
  browser = await launchBrowser();
  // Every write of an article entry, with when it was made and the notes it held, and every
  // input in a note field, with when it was made and the length typed by then: recorded in the
  // page, on the page's own clock.
  await browser.context.addInitScript(() => {
    const writes = [];
    const inputs = [];
    window.__saveLog = { writes, inputs };
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function recordedSetItem(key, value) {
      const result = setItem.call(this, key, value);
      if (String(key).startsWith('article-annotator/article/')) {
        let notes = [];
        try {
          const records = JSON.parse(value).layer?.annotations ?? {};
          notes = Object.values(records).map((record) => record.value?.note ?? '');
        } catch { /* a damaged value is not a save of ours */ }
        writes.push({ at: performance.now(), notes });
      }
      return result;
    };
    document.addEventListener('input', (event) => {
      if (event.target?.id === 'annotation-note') inputs.push({ at: performance.now(), typed: event.target.value });
    }, true);
  });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh app page on an empty store, the engines' marks in. */
async function freshApp() {
  const blank = await browser.context.newPage();
  await blank.goto(`${server.origin}/no-app-here`);
  await blank.evaluate(() => localStorage.clear());
  await blank.close();
  const page = await openPage(browser.context, `${server.origin}/`);
  await waitForEngines(page);
  return page;
}

const cardOf = (page) => page.getByRole('dialog', { name: 'Annotation' });

/** Highlights `needle` with the mouse and puts the keyboard in its note field. */
async function highlightAndFocusNote(page, needle) {
  await dragSelect(page, needle);
  await page.getByRole('button', { name: 'Highlight yellow' }).click();
  await cardOf(page).getByLabel('Note').click();
}

/**
 * Types `text` into the focused field as a reader typing steadily: one key every 100 to 150 ms
 * (the pauses are the reader's, not a wait for the page). Returns when each key was pressed, on
 * the test's clock (after the page took the key).
 */
async function typeSteadily(page, text) {
  const pressed = [];
  let pause = 100;
  for (const key of text) {
    await page.keyboard.type(key);
    pressed.push(Date.now());
    pause = 100 + ((pause * 7 + 13) % 51); // 100 to 150 ms, varying
    await new Promise((resume) => { setTimeout(resume, pause); });
  }
  return pressed;
}

test('every key typed in a note is in the store within half a second, however the reader goes on typing', async () => {
  const page = await freshApp();
  await highlightAndFocusNote(page, 'partner countries');
  // About four seconds of steady typing, with letters of several scripts.
  const text = 'Steady typing: é ü ß עברית 日本 keeps going and going.';
  await typeSteadily(page, text);
  await waitForSaved(page);
  const { writes, inputs } = await page.evaluate(() => window.__saveLog);
  assert.equal(inputs.at(-1).typed, text);
  const waits = inputs.map((input) => {
    const saved = writes.find((write) => write.at >= input.at && write.notes.some((note) => note.startsWith(input.typed)));
    assert.ok(saved, `“${input.typed}” was never written`);
    return saved.at - input.at;
  });
  const longest = Math.max(...waits);
  assert.ok(longest <= PROMISED_MS, `a key waited ${Math.round(longest)} ms for its save (waits: ${waits.map(Math.round).join(', ')})`);
  // Saved as the reader went, not once at the end.
  assert.ok(writes.length >= 5, `${writes.length} writes in four seconds of typing`);
  await page.close();
});

test('a highlight made while the reader goes on working is in the store within half a second', async () => {
  const page = await freshApp();
  await page.evaluate(() => { window.__saveLog.writes.length = 0; });
  const started = await page.evaluate(() => performance.now());
  await dragSelect(page, 'two blocs');
  await page.getByRole('button', { name: 'Highlight green' }).click();
  const made = await page.evaluate(() => performance.now());
  await waitForSaved(page);
  const { writes } = await page.evaluate(() => window.__saveLog);
  const first = writes.find((write) => write.at >= started);
  assert.ok(first, 'the highlight was written');
  assert.ok(first.at - made <= PROMISED_MS, `written ${Math.round(first.at - made)} ms after the click took effect`);
  const stored = await storedArticle(page);
  assert.ok(Object.values(liveAnnotations(stored)).some((a) => a.kind === 'highlight' && a.color === 'green'));
  await page.close();
});

test('a crash after steady typing loses at most the last half second of it', async () => {
  let page = await freshApp();
  await highlightAndFocusNote(page, 'partner countries');
  const text = 'Written a key at a time, then the tab dies.';
  const pressed = await typeSteadily(page, text.slice(0, 28));
  const crashedAt = Date.now();
  await crash(page);
  // Everything typed more than half a second before the crash must be there.
  const kept = pressed.filter((at) => at <= crashedAt - PROMISED_MS).length;
  assert.ok(kept >= 20, `${kept} keys were typed over half a second before the crash`);
  page = await openPage(browser.context, `${server.origin}/`);
  await waitForEngines(page);
  const notes = Object.values(liveAnnotations(await storedArticle(page))).map((a) => a.note);
  assert.equal(notes.length, 1);
  assert.ok(
    notes[0].length >= kept && text.startsWith(notes[0]),
    `after the crash the note is “${notes[0]}”; it should hold at least the first ${kept} keys: “${text.slice(0, kept)}”`,
  );
  await page.close();
});

test('a change is saved when the page is hidden and when it is closed, even while another tab holds the store', async () => {
  const page = await freshApp();
  // While the lock is held no timed save can run: only the save on hiding can write.
  const lock = await holdStoreLock(browser.context, server.origin);
  await dragSelect(page, 'partner countries');
  await page.getByRole('button', { name: 'Highlight blue' }).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('save-status').filter({ hasText: 'Saving…' }).waitFor();
  assert.equal(await storedArticle(page), undefined, 'nothing could be saved yet');
  // Headless Chromium keeps every page visible (a frozen page, another page in front and a
  // minimised window all leave visibilityState 'visible'), so the test plays the browser's part:
  // the document says it is hidden and the event is dispatched (it bubbles to the window, as the
  // browser's does), as when the reader switches tabs.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  const colours = async (from) => Object.values(liveAnnotations(await storedArticle(from))).map((a) => a.color).sort();
  assert.deepEqual(await colours(page), ['blue'], 'saved on hiding, without the lock');
  // Back in front, another change; then the tab is closed while the lock is still held.
  await page.evaluate(() => {
    delete document.visibilityState;
    delete document.hidden;
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  await dragSelect(page, 'two blocs');
  await page.getByRole('button', { name: 'Highlight pink' }).click();
  await page.keyboard.press('Escape');
  const reader = await browser.context.newPage();
  await reader.goto(`${server.origin}/not-the-app`);
  await page.close();
  assert.deepEqual(await colours(reader), ['blue', 'pink'], 'saved on closing, without the lock');
  await lock.release();
  await reader.close();
});
