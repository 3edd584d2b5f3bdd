// The README's promises that no other test backs, each as a reader meets it: a full store offers
// a backup that holds the work and restores it elsewhere; opening a backup merges it (what was
// deleted since stays deleted, nothing doubles); an orphan travels in the annotated page and in
// the share link; and the limits of "Hostile input" — a backup of at most 100,000 records, a share
// link of at most 8 MB, marks drawn 32 deep and 2,000 to a paragraph — refuse or cap with a word,
// keep the open article and leave the rest in the panels and cards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { serveStatic, launchBrowser, openPage, screenshot, plainTextBlocks, ROOT } from './harness.mjs';
import {
  waitForEngines, waitForSaved, annotate, notesShown, openFile, download, importForReview, fillStore,
  holdStoreLock, storedArticle,
} from './annotate-helpers.mjs';

const SAMPLE = await readFile(join(ROOT, 'assets/samples/nato-eu-cooperation.txt'), 'utf8');
const SAMPLE_HEADLINE = 'NATO FMs agree to step up cooperation with EU';
let server;
let scratch;
const browsers = [];

before(async () => {
  server = await serveStatic();
  scratch = await mkdtemp(join(tmpdir(), 'annotator-promises-'));
});
after(async () => {
  for (const browser of browsers) await browser.close();
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

/** A browser with an empty profile (another machine), allowed to use the clipboard. */
async function freshBrowser() {
  const browser = await launchBrowser();
  browsers.push(browser);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  return browser;
}

async function openApp(browser) {
  const page = await openPage(browser.context, `${server.origin}/`);
  await waitForEngines(page);
  return page;
}

const headline = async (page) => (await page.textContent('#article .headline')).trim();
const headlineIs = (page, text, timeout = 30000) =>
  page.waitForFunction((t) => document.querySelector('#article .headline')?.textContent === t, text, { timeout });
const cardOf = (page) => page.getByRole('dialog', { name: 'Annotation' });
const notice = (page) => page.getByTestId('notice');

async function scratchFile(name, content) {
  const path = join(scratch, `${Date.now()}-${name}`);
  await writeFile(path, content);
  return path;
}

/** Pastes `text` as a new article and waits until it and its marks are on the page. */
async function pasteArticle(page, text) {
  await page.getByRole('button', { name: 'Paste text' }).click();
  await page.getByLabel(/Paste the article/).fill(text);
  await page.getByRole('button', { name: 'Open pasted text' }).click();
  await headlineIs(page, text.split('\n')[0]);
  await page.locator('[data-testid="analysing"]').waitFor({ state: 'detached', timeout: 30000 });
}

/** A stamp's time and counter, to compare two writes of one record. */
const stampOrder = (stamp) => stamp.split('.').slice(0, 2).map(Number);
const newer = (a, b) => {
  const [x, y] = [stampOrder(a), stampOrder(b)];
  return x[0] > y[0] || (x[0] === y[0] && x[1] > y[1]);
};

/** A W3C annotation of the sample on `start..end` (code points), with a note and a kind. */
function w3cItem(start, end, note, kind = 'question') {
  return {
    type: 'Annotation', 'aa:kind': kind,
    body: { type: 'TextualBody', purpose: 'commenting', value: note },
    target: { selector: [
      { type: 'TextQuoteSelector', exact: [...SAMPLE].slice(start, end).join('') },
      { type: 'TextPositionSelector', start, end },
    ] },
  };
}
const w3cPage = (items) => JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationPage', items });

/** Imports a W3C file of `items` through the Share panel; resolves once they are taken. */
async function importItems(page, name, items) {
  const review = await importForReview(page, await scratchFile(name, w3cPage(items)));
  assert.match(await review.textContent(), new RegExp(`: ${items.length} new `));
  await review.getByRole('button', { name: 'Import' }).click();
  await notice(page).filter({ hasText: `Imported ${items.length} annotations` }).waitFor({ timeout: 30000 });
}

// ---------------------------------------------------------------------------------------------
// "When the store is full, your work stays in the tab and the page offers a backup."

test('a full store: the page says so, and the backup it offers holds the work and restores it in another browser', async () => {
  const browser = await freshBrowser();
  const page = await openApp(browser);
  // Another page of the site fills the store to the last byte.
  const store = await fillStore(browser.context, server.origin);
  await annotate(page, 'partner countries', 'written while the store was full');
  const full = notice(page).filter({ hasText: /storage for this page is full/ });
  await full.waitFor();
  assert.match(await full.textContent(), /Your work is kept in this tab/);
  await page.getByTestId('save-status').filter({ hasText: 'Not saved' }).waitFor();
  await screenshot(page, 'promise-store-full-offers-backup');
  // The button the notice offers downloads the work.
  const offered = full.getByRole('button', { name: 'Download a backup' });
  assert.equal(await offered.count(), 1, 'the notice offers a backup');
  const path = await download(page, offered, scratch);
  const backup = JSON.parse(await readFile(path, 'utf8'));
  assert.equal(backup.format, 'article-annotator-backup');
  assert.equal(backup.text, SAMPLE);
  assert.deepEqual(Object.values(backup.layer.annotations).map((r) => r.value?.note), ['written while the store was full']);
  await store.empty();
  await page.close();
  // Opened in another browser, it restores the work.
  const other = await openApp(await freshBrowser());
  await openFile(other, path);
  await other.locator('#article mark[data-kind="highlight"]').first().waitFor();
  assert.equal(await other.locator('#article mark[data-kind="highlight"]').textContent(), 'partner countries');
  assert.match((await notesShown(other)).join(), /written while the store was full/);
  await waitForSaved(other);
  await other.reload();
  await waitForEngines(other);
  assert.match((await notesShown(other)).join(), /written while the store was full/, 'and it is saved there');
  await other.close();
});

// ---------------------------------------------------------------------------------------------
// "Opening a backup merges it with what this browser holds (the newest version of each
// annotation wins, deletions made since stay deleted)."

test('opening a backup merges it: what was deleted since stays deleted, what was made since stays, nothing doubles', async () => {
  const browser = await freshBrowser();
  const page = await openApp(browser);
  const a = await annotate(page, 'partner countries', 'A: in the backup and kept');
  const b = await annotate(page, 'two blocs', 'B: in the backup, deleted since');
  await waitForSaved(page);
  const backupPath = await download(page, 'Backup (.json)', scratch);
  const backup = JSON.parse(await readFile(backupPath, 'utf8'));
  assert.ok(backup.layer.annotations[a]?.value && backup.layer.annotations[b]?.value, 'the backup holds A and B');
  // B deleted after the backup was made; C made after it.
  await page.locator(`#article mark[data-id="${b}"]`).first().click();
  await cardOf(page).getByRole('button', { name: 'Delete' }).click();
  await page.locator(`#article mark[data-id="${b}"]`).first().waitFor({ state: 'detached' });
  const c = await annotate(page, 'increased military mobility', 'C: made after the backup');
  await waitForSaved(page);
  const deletion = (await storedArticle(page)).value.layer.annotations[b];
  assert.equal(deletion.value, null, 'B is deleted in the store');
  assert.ok(newer(deletion.at, backup.layer.annotations[b].at), `the deletion (${deletion.at}) is newer than the backup's B (${backup.layer.annotations[b].at})`);
  // The reader moves on to another article, then opens the backup file. Another tab holds the
  // store's lock meanwhile, so what shows is the page's own merge, not a later save's.
  await pasteArticle(page, 'Another article\n\nSomething else entirely happened on Tuesday.');
  const lock = await holdStoreLock(browser.context, server.origin);
  await openFile(page, backupPath);
  await headlineIs(page, SAMPLE_HEADLINE);
  const names = { [a]: 'A', [b]: 'B', [c]: 'C' };
  const shown = async () => {
    const ids = await page.$$eval('#article mark[data-kind="highlight"]', (ms) => ms.map((m) => m.dataset.id));
    return [...new Set(ids)].map((id) => names[id] ?? `another (${id})`).sort();
  };
  assert.deepEqual(await shown(), ['A', 'C'], 'A and C are there, B stays deleted');
  const notes = await notesShown(page);
  assert.doesNotMatch(notes.join('\n'), /B: in the backup/);
  assert.equal(notes.length, 2, 'nothing is duplicated');
  await lock.release();
  await waitForSaved(page);
  await page.reload();
  await waitForEngines(page);
  assert.deepEqual(await shown(), ['A', 'C'], 'the same after a reload');
  const kept = await notesShown(page);
  assert.equal(kept.length, 2);
  assert.match(kept.join('\n'), /A: in the backup and kept/);
  assert.match(kept.join('\n'), /C: made after the backup/);
  await page.close();
});

// ---------------------------------------------------------------------------------------------
// "…every export carries the orphans too": the annotated page and the share link.

const ORPHAN_WORDS = 'a sentence the editors cut';
const ORPHAN_NOTE = 'from the first edition';

/** A fresh page of the sample holding one orphan (imported words the article does not have). */
async function pageWithOrphan() {
  const page = await openApp(await freshBrowser());
  const file = await scratchFile('orphan.jsonld', w3cPage([{
    type: 'Annotation', body: { type: 'TextualBody', purpose: 'commenting', value: ORPHAN_NOTE },
    target: { selector: { type: 'TextQuoteSelector', exact: ORPHAN_WORDS } },
  }]));
  const review = await importForReview(page, file);
  assert.match(await review.textContent(), /1 that cannot be placed/);
  await review.getByRole('button', { name: 'Import' }).click();
  await page.getByRole('heading', { name: 'Not placed (orphans)' }).waitFor();
  await waitForSaved(page);
  return page;
}

/** Waits until `page` lists the orphan, with its words and note, under "Not placed (orphans)". */
async function assertOrphanListed(page) {
  await page.getByRole('tab', { name: 'Share' }).click();
  await page.getByRole('heading', { name: 'Not placed (orphans)' }).waitFor();
  const items = await page.locator('.orphans li').allTextContents();
  assert.equal(items.length, 1);
  assert.match(items[0], new RegExp(`“${ORPHAN_WORDS}” ${ORPHAN_NOTE}`));
}

test('an orphan is in the annotated page: opened from disk in another browser, it is listed with its words', async () => {
  const page = await pageWithOrphan();
  const htmlPath = await download(page, 'Annotated page (.html)', scratch);
  await page.close();
  const fromDisk = await openPage((await freshBrowser()).context, pathToFileURL(htmlPath).href);
  await waitForEngines(fromDisk);
  await assertOrphanListed(fromDisk);
  await fromDisk.close();
});

test('an orphan is in the share link: opened in another browser, it is listed with its words', async () => {
  const page = await pageWithOrphan();
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await page.getByText(/Share link copied/).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /#share=/);
  await page.close();
  const other = await openPage((await freshBrowser()).context, link);
  await waitForEngines(other);
  await assertOrphanListed(other);
  await other.close();
});

// ---------------------------------------------------------------------------------------------
// Hostile input: "a backup of up to 100,000 records".

const MAX_BACKUP_RECORDS = 100_000;

/**
 * A backup of a short article holding `records` records: three annotations with notes, the rest
 * deletions (a deletion is a record too: it is kept so that it holds).
 */
function backupWithRecords(records) {
  const text = 'A backup of many records\n\nThe council met on Tuesday and agreed the budget.\n\nThe vote was close.';
  const annotations = {};
  for (let i = 0; i < 3; i += 1) {
    const id = `reader-a${String(i).padStart(15, '0')}`;
    annotations[id] = { at: `${1764500000000 + i}.0.00000000000000ab`, value: {
      id, kind: 'question', span: { start: 26 + i * 4, end: 29 + i * 4 }, origin: 'reader', entity: null,
      speaker: null, date: null, note: `kept note ${i}`, tags: [], color: null, modified: null } };
  }
  for (let i = 3; i < records; i += 1) annotations[`reader-${i.toString(16).padStart(16, '0')}`] = { at: `1764400000000.${i}.00000000000000ab` };
  return JSON.stringify({
    format: 'article-annotator-backup', version: 2, name: 'many.txt', title: 'A backup of many records', text,
    source_format: 'plain_text', blocks: plainTextBlocks(text), layer: { annotations },
  });
}

/**
 * Waits for whichever comes first, a notice or another article's headline; resolves to what the
 * notice says ('' for none).
 */
async function refusedOrOpened(page, otherHeadline, timeout = 60000) {
  await page.waitForFunction((other) => document.querySelector('[data-testid="notice"]')
    || document.querySelector('#article .headline')?.textContent === other, otherHeadline, { timeout });
  return page.evaluate(() => document.querySelector('[data-testid="notice"] p')?.textContent ?? '');
}

test('a backup of more than 100,000 records is refused with the limit and the open article stays; one of 100,000 opens', async () => {
  const page = await openApp(await freshBrowser());
  const mine = await annotate(page, 'partner countries', 'the open article keeps this');
  const over = await scratchFile('over.backup.json', backupWithRecords(MAX_BACKUP_RECORDS + 1));
  await openFile(page, over);
  const refusal = await refusedOrOpened(page, 'A backup of many records');
  assert.match(refusal, /Could not open .*over\.backup\.json: The backup holds 100,?001 records of work; the page opens backups of up to 100,?000\./);
  assert.match(refusal, /The article that was open stays open/);
  assert.equal(await headline(page), SAMPLE_HEADLINE);
  assert.equal(await page.locator(`#article mark[data-id="${mine}"]`).count(), 1, "the reader's work on it stays");
  await notice(page).getByRole('button', { name: 'Dismiss' }).click();
  // At the limit, it opens with its work.
  const at = await scratchFile('at.backup.json', backupWithRecords(MAX_BACKUP_RECORDS));
  await openFile(page, at);
  const said = await refusedOrOpened(page, 'A backup of many records');
  assert.equal(await headline(page), 'A backup of many records', `opened (notice: ${said})`);
  const notes = await notesShown(page);
  assert.deepEqual(notes.map((n) => n.match(/kept note \d/)?.[0]).sort(), ['kept note 0', 'kept note 1', 'kept note 2']);
  await page.close();
});

// ---------------------------------------------------------------------------------------------
// Hostile input: "a share link: 8 MB of fragment".

const MAX_FRAGMENT_CHARS = 8 * 1024 * 1024;

/** A well-formed share link of a long article of random words, its fragment just over 8 MB. */
function shareLinkOver8MB() {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const random = randomBytes(9_300_000);
  const words = [];
  let word = '';
  for (const byte of random) {
    word += letters[byte % 26];
    if (byte % 7 === 0) { words.push(word); word = ''; }
  }
  const paragraphs = [];
  for (let i = 0; i < words.length; i += 80) paragraphs.push(`${words.slice(i, i + 80).join(' ')}.`);
  const text = `A link too long to open\n\n${paragraphs.join('\n\n')}`;
  const backup = { format: 'article-annotator-backup', version: 2, name: 'long.txt', title: 'A link too long to open', text,
    source_format: 'plain_text', blocks: plainTextBlocks(text), layer: {} };
  const encoded = deflateRawSync(Buffer.from(JSON.stringify(backup))).toString('base64url');
  assert.ok(encoded.length > MAX_FRAGMENT_CHARS && encoded.length < MAX_FRAGMENT_CHARS * 1.2, `the fragment holds ${encoded.length} characters`);
  return `${server.origin}/#share=${encoded}`;
}

test('a share link of over 8 MB is refused at once with the limit; the open article and its work stay', async () => {
  const page = await openApp(await freshBrowser());
  await pasteArticle(page, 'My own article\n\nThe mayor said the bridge would reopen on Friday.');
  const mine = await annotate(page, 'the bridge', 'mine, before the link');
  await waitForSaved(page);
  // Chromium's address bar takes URLs of up to 2 MB, so the link reaches the page the way a
  // link pasted into the address of an open tab does, when the browser lets it through: the
  // fragment changes, the page does not load again.
  const link = shareLinkOver8MB();
  await page.evaluate((address) => { location.href = address; }, link);
  assert.ok(await page.evaluate(() => location.hash.length) > MAX_FRAGMENT_CHARS, 'the page holds the whole link');
  const refusal = await refusedOrOpened(page, 'A link too long to open', 20000);
  assert.match(refusal, /This share link is too long to open \(8\.\d MB; the page opens links of up to 8 MB\)/);
  assert.match(refusal, /The article that was open stays open/);
  assert.equal(await headline(page), 'My own article');
  assert.equal(await page.locator(`#article mark[data-id="${mine}"]`).count(), 1);
  // Nothing hangs: the page answers the next thing the reader does.
  await notice(page).getByRole('button', { name: 'Dismiss' }).click();
  await page.getByLabel('Search annotations').fill('before the link');
  await page.getByRole('tab', { name: 'Notes' }).click();
  await page.locator('.note-item', { hasText: 'mine, before the link' }).waitFor({ timeout: 5000 });
  assert.deepEqual(page.errors, []);
  await page.close();
});

// ---------------------------------------------------------------------------------------------
// Hostile input: "marks drawn: 32 nested on the same words, 2,000 in one paragraph (the rest stay
// in the panels and cards)".

const MAX_MARK_DEPTH = 32;
const MAX_MARKS_PER_PARAGRAPH = 2000;
const PARAGRAPH = "New agreements were reached with the EU regarding increased military mobility, strengthened information exchange in counter-terrorism operations and coordinated support for partner countries, and more promotion of women's role in peace and security.";
const PARAGRAPH_AT = [...SAMPLE.slice(0, SAMPLE.indexOf(PARAGRAPH))].length;

/** The deepest nesting of marks on the page, and how many annotations are drawn in `paragraph`. */
async function drawn(page, paragraphStart) {
  return page.evaluate((start) => {
    let deepest = 0;
    for (const mark of document.querySelectorAll('#article mark')) {
      let depth = 0;
      for (let node = mark; node; node = node.parentElement?.closest('mark')) depth += 1;
      deepest = Math.max(deepest, depth);
    }
    const paragraph = [...document.querySelectorAll('#article p.paragraph')].find((p) => p.textContent.startsWith(start));
    const ids = new Set([...paragraph.querySelectorAll('mark')].map((m) => m.dataset.id));
    return { deepest, inParagraph: ids.size };
  }, paragraphStart);
}

/** The page answers the reader: a search typed in the box filters the Notes panel to `note`. */
async function searchFinds(page, note) {
  await page.getByLabel('Search annotations').fill(note);
  await page.getByRole('tab', { name: 'Notes' }).click();
  await page.waitForFunction((n) => {
    const items = [...document.querySelectorAll('.note-item')];
    return items.length === 1 && items[0].textContent.includes(n);
  }, note, { timeout: 5000 });
}

test('more than 32 annotations on the same words: 32 are drawn nested, all are in the card and the Notes panel', async () => {
  const page = await openApp(await freshBrowser());
  const start = PARAGRAPH_AT + PARAGRAPH.indexOf('military mobility');
  const end = start + 'military mobility'.length;
  const count = 40;
  await importItems(page, 'nested.jsonld', Array.from({ length: count }, (_, i) => w3cItem(start, end, `nested note [${i}]`)));
  await page.locator('#article mark[data-kind="question"]').first().waitFor();
  const { deepest } = await drawn(page, 'New agreements');
  assert.equal(deepest, MAX_MARK_DEPTH, `marks nest ${MAX_MARK_DEPTH} deep at most (and here reach it)`);
  // On those words: the engines' marks (if any) outside, then as many of the 40 as there is room for.
  const onWords = await page.$$eval('#article mark[data-kind="question"]', (ms) => ({
    drawn: new Set(ms.map((m) => m.dataset.id)).size,
    engines: Math.max(...ms.map((m) => {
      let outside = 0;
      for (let node = m.parentElement?.closest('mark'); node; node = node.parentElement?.closest('mark')) {
        if (node.dataset.kind !== 'question') outside += 1;
      }
      return outside;
    })),
  }));
  assert.equal(onWords.drawn, MAX_MARK_DEPTH - onWords.engines, `${onWords.drawn} of the ${count} drawn`);
  await screenshot(page, 'promise-nested-marks');
  // The innermost drawn one's card reaches every other annotation on these words.
  const innermost = page.locator('#article mark[data-kind="question"]:not(:has(mark))').first();
  await innermost.click();
  const others = cardOf(page).locator('.card-others button', { hasText: /^Question$/ });
  await others.first().waitFor();
  assert.equal(await others.count(), count - 1, 'the card lists the others, drawn or not');
  await page.keyboard.press('Escape');
  assert.equal((await notesShown(page)).filter((n) => /nested note \[\d+\]/.test(n)).length, count, 'the Notes panel lists all');
  // Each of them, drawn or not, opens from the Notes panel; the page answers at once.
  for (const i of [0, count - 1]) {
    await searchFinds(page, `nested note [${i}]`);
    await page.locator('.note-item').getByRole('button', { name: 'Edit' }).click();
    await page.waitForFunction((n) => document.getElementById('annotation-note')?.value === n, `nested note [${i}]`);
    await page.keyboard.press('Escape');
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('more than 2,000 annotations in one paragraph: 2,000 are drawn, the rest are in the Notes panel and their cards', async () => {
  const page = await openApp(await freshBrowser());
  // 2,000 annotations of one character each over the paragraph up to its last word (about nine
  // on each character, well within the nesting limit), then 100 on its last word, after them.
  const lastWord = PARAGRAPH_AT + PARAGRAPH.indexOf('security');
  const items = [];
  for (let i = 0; i < MAX_MARKS_PER_PARAGRAPH; i += 1) {
    const at = PARAGRAPH_AT + (i % (lastWord - PARAGRAPH_AT - 1));
    items.push(w3cItem(at, at + 1, `character note [${i}]`));
  }
  items.sort((x, y) => x.target.selector[1].start - y.target.selector[1].start);
  for (let i = 0; i < 100; i += 1) items.push(w3cItem(lastWord, lastWord + 'security'.length, `last word note [${i}]`));
  await importItems(page, 'crowded.jsonld', items);
  await page.locator('#article mark[data-kind="question"]').first().waitFor();
  const { deepest, inParagraph } = await drawn(page, 'New agreements');
  assert.equal(inParagraph, MAX_MARKS_PER_PARAGRAPH, `${MAX_MARKS_PER_PARAGRAPH} annotations drawn in the paragraph`);
  assert.ok(deepest <= MAX_MARK_DEPTH);
  const onLastWord = await page.$$eval('#article mark[data-kind="question"]', (ms) => ms.filter((m) => m.textContent === 'security').length);
  assert.equal(onLastWord, 0, 'the ones after the first 2,000 in text order are not drawn');
  await screenshot(page, 'promise-crowded-paragraph');
  assert.equal((await notesShown(page)).filter((n) => /(character|last word) note \[\d+\]/.test(n)).length, items.length, 'the Notes panel lists all');
  // One that is not drawn opens its card from the Notes panel; the page answers at once.
  await searchFinds(page, 'last word note [99]');
  await page.locator('.note-item').getByRole('button', { name: 'Edit' }).click();
  await page.waitForFunction(() => document.getElementById('annotation-note')?.value === 'last word note [99]');
  assert.equal(await cardOf(page).locator('.card-quote').textContent(), 'security');
  assert.deepEqual(page.errors, []);
  await page.close();
});
