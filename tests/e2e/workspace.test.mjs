// The annotation workspace as a reader uses it: marks on the article, the panels, making,
// correcting and deleting annotations by mouse and by keyboard, undo and redo, search, filters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic, launchBrowser, screenshot, ROOT } from './harness.mjs';
import { waitForEngines, dragSelect, caretBefore, marks, annotationText, freshAnnotatedPage } from './annotate-helpers.mjs';

const GOLD = JSON.parse(await readFile(join(ROOT, 'assets/samples/nato-eu-cooperation.gold.json'), 'utf8'));
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

/** A fresh page with the sample annotated (and an empty store: each test starts clean). */
const freshPage = () => freshAnnotatedPage(browser.context, server.origin);

test('every gold quote of the sample is a quote mark naming the right speaker', async () => {
  const page = await freshPage();
  const quotes = (await marks(page, '#article mark[data-kind="quote"]')).filter((m) => m.first);
  for (const gold of GOLD.quotes) {
    const found = quotes.find((m) => m.label === `quote by ${gold.speaker}` && gold.text.startsWith(m.text.slice(0, 20)));
    assert.ok(found, `no quote mark for “${gold.text.slice(0, 40)}…” by ${gold.speaker}; have ${JSON.stringify(quotes.map((q) => q.label))}`);
  }
  // Entities inside quotes nest; the words stay intact.
  assert.ok(await page.locator('#article mark[data-kind="quote"] mark[data-kind="organisation"]').count() > 0);
  const place = (await marks(page, '#article mark[data-kind="place"]')).find((m) => m.text === 'Brussels');
  assert.equal(place.label, 'place: Brussels');
  const eu = (await marks(page, '#article mark[data-kind="organisation"]')).find((m) => m.text === 'EU');
  assert.equal(eu.label, 'organisation: European Union');
  await screenshot(page, 'workspace-sample', { fullPage: false });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a mouse selection becomes a coloured highlight with a note and tags, listed in Notes', async () => {
  const page = await freshPage();
  await dragSelect(page, 'increased military mobility');
  const toolbar = page.getByRole('toolbar', { name: 'Annotate the selection' });
  await toolbar.waitFor();
  await screenshot(page, 'selection-toolbar');
  await toolbar.getByRole('button', { name: 'Highlight green' }).click();
  const highlight = page.locator('#article mark[data-kind="highlight"][data-color="green"]');
  await highlight.first().waitFor();
  const id = await highlight.first().getAttribute('data-id');
  assert.equal(await annotationText(page, id), 'increased military mobility');
  const card = page.getByRole('dialog', { name: 'Annotation' });
  await card.getByLabel('Note').fill('Which mobility? <img src=x onerror="window.pwned=1">');
  await card.getByLabel('Tags (separated by commas)').fill('verify, logistics');
  await card.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('tab', { name: 'Notes' }).click();
  const note = page.locator('.note-item').first();
  await note.waitFor();
  assert.match(await note.textContent(), /Which mobility\? <img src=x onerror="window.pwned=1">/);
  assert.match(await note.textContent(), /#verify #logistics/);
  assert.equal(await page.locator('.side-panel img, #article img').count(), 0, 'a note is text, never HTML');
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.close();
});

test('the keyboard alone selects, annotates, moves between marks, opens and closes', async () => {
  const page = await freshPage();
  await caretBefore(page, 'coordinated support');
  for (let i = 0; i < 'coordinated'.length; i += 1) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('h');
  const card = page.getByRole('dialog', { name: 'Annotation' });
  await card.waitFor();
  const highlight = page.locator('#article mark[data-kind="highlight"]').first();
  assert.equal(await highlight.textContent(), 'coordinated');
  // The keys go to the note field.
  await page.waitForFunction(() => document.activeElement?.id === 'annotation-note');
  await page.keyboard.type('Checked against the communiqué');
  await page.keyboard.press('Escape');
  assert.equal(await card.count(), 0, 'Escape closes the card');
  await page.waitForFunction(() => document.activeElement?.dataset?.kind === 'highlight');
  assert.match(await highlight.getAttribute('aria-label'), /highlight/);
  // j / k move from mark to mark; Enter opens one.
  await page.keyboard.press('j');
  const next = await page.evaluate(() => document.activeElement?.tagName);
  assert.equal(next, 'MARK');
  await page.keyboard.press('Enter');
  await card.waitFor();
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.waitFor();
  assert.match(await help.textContent(), /Shift \+ arrows/);
  await page.keyboard.press('Escape');
  assert.equal(await help.count(), 0);
  await page.close();
});

test('crossing highlights are both reachable, and the card offers the other', async () => {
  const page = await freshPage();
  await dragSelect(page, 'strengthened information exchange');
  await page.getByRole('button', { name: 'Highlight yellow' }).click();
  await page.keyboard.press('Escape');
  await dragSelect(page, 'information exchange in counter-terrorism');
  await page.getByRole('button', { name: 'Highlight blue' }).click();
  await page.keyboard.press('Escape');
  const all = (await marks(page, '#article mark[data-kind="highlight"]'));
  const ids = [...new Set(all.map((m) => m.id))];
  assert.equal(ids.length, 2);
  assert.equal(await annotationText(page, ids[0]), 'strengthened information exchange');
  assert.equal(await annotationText(page, ids[1]), 'information exchange in counter-terrorism');
  await page.locator(`#article mark[data-id="${ids[1]}"]`).last().click();
  const card = page.getByRole('dialog', { name: 'Annotation' });
  await card.getByText('Also here:').waitFor();
  await card.getByRole('button', { name: 'Highlight' }).click();
  assert.match(await card.locator('.card-quote').textContent(), /strengthened information exchange/);
  await page.close();
});

test('engine annotations are corrected: rejected, re-kinded, re-attributed, renamed for all mentions, resized; undo and redo', async () => {
  const page = await freshPage();
  const card = page.getByRole('dialog', { name: 'Annotation' });
  // Reject a mark (the sample's one mention of Belgium, a place in its gold annotations), then
  // undo and redo.
  const belgium = page.locator('#article mark[data-kind="place"]', { hasText: /^Belgium$/ });
  assert.equal(await belgium.count(), 1, 'the sample has one place mark on Belgium');
  await belgium.click();
  await card.getByRole('button', { name: 'Reject' }).click();
  assert.equal(await belgium.count(), 0, 'rejected');
  await page.keyboard.press('Control+z');
  await belgium.waitFor();
  await page.keyboard.press('Control+Shift+z');
  await belgium.waitFor({ state: 'detached' });
  // Change a quote's speaker.
  await page.locator('#article mark[data-kind="quote"][aria-label="quote by the ministers"]').first().click();
  await card.getByLabel('Speaker').fill('NATO foreign ministers');
  await card.getByRole('button', { name: 'Save' }).click();
  await page.waitForSelector('#article mark[aria-label="quote by NATO foreign ministers"]');
  // Rename an entity for all its mentions.
  await page.locator('#article mark[data-kind="organisation"]', { hasText: /^EU$/ }).first().click();
  await card.getByLabel('Entity').fill('EU (the bloc)');
  await card.getByRole('button', { name: 'Rename all mentions' }).click();
  await page.waitForSelector('#article mark[aria-label="organisation: EU (the bloc)"]');
  const renamed = await page.locator('#article mark[aria-label="organisation: EU (the bloc)"]').count();
  assert.equal(renamed, 9, 'every EU and European Union mention follows');
  // Change a kind (the card is closed first: it may cover the word, as it would for a reader).
  await page.keyboard.press('Escape');
  await card.waitFor({ state: 'detached' });
  await page.locator('#article mark[data-kind="place"]', { hasText: /^Georgia$/ }).first().click();
  await card.getByLabel('Kind').selectOption('organisation');
  await page.waitForFunction(() => [...document.querySelectorAll('#article mark[data-kind="organisation"]')].some((m) => m.textContent === 'Georgia'));
  // Move a boundary.
  await page.keyboard.press('Escape');
  await dragSelect(page, 'two blocs');
  await page.getByRole('button', { name: 'Highlight pink' }).click();
  await card.getByRole('button', { name: 'End one character later' }).click();
  await page.waitForFunction(() => document.querySelector('#article mark[data-color="pink"]')?.textContent === 'two blocs ');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('#article mark[data-color="pink"]')?.textContent === 'two blocs');
  await page.close();
});

