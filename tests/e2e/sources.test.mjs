// Who said what, beyond quotation marks, as a critical reader meets it: a claim reported without
// quotation marks is marked with its source and cue, a claim from an unnamed source is flagged,
// counted in the sourcing summary and shown alone by its filter; corrections survive a reload and
// travel in a backup to a colleague's browser; the W3C export still passes the model's MUSTs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic, launchBrowser, openPage, screenshot, w3cChecker } from './harness.mjs';
import { download, openFile, textRects, waitForSaved } from './annotate-helpers.mjs';

const ARTICLE = [
  'Strike hits the town',
  'Officials said the strike killed 12 people, a person familiar with the matter told reporters.',
  'The mayor, Anna Kovacs, said the town would rebuild its school before the winter.',
].join('\n\n');
const UNNAMED = 'the strike killed 12 people';
const NAMED = 'the town would rebuild its school before the winter';

let server;
let scratch;
const browsers = [];

before(async () => {
  server = await serveStatic();
  scratch = await mkdtemp(join(tmpdir(), 'annotator-sources-'));
});
after(async () => {
  for (const browser of browsers) await browser.close();
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

/** A browser with an empty profile (a colleague's machine). */
async function freshBrowser() {
  const browser = await launchBrowser();
  browsers.push(browser);
  return browser;
}

/** Opens the page, pastes the article and waits until its reported statements are marked. */
async function pasteArticle(browser) {
  const page = await openPage(browser.context, `${server.origin}/`);
  await page.getByRole('button', { name: 'Paste text' }).click();
  await page.getByLabel(/Paste the article/).fill(ARTICLE);
  await page.getByRole('button', { name: 'Open pasted text' }).click();
  await waitForMarks(page);
  return page;
}

async function waitForMarks(page) {
  await page.waitForSelector('#article mark[data-kind="person"]', { timeout: 30000 });
  await page.locator('[data-testid="analysing"]').waitFor({ state: 'detached', timeout: 30000 });
  await page.waitForSelector('#article mark[data-kind="reported"]', { timeout: 30000 });
}

/** Clicks the first line of a reported statement's mark, as a reader clicks its words. */
async function clickMark(page, words) {
  const locator = mark(page, words);
  await locator.scrollIntoViewIfNeeded();
  const first = await locator.evaluate((m) => {
    const r = m.getClientRects()[0];
    return { x: r.left + 4, y: (r.top + r.bottom) / 2 };
  });
  await page.mouse.click(first.x, first.y);
  await page.getByRole('dialog', { name: 'Annotation' }).waitFor();
}

/** The reported statements on the page: words, source kind and accessible name. */
async function reported(page) {
  return page.$$eval('#article mark[data-kind="reported"][data-first]', (marks) => marks.map((m) => ({
    id: m.dataset.id, text: m.textContent, sourceKind: m.dataset.sourceKind || null, label: m.getAttribute('aria-label'),
  })));
}

const mark = (page, words) => page.locator('#article mark[data-kind="reported"]', { hasText: words }).first();
const summaryCount = (page, kind) => page.locator(`.sourcing-row[data-source-kind="${kind}"] .sourcing-count`).textContent();
const underline = (locator) => locator.evaluate((m) => getComputedStyle(m).textDecorationLine);

test('a claim from an unnamed source is marked with its source and cue, flagged, counted, filtered, and its rejection survives a reload', async () => {
  const browser = await freshBrowser();
  const page = await pasteArticle(browser);
  const found = await reported(page);
  const unnamed = found.find((r) => r.text === UNNAMED);
  assert.ok(unnamed, `a reported mark on “${UNNAMED}”; have ${JSON.stringify(found)}`);
  assert.equal(unnamed.sourceKind, 'unnamed');
  assert.match(unnamed.label, /reported by Officials \(unnamed source\)/);
  const named = found.find((r) => r.text === NAMED);
  assert.ok(named, `a reported mark on “${NAMED}”; have ${JSON.stringify(found)}`);
  assert.equal(named.sourceKind, 'person');
  assert.match(named.label, /reported by Anna Kovacs/);
  // The flag is drawn, not only a class: the first piece shows "⚑" before the words.
  const flag = await mark(page, UNNAMED).evaluate((m) => getComputedStyle(m, '::before').content);
  assert.equal(flag, '"⚑"');

  // Hovering the claim outlines its source ("Officials") and its cue ("said") in the article.
  await mark(page, UNNAMED).hover();
  const outlines = page.locator('.attribution-outline');
  await outlines.first().waitFor();
  const source = await page.locator('.outline-source').boundingBox();
  const officials = (await textRects(page, 'Officials')).first;
  assert.ok(Math.abs(source.x + 2 - officials.left) < 4 && Math.abs(source.y + 1 - officials.top) < 4,
    `the source outline lies on “Officials”: ${JSON.stringify({ source, officials })}`);
  assert.equal(await page.locator('.outline-cue').count(), 1);

  // The sourcing summary counts one claim on an unnamed source and one on a named person.
  await page.getByRole('tab', { name: 'Sources' }).click();
  assert.equal(await summaryCount(page, 'unnamed'), '1');
  assert.equal(await summaryCount(page, 'person'), '1');
  await screenshot(page, 'sources-panel');

  // The filter leaves only the unnamed claim's look on the article, and in the ledger.
  assert.notEqual(await underline(mark(page, NAMED)), 'none');
  await page.getByLabel(/Show only claims from unnamed sources/).check();
  await page.waitForFunction(() => document.querySelector('#article').classList.contains('only-unnamed'));
  assert.equal(await underline(mark(page, NAMED)), 'none', 'a named claim loses its look');
  assert.notEqual(await underline(mark(page, UNNAMED)), 'none', 'the unnamed claim keeps it');
  const sources = await page.locator('.speaker h3').allTextContents();
  assert.equal(sources.length, 1, JSON.stringify(sources));
  assert.match(sources[0], /^Officials/);
  await page.getByLabel(/Show only claims from unnamed sources/).uncheck();

  // Rejected, it is gone, and stays gone after a reload; the other claim stays.
  await clickMark(page, UNNAMED);
  const card = page.getByRole('dialog', { name: 'Annotation' });
  assert.equal(await card.getByLabel('Source', { exact: true }).inputValue(), 'Officials');
  assert.equal(await card.getByLabel('Kind of source').inputValue(), 'unnamed');
  await card.getByRole('button', { name: 'Reject' }).click();
  await page.locator(`#article mark[data-id="${unnamed.id}"]`).waitFor({ state: 'detached' });
  await waitForSaved(page);
  await page.reload();
  // The reader opens it again from the library.
  await page.getByRole('tab', { name: 'Library' }).click();
  await page.locator('.library-item', { hasText: 'Strike hits the town' }).getByRole('button', { name: 'Open' }).click();
  await page.waitForFunction(() => document.querySelector('#article .headline')?.textContent === 'Strike hits the town');
  await waitForMarks(page);
  const after = await reported(page);
  assert.ok(!after.some((r) => r.id === unnamed.id), 'the rejected claim does not come back');
  assert.ok(after.some((r) => r.id === named.id), 'the other claim is still marked');
  await page.getByRole('tab', { name: 'Sources' }).click();
  assert.equal(await summaryCount(page, 'unnamed'), '0');
  await page.close();
});

test('reported statements and their corrections travel in a backup to a fresh browser; the W3C export carries source and cue', async () => {
  const browser = await freshBrowser();
  const page = await pasteArticle(browser);
  const before = await reported(page);
  const unnamed = before.find((r) => r.text === UNNAMED);
  const named = before.find((r) => r.text === NAMED);
  assert.ok(unnamed && named, JSON.stringify(before));
  // Corrections: the unnamed claim rejected; the other's source renamed and its kind changed.
  await clickMark(page, UNNAMED);
  let card = page.getByRole('dialog', { name: 'Annotation' });
  await card.getByRole('button', { name: 'Reject' }).click();
  await clickMark(page, NAMED);
  card = page.getByRole('dialog', { name: 'Annotation' });
  await card.getByLabel('Source', { exact: true }).fill('Mayor Anna Kovacs');
  await card.getByLabel('Kind of source').selectOption('organisation');
  await card.getByRole('button', { name: 'Save' }).click();
  await page.keyboard.press('Escape');
  await page.waitForFunction((id) => document.querySelector(`#article mark[data-id="${id}"]`)
    ?.getAttribute('aria-label')?.includes('Mayor Anna Kovacs'), named.id);
  assert.equal(await mark(page, NAMED).getAttribute('data-source-kind'), 'organisation');
  await waitForSaved(page);

  const w3cPath = await download(page, 'W3C JSON-LD', scratch);
  const w3c = JSON.parse(await readFile(w3cPath, 'utf8'));
  const item = w3c.first.items.find((i) => i['aa:kind'] === 'reported');
  assert.ok(item, 'the W3C export holds the reported statement');
  const roles = item.body.filter((b) => b['aa:role']).map((b) => `${b['aa:role']}:${b.type}`).sort();
  assert.deepEqual(roles, ['cue:SpecificResource', 'source:SpecificResource']);
  const checker = w3cChecker('tests/e2e/sources.test.mjs: the W3C MUSTs of an export with reported statements');
  if (checker) assert.match(execFileSync('python3', [checker, w3cPath]).toString(), /, 0 failed/);

  const backupPath = await download(page, 'Backup (.json)', scratch);
  // A colleague opens the backup: the article, with the rejection and the corrections.
  const colleague = await freshBrowser();
  const other = await openPage(colleague.context, `${server.origin}/`);
  await openFile(other, backupPath);
  await other.waitForFunction(() => document.querySelector('#article .headline')?.textContent === 'Strike hits the town');
  await waitForMarks(other);
  await other.waitForFunction((id) => document.querySelector(`#article mark[data-id="${id}"]`)
    ?.getAttribute('aria-label')?.includes('Mayor Anna Kovacs'), named.id);
  assert.equal(await other.locator(`#article mark[data-id="${unnamed.id}"]`).count(), 0, 'the rejected claim stays rejected');
  assert.equal(await mark(other, NAMED).getAttribute('data-source-kind'), 'organisation');
  await other.close();
  await page.close();
});
