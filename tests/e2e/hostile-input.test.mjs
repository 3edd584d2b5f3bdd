// An attack corpus (fixtures/xss-payloads.mjs) driven through every way text reaches the page —
// pasted text and HTML, .txt/.md/.html files chosen and dropped, file names, notes and tags,
// entity and speaker renames, search, W3C and backup imports, opened backups, share links,
// library titles, and the exported print page, annotated page and single-file app opened from
// file:// — twice: as built, and from a copy with the Content-Security-Policy removed, where an
// injected script or handler would run. Detection does not rely on the policy: the page's DOM is
// scanned for any element or attribute the app does not make (and for script URLs), every
// `securitypolicyviolation` is recorded, and every payload that runs calls top.__pwn(id).
// Nothing may be injected, run or crash, with or without the policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { readFile, writeFile, mkdtemp, rm, cp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveStatic, launchBrowser, screenshot, DIST, plainTextBlocks } from './harness.mjs';
import { waitForEngines, dragSelect, waitForSaved, holdStoreLock, storedEntries } from './annotate-helpers.mjs';
import { PAYLOADS, RAW_PAYLOADS } from './fixtures/xss-payloads.mjs';

/** Every element the app makes (its own page, panels, cards, dialogs, marks, the chart). */
const APP_TAGS = new Set(`html head meta title link script style body noscript div span p h1 h2 h3 h4
  article aside main header nav section footer figure figcaption blockquote time mark button input
  textarea select option label ul ol li a details summary fieldset legend table thead tbody tr th
  td kbd dl dt dd strong em small code br sup svg g rect text title desc`.split(/\s+/).filter(Boolean));
/** Every attribute the app sets (besides aria-* and data-*). */
const APP_ATTRIBUTES = new Set(`class id role type title href download tabindex contenteditable
  inputmode spellcheck autocapitalize translate for name value checked selected disabled rows
  maxlength accept style lang charset content http-equiv rel src integrity crossorigin viewbox as rx ry
  width height x y fill open placeholder hidden aria-label xmlns colspan scope datetime
  preserveaspectratio role`.split(/\s+/).filter(Boolean));

/**
 * Installed in every page before its own scripts: records payloads that run, violations, and
 * every element whose load or error event has been dispatched (an injected handler on it has
 * run by then: it is called in the same dispatch, after this capturing listener).
 */
function detectors() {
  window.__pwned = [];
  window.__pwn = (id) => { window.__pwned.push(String(id)); };
  window.__dispatched = new WeakSet();
  for (const type of ['load', 'error']) {
    document.addEventListener(type, (event) => window.__dispatched.add(event.target), true);
  }
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__violations.push(`${event.violatedDirective}: ${event.blockedURI || event.sample || ''}`.slice(0, 120));
  });
}

/** What the page shows that the app did not make, what ran, what the policy blocked. */
async function scan(page, appTags = APP_TAGS) {
  return page.evaluate(({ tags, attributes }) => {
    const tagSet = new Set(tags);
    const attributeSet = new Set(attributes);
    const foreign = [];
    const scriptUrl = /^\s*(javascript|vbscript|data):/i;
    for (const element of document.querySelectorAll('*')) {
      const tag = element.tagName.toLowerCase();
      if (!tagSet.has(tag)) foreign.push(`<${tag}>`);
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith('on')) foreign.push(`${tag}[${name}]`);
        else if (!attributeSet.has(name) && !name.startsWith('aria-') && !name.startsWith('data-')) foreign.push(`${tag}[${name}]`);
        if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data'].includes(name)
            && scriptUrl.test(attribute.value)
            // The single-file app's own icon, inlined.
            && !(tag === 'link' && /icon/.test(element.getAttribute('rel') || '') && attribute.value.startsWith('data:image/'))) {
          foreign.push(`${tag}[${name}=${attribute.value.slice(0, 30)}]`);
        }
      }
    }
    const scripts = [...document.scripts].filter((s) => s.src === '' && !s.id && s.type !== 'application/json' && !s.textContent.includes('wasm'));
    return {
      foreign: [...new Set(foreign)],
      executed: window.__pwned || [],
      violations: window.__violations || [],
      strayScripts: scripts.length,
    };
  }, { tags: [...appTags], attributes: [...APP_ATTRIBUTES] });
}

let server;
let bareServer;
let bareDist;
let scratch;
let browser;
const table = [];

