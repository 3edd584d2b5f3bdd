// The engines run in a worker (issue 13): a long article shows at once and the page answers the
// reader while its marks are made; the first screen is marked before the rest; an article opened
// meanwhile never gets the marks of the one before; saved pages are read in the worker.
//
// The worker's answers are held by a gate the test controls (workerGate, installed in every
// page): what the reader sees is asserted while marking is certainly under way — the worker has
// been asked, its answers wait in the gate — and again after each answer is let through. No
// race against the worker's speed: with the engines on the page's own thread (the build before
// the worker), no request ever reaches the gate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic, launchBrowser, openPage, screenshot, DIST, longSampleArticle } from './harness.mjs';
import { waitForEngines, dragSelect, freshAnnotatedPage, marks } from './annotate-helpers.mjs';

/**
 * Installed in every page before its own scripts: wraps the page's Worker so that the messages
 * from a worker reach the page (gloo's bridge listens through `onmessage`) only while the gate
 * is open. `__workerGate.hold()` closes it; what arrives then is queued, in order, and
 * `release(count)` delivers the first `count` queued messages (all by default), each in a task
 * of its own, as the browser delivers a worker's messages. Requests to the worker and answers
 * are described by kind and job (the JSON the page and the worker exchange starts with them).
 */
function workerGate() {
  const Native = window.Worker;
  if (!Native) return;
  const describe = (data) => {
    const head = typeof data === 'string' ? data.slice(0, 200) : '';
    const match = /^\{"Process(?:Input|Output)":\[\d+,\{"(\w+)":\{"job":(\d+)(?:,"text":"((?:[^"\\]|\\.){0,60}))?/.exec(head);
    return match ? { kind: match[1], job: Number(match[2]), text: match[3] ?? null } : { kind: head.slice(0, 40), job: null, text: null };
  };
  const gate = { holding: false, queue: [], requests: [], delivered: [] };
  const deliver = ({ worker, event }) => {
    gate.delivered.push(describe(event.data));
    worker.__onmessage?.call(worker, event);
  };
  window.__workerGate = {
    hold() { gate.holding = true; },
    /**
     * Delivers the first `count` held messages and goes on holding the rest; without `count`,
     * delivers all and opens. A task each; resolves after the last.
     */
    async release(count) {
      if (count === undefined) gate.holding = false;
      const due = gate.queue.splice(0, count ?? gate.queue.length);
      for (const message of due) {
        // A task of its own, as the browser delivers each of a worker's messages.
        await new Promise((done) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => done();
          channel.port2.postMessage(null);
        });
        deliver(message);
      }
      // What came in meanwhile, in order, once open.
      while (!gate.holding && gate.queue.length) deliver(gate.queue.shift());
      return due.map((message) => describe(message.event.data));
    },
    held: () => gate.queue.map((message) => describe(message.event.data)),
    requests: () => gate.requests.slice(),
    delivered: () => gate.delivered.slice(),
  };
  window.Worker = class GatedWorker extends Native {
    constructor(...args) {
      super(...args);
      Object.defineProperty(this, 'onmessage', {
        get: () => this.__onmessage ?? null,
        set: (handler) => { this.__onmessage = handler; },
        configurable: true,
      });
      this.addEventListener('message', (event) => {
        if (gate.holding || gate.queue.length) gate.queue.push({ worker: this, event });
        else deliver({ worker: this, event });
      });
    }

    postMessage(data, ...rest) {
      gate.requests.push(describe(data));
      return super.postMessage(data, ...rest);
    }
  };
}

let server;
let browser;

