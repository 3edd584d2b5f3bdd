// What the page says instead of failing silently: a note pasted past its limit is cut and the
// card says by how much; a tab that stopped saving because a newer version wrote its article's
// entry saves again once that entry is gone, with all the work it held meanwhile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic, launchBrowser, openPage } from './harness.mjs';
import {
  waitForEngines, dragSelect, waitForSaved, storedArticle, liveAnnotations,
} from './annotate-helpers.mjs';

const NOTE_LIMIT = 100_000;
let server;
let browser;

before(async () => {
  server = await serveStatic();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function outsidePage() {
  const page = await browser.context.newPage();
  await page.goto(`${server.origin}/not-the-app`);
  return page;
}

async function freshApp() {
  const outside = await outsidePage();
  await outside.evaluate(() => localStorage.clear());
  await outside.close();
  const page = await openPage(browser.context, `${server.origin}/`);
  await waitForEngines(page);
  return page;
}

const cardOf = (page) => page.getByRole('dialog', { name: 'Annotation' });

test('a note pasted past its limit is cut to it, and the card says how much was left out', async () => {
  const page = await freshApp();
  await dragSelect(page, 'partner countries');
  await page.getByRole('button', { name: 'Highlight yellow' }).click();
  const field = cardOf(page).getByLabel('Note');
  await field.click();
  // 150,000 characters, some outside the Basic Multilingual Plane (two UTF-16 units each): the
  // limit counts characters, as the README says.
  const pasted = `${'é'.repeat(99_990)}👍${'x'.repeat(50_009)}`;
  await page.keyboard.insertText(pasted);
  const warning = cardOf(page).getByRole('alert');
  await warning.waitFor();
  assert.match(await warning.textContent(), /at most 100,000 characters: the last 50,000 characters were not kept/);
  const kept = await field.inputValue();
  assert.equal([...kept].length, NOTE_LIMIT);
  assert.ok(pasted.startsWith(kept));
  await waitForSaved(page);
  const notes = Object.values(liveAnnotations(await storedArticle(page))).map((a) => [...a.note].length);
  assert.deepEqual(notes, [NOTE_LIMIT], 'what the field shows is what is saved');
  // Deleting a character takes the warning away: the note is under its limit again.
  await page.keyboard.press('Backspace');
  await warning.waitFor({ state: 'detached' });
  await page.close();
});

test('a tab that stopped saving because of a newer entry saves again, with everything, once that entry is gone', async () => {
  const page = await freshApp();
  const outside = await outsidePage();
  await dragSelect(page, 'partner countries');
  await page.getByRole('button', { name: 'Highlight green' }).click();
  await page.keyboard.press('Escape');
  await waitForSaved(page);
  const { key } = await storedArticle(outside);
  // A newer version of the page, in another tab, writes this article's entry.
  const newer = JSON.stringify({ schema: 99, name: 'from the future' });
  await outside.evaluate(([k, v]) => localStorage.setItem(k, v), [key, newer]);
  await page.getByTestId('save-status').filter({ hasText: 'Not saved' }).waitFor();
  const notice = page.getByTestId('notice');
  assert.match(await notice.textContent(), /newer version.*saves again on its own once that entry is gone/);
  // Work made meanwhile stays in the tab, and the newer entry is never written over.
  await dragSelect(page, 'two blocs');
  await page.getByRole('button', { name: 'Highlight pink' }).click();
  await page.keyboard.press('Escape');
  assert.equal(await outside.evaluate((k) => localStorage.getItem(k), key), newer);
  // The newer version's entry goes (that tab's reader deleted the article, or cleared it).
  await outside.evaluate((k) => localStorage.removeItem(k), key);
  await waitForSaved(page);
  assert.match(await notice.textContent(), /saves your work again/);
  const colours = Object.values(liveAnnotations(await storedArticle(outside))).map((a) => a.color).sort();
  assert.deepEqual(colours, ['green', 'pink'], 'everything the tab held is stored again');
  await outside.close();
  await page.close();
});