/** A copy of dist/ without the Content-Security-Policy (in the page and the single file). */
async function distWithoutPolicy() {
  const dir = await mkdtemp(join(tmpdir(), 'annotator-no-csp-'));
  await cp(DIST, dir, { recursive: true });
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.html')) continue;
    const path = join(dir, name);
    const html = await readFile(path, 'utf8');
    await writeFile(path, stripPolicy(html));
  }
  return dir;
}

const stripPolicy = (html) => html.replace(/<meta[^>]*http-equiv="Content-Security-Policy"[^>]*>/gi, '');

before(async () => {
  server = await serveStatic();
  bareDist = await distWithoutPolicy();
  bareServer = await serveStatic(bareDist);
  scratch = await mkdtemp(join(tmpdir(), 'annotator-corpus-'));
  browser = await launchBrowser();
  await browser.context.addInitScript(detectors);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
});
after(async () => {
  await browser?.close();
  await server?.close();
  await bareServer?.close();
  await rm(scratch, { recursive: true, force: true });
  await rm(bareDist, { recursive: true, force: true });
  if (table.length) {
    console.log('\nchannel × payloads × result');
    for (const row of table) console.log(`${row.variant.padEnd(8)} ${row.channel.padEnd(34)} ${String(row.payloads).padStart(4)}  ${row.result}`);
  }
});

const headlineIs = (page, text) => page.waitForFunction((t) => document.querySelector('#article .headline')?.textContent === t, text, { timeout: 30000 });
/** A page's own <title> (a payload here) may be its headline: wait for the sample to go. */
const sampleGone = (page) => page.waitForFunction(() => {
  const headline = document.querySelector('#article .headline')?.textContent;
  return headline && !headline.startsWith('NATO FMs');
}, null, { timeout: 30000 });

const corpusText = () => `Attack corpus\n\n${PAYLOADS.join('\n\n')}\n`;
const corpusHtml = () => `<!DOCTYPE html><html><head><title>${PAYLOADS[0]}</title></head><body><h1>Attack corpus</h1>${PAYLOADS.map((p) => `<p>${p}</p>`).join('\n')}</body></html>`;

/**
 * Waits until every image with a source has had its load or error event (and so any handler on
 * it has run), and the app has run the work it deferred to after a paint (none on a static page).
 */
async function settled(page) {
  await page.waitForFunction(() => [...document.images]
    .every((image) => window.__dispatched.has(image) || (!image.getAttribute('src') && !image.getAttribute('srcset')))
    && (document.documentElement.dataset.afterPaint ?? '0') === '0');
}

function backupOf(text, extra = {}) {
  const blocks = plainTextBlocks(text);
  const annotations = {};
  PAYLOADS.slice(0, 40).forEach((payload, i) => {
    const id = `reader-${String(i).padStart(16, '0')}`;
    annotations[id] = { at: `${1764500000000 + i}.0.00000000000000ab`, value: {
      id, kind: 'claim', span: { start: 0, end: 6 }, origin: 'reader', entity: payload, speaker: null,
      date: null, note: payload, tags: [payload.slice(0, 200)], color: null, modified: null } };
  });
  const orphans = {
    'orphan-1': { at: '1764500001000.0.00000000000000ab', value: {
      annotation: { id: 'orphan-1', kind: 'question', span: { start: 0, end: 0 }, origin: 'reader', entity: null,
        speaker: null, date: null, note: PAYLOADS[1], tags: [], color: null, modified: null },
      quote: PAYLOADS[4] } },
  };
  return { format: 'article-annotator-backup', version: 2, name: `${PAYLOADS[5]}.txt`, title: PAYLOADS[12], text,
    source_format: 'plain_text', blocks, layer: { annotations, orphans, title: { at: '1764500002000.0.00000000000000ab', value: PAYLOADS[20] } }, ...extra };
}

function w3cCorpus() {
  const items = PAYLOADS.map((payload, i) => ({
    type: 'Annotation', id: `urn:x:${payload}`, 'aa:kind': payload, 'aa:color': payload, 'aa:entity': payload,
    'aa:speaker': { name: payload }, modified: payload,
    body: [
      { type: 'TextualBody', purpose: 'commenting', value: `${payload} ${RAW_PAYLOADS[0]}` },
      { type: 'TextualBody', purpose: 'tagging', value: payload.slice(0, 200) },
      { type: 'TextualBody', purpose: 'identifying', value: payload },
    ],
    target: { selector: [{ type: 'TextQuoteSelector', exact: i % 3 ? 'partner countries' : payload }] },
  }));
  return JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationPage', items });
}