test('panels: the sources ledger with its chart, entities stepping through mentions, search and filters', async () => {
  const page = await freshPage();
  const panel = page.getByRole('complementary', { name: 'Annotations' });
  // A bar of words quoted and one of words reported for each of the six sources (four quoted,
  // two only reported: the NATO-Georgia Commission and, in the headline, NATO).
  assert.equal(await panel.locator('svg[aria-label="Words quoted and reported by source"] rect').count(), 12);
  assert.match(await panel.locator('.speaker').first().textContent(), /Rex Tillerson · 1 quote · 40 words/);
  await panel.getByRole('button', { name: /We had a lot of discussion/ }).click();
  await page.waitForSelector('#article mark.flash[data-kind="quote"]');
  // Search narrows every panel.
  await panel.getByLabel('Search annotations').fill('Mogherini');
  assert.equal(await panel.locator('.speaker').count(), 1);
  await panel.getByLabel('Search annotations').fill('');
  // Entities: each click shows the next mention.
  await panel.getByRole('tab', { name: 'Entities' }).click();
  const stoltenberg = panel.getByRole('button', { name: /^Jens Stoltenberg \(\d+ mentions\)$/ });
  await stoltenberg.click();
  const first = await page.evaluate(() => document.activeElement?.dataset?.id);
  await stoltenberg.click();
  const second = await page.evaluate(() => document.activeElement?.dataset?.id);
  assert.ok(first && second && first !== second, `stepped from ${first} to ${second}`);
  // Filters hide a kind's look (and keep its words).
  await page.getByLabel('Person', { exact: true }).uncheck();
  const decoration = await page.$eval('#article mark[data-kind="person"]', (m) => getComputedStyle(m).textDecorationLine);
  assert.equal(decoration, 'none');
  await page.getByLabel('Person', { exact: true }).check();
  // Hovering a mark says what it is.
  await page.locator('#article mark[data-kind="person"]').first().hover();
  await page.getByRole('status').filter({ hasText: 'person:' }).waitFor();
  await page.close();
});
