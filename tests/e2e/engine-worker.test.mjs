// The engines run in a worker (issue 13): a long article shows at once and the page answers the
// reader while its marks are made; the first screen is marked before the rest; an article opened
// meanwhile never gets the marks of the one before; saved pages are read in the worker.
//
// These tests check the ORDER of what a reader sees, recorded in the page by a MutationObserver,
// never a duration: with the engines on the main thread (the build before), the marks of the
// whole article always come before any key typed after the click is handled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic, launchBrowser, openPage, screenshot, DIST, longSampleArticle } from './harness.mjs';
import { waitForEngines, dragSelect, freshAnnotatedPage } from './annotate-helpers.mjs';

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

/** A long article (about 1 MB): the sample's paragraphs, with their quotes and names, repeated. */
const longArticle = async (headline) => (await longSampleArticle(headline)).text;

const freshPage = () => freshAnnotatedPage(browser.context, server.origin);

/** Pastes text into the paste box (as its input event would) without opening it yet. */
async function fillPasteBox(page, text) {
  await page.getByRole('button', { name: 'Paste text' }).click();
  await page.locator('#paste-box').evaluate((box, value) => {
    box.value = value;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

/**
 * Starts recording, in the page, the order of: the first quote mark in the article headed
 * `headline`,
 * the whole article marked (the last paragraph naming Tillerson has its person mark), and the
 * search box holding `query` with the Notes panel listing just the note holding `noteText`.
 * (No function is passed in as text: the page's policy forbids eval, rightly.)
 */
async function recordOrder(page, { headline, query, noteText }) {
  await page.evaluate(({ headline, query, noteText }) => {
    const panel = () => {
      const items = [...document.querySelectorAll('.side-panel .note-item')];
      return document.querySelector('#search')?.value === query
        && items.length === 1 && items[0].textContent.includes(noteText);
    };
    window.__order = [];
    const note = (event) => { if (!window.__order.includes(event)) window.__order.push(event); };
    const check = () => {
      const opened = document.querySelector('#article .headline')?.textContent === headline;
      if (opened && document.querySelector('#article mark[data-kind="quote"]')) note('first marks');
      const named = [...document.querySelectorAll('#article p.paragraph')].filter((p) => p.textContent.includes('Tillerson'));
      if (named.length > 100 && named[named.length - 1].querySelector('mark[data-kind="person"]')) note('whole article marked');
      if (panel()) note('search answered');
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    // Typing changes the box's value, which is no mutation: the input event, once it has gone
    // through the page (the app listens above the box), is checked too.
    window.addEventListener('input', check);
  }, { headline, query, noteText });
}

test('the reader can search while a long article is being marked; the first screen is marked first', async () => {
  const page = await freshPage();
  const headline = 'A long article, analysed in the background';
  const article = await longArticle(headline);
  // The reader's own note on this article, made once it is open and marked.
  await fillPasteBox(page, article);
  await page.getByRole('button', { name: 'Open pasted text' }).click();
  await page.waitForFunction((h) => document.querySelector('#article .headline')?.textContent === h, headline);
  await waitForEngines(page);
  await dragSelect(page, 'increased military mobility');
  await page.getByRole('toolbar', { name: 'Annotate the selection' }).getByRole('button', { name: 'Highlight yellow' }).click();
  const card = page.getByRole('dialog', { name: 'Annotation' });
  await card.getByLabel('Note').fill('Ask the ministry about mobility budgets');
  await card.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('tab', { name: 'Notes' }).click();
  await page.locator('.note-item').first().waitFor();

  // Another article, then this one again: its marks are made anew while the reader searches.
  await page.getByRole('button', { name: 'Sample article' }).click();
  await page.waitForFunction((h) => document.querySelector('#article .headline')?.textContent !== h, headline);
  await waitForEngines(page);
  await page.locator('#search').fill('zzz-no-match');
  await page.locator('.side-panel .empty').waitFor();
  await fillPasteBox(page, article);
  await recordOrder(page, { headline, query: 'ministry budgets', noteText: 'Ask the ministry' });
  await page.getByRole('button', { name: 'Open pasted text' }).click();
  await page.waitForFunction((h) => document.querySelector('#article .headline')?.textContent === h, headline);
  // The reader's note is back at once; the reader types a search while the marks are made.
  await page.locator('#search').fill('');
  await page.locator('#search').pressSequentially('ministry budgets');
  await page.locator('[data-testid="analysing"]').waitFor({ state: 'detached', timeout: 60000 });
  await page.waitForFunction(() => window.__order.includes('whole article marked'));
  const order = await page.evaluate(() => window.__order);
  assert.ok(order.includes('search answered') && order.includes('first marks'), order.join(' → '));
  assert.ok(order.indexOf('search answered') < order.indexOf('whole article marked'),
    `the search answered before the whole article was marked: ${order.join(' → ')}`);
  assert.ok(order.indexOf('first marks') < order.indexOf('whole article marked'),
    `the first screen was marked before the rest: ${order.join(' → ')}`);
  await screenshot(page, 'long-article-marked');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an article opened while another is being marked gets its own marks only', async () => {
  const page = await freshPage();
  const sampleQuotes = await page.locator('#article mark[data-kind="quote"][data-first]').count();
  const samplePeople = await page.locator('#article mark[data-kind="person"][data-first]').count();
  const headline = 'A long article opened and left at once';
  await fillPasteBox(page, await longArticle(headline));
  await page.getByRole('button', { name: 'Open pasted text' }).click();
  await page.waitForFunction((h) => document.querySelector('#article .headline')?.textContent === h, headline);
  await screenshot(page, 'long-article-while-marking');
  // At once, the sample again: the worker is still on the long article.
  await page.getByRole('button', { name: 'Sample article' }).click();
  await page.waitForFunction((h) => document.querySelector('#article .headline')?.textContent !== h, headline);
  // The worker answers in order: once the sample is marked, anything for the long article came
  // before and was dropped.
  await waitForEngines(page);
  assert.equal(await page.locator('#article mark[data-kind="quote"][data-first]').count(), sampleQuotes);
  assert.equal(await page.locator('#article mark[data-kind="person"][data-first]').count(), samplePeople);
  assert.equal(await page.locator('#article p.paragraph').count(), 13);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('when the engine worker cannot load, the reader is told and can still read, annotate and open text files', async () => {
  // A copy of the site whose engine module is missing (a half-uploaded site, a blocked file).
  const dir = await mkdtemp(join(tmpdir(), 'no-engine-'));
  await cp(DIST, dir, { recursive: true });
  await rm(join(dir, 'engine-worker_bg.wasm'));
  const broken = await serveStatic(dir);
  try {
    const page = await openPage(browser.context, `${broken.origin}/`);
    const banner = page.getByRole('status').filter({ hasText: 'Quotes, names and dates are not marked' });
    await banner.waitFor({ timeout: 40000 });
    assert.match(await banner.textContent(), /has not answered in 20 seconds/);
    assert.equal(await page.locator('[data-testid="analysing"]').count(), 0, 'no endless "Marking…"');
    assert.equal(await page.locator('#article p.paragraph').count(), 13, 'the article is there');
    await dragSelect(page, 'increased military mobility');
    await page.getByRole('toolbar', { name: 'Annotate the selection' }).getByRole('button', { name: 'Highlight yellow' }).click();
    await page.locator('#article mark[data-kind="highlight"]').first().waitFor();
    // A plain text file is read by the page itself, like pasted text: it opens all the same.
    await page.setInputFiles('#file-input', { name: 'notes from the harbour.txt', mimeType: 'text/plain',
      buffer: Buffer.from('Harbour reopens\n\nThe harbour at Ålesund reopened on Monday.') });
    await page.waitForFunction(() => document.querySelector('#article .headline')?.textContent === 'Harbour reopens');
    assert.deepEqual(await page.locator('#article p.paragraph').allTextContents(), ['The harbour at Ålesund reopened on Monday.']);
    await page.close();
  } finally {
    await broken.close();
    await rm(dir, { recursive: true, force: true });
  }
});


test('a long article is laid out in boxes the browser skips off screen, and a selection across two boxes is one highlight', async () => {
  const page = await freshPage();
  const headline = 'A long article in boxes';
  const { text, paragraphs } = await longSampleArticle(headline);
  await fillPasteBox(page, text);
  await page.getByRole('button', { name: 'Open pasted text' }).click();
  await page.waitForFunction((h) => document.querySelector('#article .headline')?.textContent === h, headline);
  await waitForEngines(page);
  // All its blocks on the page (they are added a chunk per frame).
  await page.waitForFunction((n) => document.querySelectorAll('#article .block-text').length >= n, paragraphs);
  // Every block sits in a box of at most 40 that the browser may skip while it is off screen.
  const { boxes, blocks } = await page.evaluate(() => ({
    boxes: [...document.querySelectorAll('#article .block-chunk')].map((box) => ({
      blocks: box.querySelectorAll('.block-text').length,
      skippable: getComputedStyle(box).contentVisibility,
    })),
    blocks: document.querySelectorAll('#article .block-text').length,
  }));
  assert.ok(blocks > 5000, `${blocks} blocks`);
  assert.equal(boxes.reduce((sum, box) => sum + box.blocks, 0), blocks, 'every block is in a box');
  assert.ok(boxes.every((box) => box.blocks > 0 && box.blocks <= 40), 'boxes of at most 40 blocks');
  assert.ok(boxes.every((box) => box.skippable === 'auto'), 'content-visibility: auto on every box');
  // The reader drags from the end of the second box's last paragraph into the third box's first.
  const { needle, nth } = await page.evaluate(() => {
    const [, second, third] = document.querySelectorAll('#article .block-chunk');
    const before = [...second.querySelectorAll('.block-text')].pop().textContent;
    const after = third.querySelector('.block-text').textContent;
    const needle = before.slice(-25) + after.slice(0, 25);
    // Which occurrence (the article repeats its paragraphs): count those before this one, which
    // starts 25 characters before the third box's text.
    const root = document.getElementById('article');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let offset = 0;
    while (walker.nextNode() && !third.contains(walker.currentNode)) offset += walker.currentNode.data.length;
    const text = root.textContent;
    const boundary = offset - 25;
    if (text.slice(boundary, boundary + needle.length) !== needle) throw new Error('the boundary was not found');
    let nth = 0;
    for (let at = text.indexOf(needle); at >= 0 && at < boundary; at = text.indexOf(needle, at + 1)) nth += 1;
    return { needle, nth };
  });
  await dragSelect(page, needle, { nth });
  await page.getByRole('toolbar', { name: 'Annotate the selection' }).getByRole('button', { name: 'Highlight yellow' }).click();
  await page.locator('#article mark[data-kind="highlight"]').first().waitFor();
  const ids = await page.evaluate(() => [...document.querySelectorAll('#article .block-chunk')].slice(1, 3)
    .map((box) => [...box.querySelectorAll('mark[data-kind="highlight"]')].map((mark) => mark.dataset.id)));
  assert.equal(ids[0].length > 0 && ids[1].length > 0, true, `the highlight spans both boxes: ${JSON.stringify(ids)}`);
  assert.equal(new Set([...ids[0], ...ids[1]]).size, 1, 'one highlight');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a subheading that starts a box is spaced like one inside a box', async () => {
  const page = await freshPage();
  // A headline, then seven paragraphs and a subheading, again and again: blocks 8, 16, … 40, …
  // are subheadings, and block 40 is the first of the second box.
  const parts = ['# Boxes and their margins', ''];
  for (let section = 1; section <= 8; section += 1) {
    for (let p = 1; p <= 7; p += 1) parts.push(`Paragraph ${p} of section ${section}, long enough to be a paragraph of an article.`, '');
    parts.push(`## Section ${section + 1}`, '');
  }
  await page.setInputFiles('#file-input', { name: 'sections.md', mimeType: 'text/markdown', buffer: Buffer.from(parts.join('\n')) });
  await page.waitForFunction(() => document.querySelector('#article .headline')?.textContent === 'Boxes and their margins');
  const gaps = await page.evaluate(() => {
    const boxes = [...document.querySelectorAll('#article .block-chunk')];
    const gapBefore = (heading) => {
      const blocks = [...document.querySelectorAll('#article .block-chunk > *')];
      const previous = blocks[blocks.indexOf(heading) - 1];
      return heading.getBoundingClientRect().top - previous.getBoundingClientRect().bottom;
    };
    const inside = boxes[0].querySelector('.subheading');
    const starting = boxes[1].firstElementChild;
    return { startsWithHeading: starting.classList.contains('subheading'), inside: gapBefore(inside), starting: gapBefore(starting) };
  });
  assert.ok(gaps.startsWithHeading, 'the second box starts with a subheading');
  assert.ok(gaps.inside > 10, `a subheading keeps its space: ${gaps.inside}px`);
  assert.ok(Math.abs(gaps.starting - gaps.inside) <= 1, `the same space before a subheading inside a box (${gaps.inside}px) and at its start (${gaps.starting}px)`);
  assert.deepEqual(page.errors, []);
  await page.close();
});