async function freshApp(origin, path = '/', context = browser.context) {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('crash', () => page.errors.push('renderer crashed'));
  page.on('dialog', (d) => { page.errors.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.goto(`${origin}${path}`);
  await page.waitForSelector('#article .headline', { timeout: 30000 });
  return page;
}

async function pasteText(page, text) {
  await page.getByRole('button', { name: 'Paste text' }).click();
  await page.locator('#paste-box').fill(text);
  await page.getByRole('button', { name: 'Open pasted text' }).click();
}

async function file(page, name, content) {
  const path = join(scratch, name.replace(/[/\\]/g, '_'));
  await writeFile(path, content);
  await page.setInputFiles('#file-input', path);
}

async function download(page, name) {
  await page.getByRole('tab', { name: 'Share' }).click();
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  const path = join(scratch, `${Date.now()}-${saved.suggestedFilename()}`);
  await saved.saveAs(path);
  return path;
}

/**
 * Opens an exported file from disk in a new page that records its errors (without its policy in
 * the no-CSP variant; with `scripts: false`, as a browser that runs none).
 */
async function openExported(path, variant, { scripts = true } = {}) {
  if (variant === 'no CSP') {
    await writeFile(path, stripPolicy(await readFile(path, 'utf8')));
  }
  const page = await browser.context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  if (!scripts) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
  }
  await page.goto(pathToFileURL(path).href);
  return page;
}

async function annotateWithCorpus(page) {
  await waitForEngines(page);
  await dragSelect(page, 'partner countries');
  await page.getByRole('button', { name: 'Highlight yellow' }).click();
  const card = page.getByRole('dialog', { name: 'Annotation' });
  await card.getByLabel('Note').fill([...PAYLOADS, ...RAW_PAYLOADS].join('\n'));
  await card.getByLabel('Tags (separated by commas)').fill(PAYLOADS.slice(0, 60).map((p) => p.replace(/,/g, ' ').slice(0, 200)).join(', '));
  await card.getByRole('button', { name: 'Save' }).click();
  await page.keyboard.press('Escape');
}

/** The channels: each takes a fresh page of the app at `origin` and returns how many payloads it carried. */
const CHANNELS = {
  'paste as text': async (page) => { await pasteText(page, corpusText()); await headlineIs(page, 'Attack corpus'); return PAYLOADS.length; },
  'paste as HTML': async (page) => { await pasteText(page, corpusHtml()); await sampleGone(page); return PAYLOADS.length; },
  '.txt file': async (page) => { await file(page, 'corpus.txt', corpusText()); await headlineIs(page, 'Attack corpus'); return PAYLOADS.length; },
  '.md file': async (page) => { await file(page, 'corpus.md', `# Attack corpus\n\n${PAYLOADS.join('\n\n')}`); await headlineIs(page, 'Attack corpus'); return PAYLOADS.length; },
  '.html file': async (page) => { await file(page, 'corpus.html', corpusHtml()); await sampleGone(page); return PAYLOADS.length; },
  '.html file dropped': async (page) => {
    const transfer = await page.evaluateHandle((html) => {
      const data = new DataTransfer();
      data.items.add(new File([html], 'corpus.html', { type: 'text/html' }));
      return data;
    }, corpusHtml());
    await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
    await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
    await sampleGone(page);
    return PAYLOADS.length;
  },
  'file names': async (page) => {
    const names = PAYLOADS.slice(0, 12).map((p) => `${p.replace(/[/\\\0]/g, '_').slice(0, 120)}.txt`);
    for (const name of names) {
      await file(page, name, '');
      await page.getByRole('alert').first().waitFor();
    }
    await file(page, names[0], `Named file\n\n${PAYLOADS[0]}`);
    await headlineIs(page, 'Named file');
    return names.length;
  },
  'notes and tags': async (page) => {
    await annotateWithCorpus(page);
    await page.getByRole('tab', { name: 'Notes' }).click();
    await page.locator('.note-item').first().waitFor();
    await page.locator('#article mark[data-kind="highlight"]').first().dispatchEvent('mouseover');
    await page.locator('.hover-summary').waitFor();
    return PAYLOADS.length + RAW_PAYLOADS.length;
  },
  'entity and speaker renames': async (page) => {
    await waitForEngines(page);
    const card = page.getByRole('dialog', { name: 'Annotation' });
    for (const payload of PAYLOADS.slice(0, 8)) {
      await page.locator('#article mark[data-kind="organisation"]').first().click();
      await card.getByLabel('Entity').fill(payload);
      await card.getByRole('button', { name: 'Rename all mentions' }).click();
      await page.keyboard.press('Escape');
    }
    await page.locator('#article mark[data-kind="quote"]').first().click();
    await card.getByLabel('Speaker').fill(PAYLOADS[4]);
    await card.getByRole('button', { name: 'Save' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Entities' }).click();
    await page.getByRole('tab', { name: 'Quotes' }).click();
    return 9;
  },
  'search box': async (page) => {
    for (const payload of PAYLOADS.slice(0, 20)) await page.getByLabel('Search annotations').fill(payload);
    return 20;
  },
  'W3C import': async (page) => {
    await waitForEngines(page);
    await page.getByRole('tab', { name: 'Share' }).click();
    await page.setInputFiles('#import-input', { name: `${PAYLOADS[3].slice(0, 60)}.jsonld`, mimeType: 'application/json', buffer: Buffer.from(w3cCorpus()) });
    const review = page.getByRole('dialog', { name: 'Review the import' });
    await review.waitFor();
    await review.locator('details summary').click();
    await review.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Not placed (orphans)' }).waitFor();
    await page.getByRole('tab', { name: 'Notes' }).click();
    // A lone surrogate cannot be JSON text: that file is refused with a reason, nothing changed.
    const surrogate = JSON.stringify({ type: 'Annotation', body: { type: 'TextualBody', value: RAW_PAYLOADS[1] }, target: { selector: { type: 'TextQuoteSelector', exact: 'partner countries' } } });
    await page.getByRole('tab', { name: 'Share' }).click();
    await page.setInputFiles('#import-input', { name: 'surrogate.jsonld', mimeType: 'application/json', buffer: Buffer.from(surrogate) });
    await page.getByRole('alert').filter({ hasText: /not valid JSON.*Nothing was changed/ }).waitFor();
    return PAYLOADS.length + RAW_PAYLOADS.length;
  },
  'backup opened': async (page) => {
    await file(page, 'corpus.backup.json', JSON.stringify(backupOf(corpusText())));
    await headlineIs(page, 'Attack corpus');
    await page.getByRole('tab', { name: 'Notes' }).click();
    await page.getByRole('tab', { name: 'Share' }).click();
    return PAYLOADS.length;
  },
  'backup imported': async (page) => {
    await waitForEngines(page);
    await page.getByRole('tab', { name: 'Share' }).click();
    await page.setInputFiles('#import-input', { name: 'corpus.backup.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(backupOf(corpusText()))) });
    const review = page.getByRole('dialog', { name: 'Review the import' });
    await review.waitFor();
    await review.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('tab', { name: 'Notes' }).click();
    return 42;
  },
  'share link': async (page, origin) => {
    const fragment = `share=${deflateRawSync(Buffer.from(JSON.stringify(backupOf(corpusText())))).toString('base64url')}`;
    await page.goto(`${origin}/#${fragment}`);
    await headlineIs(page, 'Attack corpus');
    return PAYLOADS.length;
  },
  'library titles': async (page) => {
    await annotateWithCorpus(page);
    await page.getByRole('tab', { name: 'Library' }).click();
    for (const payload of PAYLOADS.slice(0, 6)) {
      await page.getByRole('button', { name: 'Rename' }).first().click();
      await page.getByLabel('New title').fill(payload);
      await page.getByLabel('New title').press('Enter');
      await page.locator('.library-title', { hasText: payload.slice(0, 20) }).first().waitFor();
    }
    return 6;
  },
};

/** Channels that open a file the app exported, from file:// (in a page of their own). */
const EXPORTS = {
  'print page from file://': async (page) => download(page, 'Print version (.html)'),
  'annotated page from file://': async (page) => download(page, 'Annotated page (.html)'),
};

for (const variant of ['with CSP', 'no CSP']) {
  test(`the attack corpus injects nothing and runs nothing in any channel (${variant})`, { timeout: 600000 }, async () => {
    const origin = variant === 'with CSP' ? server.origin : bareServer.origin;
    const failures = [];
    const record = (channel, payloads, result, errors) => {
      const clean = !result.foreign.length && !result.executed.length && !result.strayScripts && !errors.length;
      const violations = result.violations.length;
      const text = clean
        ? `0 injected, 0 ran, ${violations} blocked by the policy, no error`
        : `INJECTED ${JSON.stringify(result.foreign)} RAN ${JSON.stringify(result.executed)} scripts ${result.strayScripts} errors ${JSON.stringify(errors)}`;
      table.push({ variant, channel, payloads, result: text });
      if (!clean || violations) failures.push(`${channel}: ${text} ${violations ? JSON.stringify(result.violations) : ''}`);
    };
    for (const [channel, run] of Object.entries(CHANNELS)) {
      const page = await freshApp(origin);
      const payloads = await run(page, origin);
      // Any injected image has loaded or failed (its handlers fired) and the page has painted.
      await settled(page);
      record(channel, payloads, await scan(page), page.errors.filter((e) => !/favicon/.test(e)));
      await page.close();
    }
    for (const [channel, make] of Object.entries(EXPORTS)) {
      const page = await freshApp(origin);
      await annotateWithCorpus(page);
      const path = await make(page);
      await page.close();
      const opened = await openExported(path, variant);
      // A print page has its article at once; an annotated app page, once its module has
      // replaced the first paint.
      await opened.waitForFunction(() => !document.getElementById('first-paint') && document.querySelector('h1'));
      await settled(opened);
      record(channel, PAYLOADS.length, await scan(opened), opened.errors);
      await opened.close();
    }
    // The annotated page of the corpus article, before its script has run: its first paint
    // is the article's text (the payloads) as static HTML. Scripts off, so only markup counts.
    {
      const page = await freshApp(origin);
      await pasteText(page, corpusText());
      await headlineIs(page, 'Attack corpus');
      const path = await download(page, 'Annotated page (.html)');
      await page.close();
      const still = await openExported(path, variant, { scripts: false });
      await still.waitForSelector('#first-paint .headline');
      assert.equal(await still.locator('#first-paint .headline').textContent(), 'Attack corpus');
      assert.ok(await still.locator('#first-paint .block-text').count() > 10, 'the first paint shows the article');
      record('annotated page from file://, its first paint (no script)', PAYLOADS.length, await scan(still), still.errors);
      await still.close();
    }
    // The single-file app from disk, opening a share link full of payloads.
    const single = join(variant === 'with CSP' ? DIST : bareDist, 'article-annotator.html');
    const fragment = `share=${deflateRawSync(Buffer.from(JSON.stringify(backupOf(corpusText())))).toString('base64url')}`;
    const page = await browser.context.newPage();
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
    await page.goto(`${pathToFileURL(single).href}#${fragment}`);
    await headlineIs(page, 'Attack corpus');
    record('single-file app from file://', PAYLOADS.length, await scan(page), page.errors);
    await page.close();
    assert.deepEqual(failures, [], 'no injection, no execution, no policy violation, no error');
  });
}

test('the detectors themselves see an injection (the scan and top.__pwn work)', async () => {
  const page = await freshApp(bareServer.origin);
  await page.evaluate(() => {
    const div = document.createElement('div');
    div.innerHTML = '<img src=x onerror="top.__pwn(\'control\')"><iframe></iframe>';
    document.body.append(div);
  });
  await page.waitForFunction(() => window.__pwned.length > 0);
  const result = await scan(page);
  assert.deepEqual(result.executed, ['control']);
  assert.ok(result.foreign.includes('<img>') && result.foreign.includes('img[onerror]') && result.foreign.includes('<iframe>'));
  await page.close();
  // And with the policy, the same markup is reported as a violation.
  const guarded = await freshApp(server.origin);
  await guarded.evaluate(() => {
    const div = document.createElement('div');
    div.innerHTML = '<img src=x onerror="top.__pwn(\'control\')">';
    document.body.append(div);
  });
  await guarded.waitForFunction(() => window.__violations.length > 0);
  assert.deepEqual(await guarded.evaluate(() => window.__pwned), []);
  await guarded.close();
});

test('a panic is never the end: the reader is told, offered the saved work and a reload, and nothing more is written', async () => {
  // A browser of its own: no other tab can write to its store.
  const own = await launchBrowser();
  try {
    const page = await freshApp(server.origin, '/', own.context);
    await waitForEngines(page);
    await dragSelect(page, 'partner countries');
    await page.getByRole('button', { name: 'Highlight yellow' }).click();
    await page.getByRole('dialog', { name: 'Annotation' }).getByLabel('Note').fill('saved before the panic');
    await page.keyboard.press('Escape');
    await waitForSaved(page);
    // The store as saved (the page's own copy has every write it made).
    const saved = await storedEntries(page);
    assert.match(JSON.stringify(saved), /saved before the panic/);
    // While another tab saves (the lock is held), the reader undoes the note and the highlight:
    // they go from the page, and the save that would write that waits for the lock.
    const lock = await holdStoreLock(own.context, server.origin);
    const undo = page.getByRole('button', { name: 'Undo' });
    await undo.click();
    await undo.click();
    await page.locator('#article mark[data-kind="highlight"]').waitFor({ state: 'detached' });
    assert.equal(await undo.isDisabled(), true, 'both undone');
    assert.equal(await page.getByTestId('save-status').textContent(), 'Saving…');
    await lock.waiting(1);
    // Then the page panics, with that save still waiting.
    await page.evaluate(() => { location.hash = 'panic-selftest'; });
    const notice = page.getByTestId('panic-notice');
    await notice.waitFor();
    assert.match(await notice.textContent(), /went wrong.*nothing more is saved.*kept in this browser/s);
    await screenshot(page, 'panic-notice');
    // The saved work, as a backup file that opens again.
    const [file] = await Promise.all([page.waitForEvent('download'), notice.getByRole('link', { name: 'Download your saved work' }).click()]);
    const path = join(scratch, file.suggestedFilename());
    await file.saveAs(path);
    const backup = JSON.parse(await readFile(path, 'utf8'));
    assert.equal(backup.format, 'article-annotator-backup');
    assert.deepEqual(Object.values(backup.layer.annotations).map((r) => r.value.note), ['saved before the panic']);
    // Whatever the broken page does now (a redo), nothing reaches the store: not the save that
    // waited for the lock — looked at once the lock has passed through it, in the page's own copy
    // of the store, which has any write it made — ...
    await page.keyboard.press('Control+Shift+z').catch(() => {});
    await lock.releaseThenRead();
    assert.deepEqual(await storedEntries(page), saved, 'the save that waited wrote nothing');
    // ... nor the page's pagehide, as the tab goes to a page that is not the app.
    const reload = await notice.getByRole('link', { name: 'Reload the page' }).getAttribute('href');
    assert.match(reload, /\?reloaded$/, 'a real reload, without the self-test');
    await page.goto(`${server.origin}/not-the-app`);
    assert.deepEqual(await storedEntries(page), saved, 'its pagehide wrote nothing');
    // The reload opens the saved work: the highlight and its note, as saved before the panic.
    await page.goto(reload);
    await waitForEngines(page);
    assert.equal(await page.getByTestId('panic-notice').count(), 0);
    assert.equal(await page.locator('#article mark[data-kind="highlight"]').count(), 1);
    await page.getByRole('tab', { name: 'Notes' }).click();
    assert.match(await page.locator('.note-item').first().textContent(), /saved before the panic/);
    await page.close();
  } finally {
    await own.close();
  }
});

test('stacked accents pasted into the box are refused at once and never laid out in it; the open article stays', async () => {
  const page = await freshApp(server.origin);
  await waitForEngines(page);
  const headline = await page.locator('#article .headline').textContent();
  await page.getByRole('button', { name: 'Paste text' }).click();
  // A paste as the browser delivers it: a paste event carrying the clipboard's text. A text
  // field lays out what it is given itself, in time that grows with the square of a stack.
  const marks = `Marks\n\na${'\u0301'.repeat(100000)} and more.`;
  const prevented = await page.locator('#paste-box').evaluate((box, text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    box.dispatchEvent(event);
    return event.defaultPrevented;
  }, marks);
  assert.ok(prevented, 'the text is kept out of the box');
  await page.waitForFunction(() => /Could not open pasted text: Line 3 stacks 100000 accent marks/
    .test(document.querySelector('[data-testid="notice"]')?.textContent || ''));
  assert.equal(await page.locator('#paste-box').inputValue(), '');
  assert.equal(await page.locator('#article .headline').textContent(), headline);
  // An ordinary paste still goes into the box as the browser puts it there.
  const ordinary = await page.locator('#paste-box').evaluate((box) => {
    const data = new DataTransfer();
    data.setData('text/plain', 'Café crème\n\nA short text.');
    const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    box.dispatchEvent(event);
    return event.defaultPrevented;
  });
  assert.equal(ordinary, false);
  await page.close();
});