before(async () => {
  server = await serveStatic();
  browser = await launchBrowser();
  await browser.context.addInitScript(workerGate);
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

const gate = {
  hold: (page) => page.evaluate(() => window.__workerGate.hold()),
  release: (page, count) => page.evaluate((count) => window.__workerGate.release(count ?? undefined), count ?? null),
  held: (page) => page.evaluate(() => window.__workerGate.held()),
  delivered: (page) => page.evaluate(() => window.__workerGate.delivered()),
  /** The newest job asked of the worker so far (0: none). */
  lastJob: (page) => page.evaluate(() => Math.max(0, ...window.__workerGate.requests().map((r) => r.job ?? 0))),
  /** The job of an analysis asked after job `after` for an article starting with `start`, once asked. */
  analysisOf: async (page, start, after) => {
    const handle = await page.waitForFunction(([start, after]) => window.__workerGate.requests()
      .find((r) => r.kind === 'Analyse' && r.job > after && r.text?.startsWith(start))?.job, [start, after]);
    return handle.jsonValue();
  },
  /** Waits until the gate holds an answer of `kind` to `job`. */
  holds: (page, kind, job) => page.waitForFunction(([kind, job]) => window.__workerGate.held()
    .some((answer) => answer.kind === kind && answer.job === job), [kind, job], { timeout: 60000 }),
};

const headlineIs = (page, headline) =>
  page.waitForFunction((h) => document.querySelector('#article .headline')?.textContent === h, headline);
const statusOf = (page) => page.evaluate(() => document.querySelector('[data-testid="analysing"]')?.textContent ?? null);

/** The paragraphs naming Tillerson: how many, and how many of them have a person mark / a quote mark. */
const tillersonParagraphs = (page) => page.evaluate(() => {
  const named = [...document.querySelectorAll('#article p.paragraph')].filter((p) => p.textContent.includes('Tillerson'));
  return {
    count: named.length,
    withPerson: named.filter((p) => p.querySelector('mark[data-kind="person"]')).length,
    withQuote: named.filter((p) => p.querySelector('mark[data-kind="quote"]')).length,
    lastHasPerson: Boolean(named[named.length - 1]?.querySelector('mark[data-kind="person"]')),
    lastHasQuote: Boolean(named[named.length - 1]?.querySelector('mark[data-kind="quote"]')),
  };
});

test('the reader can search while a long article is being marked; the first screen is marked first', async () => {
  const page = await freshPage();
  const headline = 'A long article, analysed in the background';
  const { text: article, paragraphs } = await longSampleArticle(headline);
  // The reader's own note on this article, made once it is open and marked.
  await fillPasteBox(page, article);
  await page.getByRole('button', { name: 'Open pasted text' }).click();
  await headlineIs(page, headline);
  await waitForEngines(page);
  await dragSelect(page, 'increased military mobility');
  await page.getByRole('toolbar', { name: 'Annotate the selection' }).getByRole('button', { name: 'Highlight yellow' }).click();
  const card = page.getByRole('dialog', { name: 'Annotation' });
  await card.getByLabel('Note').fill('Ask the ministry about mobility budgets');
  await card.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('tab', { name: 'Notes' }).click();
  await page.locator('.note-item').first().waitFor();

  // Another article, then this one again, with the worker's answers held: its marks are being
  // made while the reader searches.
  await page.getByRole('button', { name: 'Sample article' }).click();
  await page.waitForFunction((h) => document.querySelector('#article .headline')?.textContent !== h, headline);
  await waitForEngines(page);
  await page.locator('#search').fill('zzz-no-match');
  await page.locator('.side-panel .empty').waitFor();
  await fillPasteBox(page, article);
  await gate.hold(page);
  const before = await gate.lastJob(page);
  await page.getByRole('button', { name: 'Open pasted text' }).click();
  await headlineIs(page, headline);
  const job = await gate.analysisOf(page, headline, before);
  // The worker has been asked and has answered the first part: the answer waits in the gate.
  await gate.holds(page, 'FirstPart', job);
  assert.equal(await statusOf(page), 'Marking quotes and names…', 'the page says it is marking');
  assert.equal(await page.locator('#article mark[data-kind="quote"]').count(), 0, 'no mark yet');
  // The reader's note is back at once; the reader types a search, which is answered now.
  await page.locator('#search').fill('');
  await page.locator('#search').pressSequentially('ministry budgets');
  await page.waitForFunction(() => {
    const items = [...document.querySelectorAll('.side-panel .note-item')];
    return items.length === 1 && items[0].textContent.includes('Ask the ministry');
  });
  assert.equal(await statusOf(page), 'Marking quotes and names…', 'still marking when the search answered');
  assert.deepEqual((await gate.delivered(page)).filter((a) => a.job === job), [], 'no answer reached the page');
  // The first part is let through: the first screens are marked, the rest not yet.
  const firstPart = (await gate.held(page)).findIndex((a) => a.kind === 'FirstPart' && a.job === job);
  await gate.release(page, firstPart + 1);
  await page.waitForFunction(() => document.querySelector('#article p.paragraph mark[data-kind="quote"]'));
  await page.waitForFunction(() => document.querySelector('[data-testid="analysing"]')?.textContent === 'Marking names and the rest…');
  // All its blocks on the page (they are added a few boxes per frame, at the machine's pace),
  // so that the end of the article can be seen unmarked.
  await page.waitForFunction((n) => document.querySelectorAll('#article .block-text').length >= n, paragraphs);
  const partly = await tillersonParagraphs(page);
  assert.ok(partly.count > 100, `${partly.count} paragraphs name Tillerson`);
  assert.ok(partly.withQuote > 0, 'the first screens have their quotes');
  assert.ok(!partly.lastHasQuote && !partly.lastHasPerson, 'the end of the article is not marked yet');
  assert.equal(partly.withPerson, 0, 'names come with the whole article');
  // The whole article is let through.
  await gate.release(page);
  await page.locator('[data-testid="analysing"]').waitFor({ state: 'detached', timeout: 60000 });
  await page.waitForFunction(() => {
    const named = [...document.querySelectorAll('#article p.paragraph')].filter((p) => p.textContent.includes('Tillerson'));
    return named.length > 100 && named[named.length - 1].querySelector('mark[data-kind="person"]')
      && named[named.length - 1].querySelector('mark[data-kind="quote"]');
  });
  await screenshot(page, 'long-article-marked');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an article opened while another is being marked gets its own marks only', async () => {
  const page = await freshPage();
  const sampleHeadline = await page.locator('#article .headline').textContent();
  const sampleMarks = (await marks(page)).map((m) => `${m.kind} ${m.label} “${m.text}”`);
  const headline = 'A long article opened and left at once';
  await fillPasteBox(page, await longArticle(headline));
  await gate.hold(page);
  const before = await gate.lastJob(page);
  await page.getByRole('button', { name: 'Open pasted text' }).click();
  await headlineIs(page, headline);
  await screenshot(page, 'long-article-while-marking');
  // Marking is under way: the worker was asked and has answered the first part, which waits.
  const longJob = await gate.analysisOf(page, headline, before);
  await gate.holds(page, 'FirstPart', longJob);
  assert.equal(await statusOf(page), 'Marking quotes and names…');
  assert.equal(await page.locator('#article mark').count(), 0);
  // Every mark shown from now on, while the sample is open, is recorded.
  await page.evaluate((sampleHeadline) => {
    window.__seen = new Set();
    const record = () => {
      if (document.querySelector('#article .headline')?.textContent !== sampleHeadline) return;
      for (const m of document.querySelectorAll('#article mark')) {
        window.__seen.add(`${m.dataset.kind} ${m.getAttribute('aria-label')} “${m.textContent}”`);
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  }, sampleHeadline);
  // The sample again, while the long article's answers are still held.
  await page.getByRole('button', { name: 'Sample article' }).click();
  await headlineIs(page, sampleHeadline);
  assert.deepEqual((await gate.delivered(page)).filter((a) => a.job === longJob), [], "none of the long article's answers reached the page");
  // The sample's analysis, asked after the long article's.
  const sampleJob = await gate.analysisOf(page, '', longJob);
  // The worker answers in order: once the sample's answer is held, all it sent before is too.
  await gate.holds(page, 'Whole', sampleJob);
  const held = await gate.held(page);
  assert.ok(held.some((a) => a.job === longJob), `the long article's answers were held: ${JSON.stringify(held)}`);
  await gate.release(page);
  await waitForEngines(page);
  assert.deepEqual((await marks(page)).map((m) => `${m.kind} ${m.label} “${m.text}”`), sampleMarks, 'the sample has its own marks');
  assert.deepEqual([...await page.evaluate(() => [...window.__seen])].filter((m) => !sampleMarks.includes(m)), [],
    'no mark of the long article was ever shown on the sample');
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
  // Blocks come to the page at the machine's pace: wait for the last subheading, in the second box.
  await page.waitForFunction(() => [...document.querySelectorAll('#article .block-chunk')].length >= 2
    && [...document.querySelectorAll('#article .subheading')].some((h) => h.textContent === 'Section 9'));
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
