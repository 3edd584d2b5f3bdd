// An attack corpus (fixtures/xss-payloads.mjs) driven through every way text reaches the page —
// pasted text and HTML, .txt/.md/.html files chosen and dropped, file names, notes and tags,
// entity and speaker renames, search, W3C and backup imports, opened backups, share links,
// library titles, and the exported print page, annotated page and single-file app opened from
// file:// — twice: as built, and from a copy with the Content-Security-Policy removed, where an
// injected script or handler would run. Detection does not rely on the policy: the page's DOM is
// scanned for any element or attribute the app does not make where it is (APP_MARKUP), every
// request of the pages and their workers is recorded and must be for the app's own files, every
// `securitypolicyviolation` is recorded, and every payload that runs calls top.__pwn(id).
// Nothing may be injected, run, ask another site for anything or crash, with or without the
// policy.
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

/**
 * What the app itself makes, and where: a payload's element or attribute that shows up as markup
 * anywhere is reported (a payload may only ever be text). Values are regular expressions (as
 * text: they cross into the page); '' takes any value.
 *
 * The head holds exactly what index.html, the single-file app and the print page put there, each
 * element matching one of APP_MARKUP.head attribute by attribute (a <meta http-equiv> is the
 * policy and nothing else; a <link> names one of the page's own files). Directly in the body: the
 * <noscript> notice and the inert JSON block of an exported page. Everywhere else, by region: in
 * an <article> (the article as the app renders it, the first paint, the print page), the
 * article's elements and attributes; in the chart's <svg>, the chart's; elsewhere (the bar,
 * panels, cards, dialogs, notices), the controls'. <meta>, <link>, <style>, <script>, <base> and
 * every on* attribute are nowhere else; a link (<a href>) goes to a Blob the page made or to this
 * same page (its skip link, its reload); a style attribute only places the selection toolbar and
 * the outline of a source or cue (pixels), or sizes a bar of the sourcing summary (a percentage).
 */
const OWN_FILE = '^\\./[\\w.-]+(\\?v=\\w+)?$';
const APP_MARKUP = {
  head: [
    { tag: 'meta', required: { charset: '^utf-8$' } },
    { tag: 'meta', required: { name: '^(viewport|referrer|color-scheme|description|engine-worker|article-annotator-build)$', content: '' } },
    { tag: 'meta', required: { 'http-equiv': '^content-security-policy$', content: '' } },
    { tag: 'title' },
    { tag: 'style' },
    { tag: 'script', required: { id: '^first-paint-script$' }, text: '^document\\.documentElement\\.classList\\.add\\(' },
    { tag: 'script', required: { type: '^module$' }, text: 'wasm' },
    { tag: 'script', required: { type: '^text/plain$', id: '^engine-worker-source$' } },
    { tag: 'link', required: { rel: '^(stylesheet|modulepreload|preload)$', href: OWN_FILE },
      optional: { integrity: '', crossorigin: '^anonymous$', as: '^fetch$', type: '^application/wasm$' } },
    { tag: 'link', required: { rel: '^icon$', href: `${OWN_FILE}|^data:image/svg\\+xml;base64,` }, optional: { integrity: '' } },
  ],
  body: [
    { tag: 'noscript' },
    { tag: 'script', required: { type: '^application/json$', id: '^embedded-article$' } },
  ],
  regions: {
    article: {
      tags: 'article div p h1 h2 h3 figure figcaption mark span time section ul ol li strong',
      attributes: 'class id title tabindex contenteditable spellcheck translate autocapitalize inputmode',
    },
    chart: {
      tags: 'svg g rect text title',
      attributes: 'class role viewbox width height x y rx',
    },
    controls: {
      tags: `div span p h2 h3 header nav main section aside figure figcaption blockquote button input
        textarea select option label ul ol li a details summary fieldset legend table thead tbody tr
        th td kbd strong mark`,
      attributes: `class id role title tabindex hidden type disabled value selected name for
        placeholder rows accept inputmode spellcheck autocapitalize translate readonly open scope
        href download style`,
    },
  },
};

/** An address that runs script or carries a document: in no attribute but a text one. */
const SCRIPT_URL = '^\\s*(javascript|vbscript|data):';
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
async function scan(page) {
  return page.evaluate(({ markup, scriptUrl }) => {
    const foreign = [];
    const matches = (pattern, value) => pattern === '' || new RegExp(pattern, 'i').test(value ?? '');
    const describe = (element) => {
      const attributes = [...element.attributes].map((a) => `${a.name}="${a.value.slice(0, 40)}"`).join(' ');
      return `<${element.tagName.toLowerCase()}${attributes ? ` ${attributes}` : ''}>`.slice(0, 120);
    };
    // An element matches a rule when its tag is the rule's, each required attribute is there with
    // a value it allows, and every other attribute is an optional one with a value it allows.
    const fits = (element, rule) => {
      if (element.tagName.toLowerCase() !== rule.tag) return false;
      if (rule.text && !new RegExp(rule.text).test(element.textContent)) return false;
      const allowed = { ...rule.required, ...rule.optional };
      for (const [name, pattern] of Object.entries(rule.required ?? {})) {
        if (!element.hasAttribute(name) || !matches(pattern, element.getAttribute(name))) return false;
      }
      return [...element.attributes].every((a) => a.name in allowed && matches(allowed[a.name], a.value));
    };
    const regions = Object.fromEntries(Object.entries(markup.regions).map(([name, region]) => [name, {
      tags: new Set(region.tags.split(/\s+/).filter(Boolean)),
      attributes: new Set(region.attributes.split(/\s+/).filter(Boolean)),
    }]));
    // The document element and the body carry the app's classes and counters only.
    for (const element of [document.documentElement, document.body].filter(Boolean)) {
      for (const a of element.attributes) {
        if (!['lang', 'class'].includes(a.name) && !a.name.startsWith('data-')) {
          foreign.push(`${element.tagName.toLowerCase()}[${a.name}]`);
        }
      }
    }
    for (const element of document.head?.children ?? []) {
      if (!markup.head.some((rule) => fits(element, rule))) foreign.push(`head: ${describe(element)}`);
    }
    for (const element of document.head?.querySelectorAll(':scope > * *') ?? []) {
      foreign.push(`head: ${describe(element)} inside <${element.parentElement.tagName.toLowerCase()}>`);
    }
    for (const element of document.body?.querySelectorAll('*') ?? []) {
      const tag = element.tagName.toLowerCase();
      if (element.parentElement === document.body && markup.body.some((rule) => fits(element, rule))) continue;
      const region = element.closest('svg') ? 'chart' : element.closest('article') ? 'article' : 'controls';
      const allowed = regions[region];
      if (!allowed.tags.has(tag)) {
        foreign.push(`${region}: ${describe(element)}`);
        continue;
      }
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        const value = attribute.value;
        let ok = allowed.attributes.has(name) || name.startsWith('aria-') || name.startsWith('data-');
        if (name === 'href') {
          // A Blob the page made, or this same page (a fragment, the reload link).
          const url = new URL(value, location.href);
          ok = tag === 'a' && (url.protocol === 'blob:'
            || (url.origin === location.origin && url.pathname === location.pathname));
        } else if (name === 'style') {
          ok = (element.classList.contains('selection-toolbar') && /^(\s*(left|top):\s*-?[\d.]+px;)+\s*$/.test(value))
            || (element.classList.contains('attribution-outline') && /^(\s*(left|top|width|height):\s*-?[\d.]+px;)+\s*$/.test(value))
            || (element.classList.contains('sourcing-fill') && /^\s*width:\s*[\d.]+%;\s*$/.test(value));
        } else if (name === 'type' && tag === 'input') {
          ok = /^(text|search|file|checkbox|radio)$/.test(value);
        } else if (name === 'type' && tag === 'button') {
          ok = /^(button|submit)$/.test(value);
        } else if (name === 'type') {
          ok = false;
        }
        if (name === 'download') ok = ok && tag === 'a';
        const text = name === 'title' || name.startsWith('aria-') || name.startsWith('data-');
        if (name.startsWith('on') || (!text && new RegExp(scriptUrl, 'i').test(value))) ok = false;
        if (!ok) foreign.push(`${region}: ${tag}[${name}="${value.slice(0, 40)}"]`);
      }
    }
    return {
      foreign: [...new Set(foreign)],
      executed: window.__pwned || [],
      violations: window.__violations || [],
    };
  }, { markup: APP_MARKUP, scriptUrl: SCRIPT_URL });
}

let server;
let bareServer;
let bareDist;
let scratch;
let browser;
const table = [];
/** Every request any page or worker of the corpus tests' browser made, since the last reset. */
const requests = [];
/** The app's own files (a page asks for nothing else), and the files opened from disk. */
let distFiles;
const filesOpened = new Set();

/** The requests for anything but the app's own files (at `origin`, or opened from disk). */
function foreignRequests(origin) {
  return requests.filter((address) => {
    const url = new URL(address);
    if (url.protocol === 'blob:' || url.protocol === 'data:') return false;
    if (url.protocol === 'file:') return !filesOpened.has(decodeURIComponent(url.pathname));
    const file = decodeURIComponent(url.pathname).replace(/^\//, '');
    return url.origin !== origin || !(file === '' || distFiles.has(file))
      || !['', '?reloaded'].includes(url.search) && !/^\?v=\w+$/.test(url.search);
  });
}

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
  distFiles = new Set(await readdir(DIST));
  filesOpened.add(join(DIST, 'article-annotator.html')).add(join(bareDist, 'article-annotator.html'));
  browser = await launchBrowser();
  await browser.context.addInitScript(detectors);
  // Pages and their workers: the context sees every request.
  browser.context.on('request', (request) => requests.push(request.url()));
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
  filesOpened.add(path);
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
    await page.getByRole('tab', { name: 'Sources' }).click();
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
    // What a channel's pages showed, ran, had blocked and asked for (every request since the
    // channel began: without the policy nothing blocks a request to another site, so each is
    // looked at).
    const record = (channel, payloads, result, errors) => {
      const elsewhere = foreignRequests(origin);
      const clean = !result.foreign.length && !result.executed.length && !errors.length && !elsewhere.length;
      const violations = result.violations.length;
      const text = clean
        ? `0 injected, 0 ran, ${violations} blocked by the policy, ${requests.length} requests (all the app's own), no error`
        : `INJECTED ${JSON.stringify(result.foreign)} RAN ${JSON.stringify(result.executed)} REQUESTED ${JSON.stringify(elsewhere)} errors ${JSON.stringify(errors)}`;
      table.push({ variant, channel, payloads, result: text });
      if (!clean || violations) failures.push(`${channel}: ${text} ${violations ? JSON.stringify(result.violations) : ''}`);
    };
    for (const [channel, run] of Object.entries(CHANNELS)) {
      requests.length = 0;
      const page = await freshApp(origin);
      const payloads = await run(page, origin);
      // Any injected image has loaded or failed (its handlers fired) and the page has painted.
      await settled(page);
      record(channel, payloads, await scan(page), page.errors.filter((e) => !/favicon/.test(e)));
      await page.close();
    }
    for (const [channel, make] of Object.entries(EXPORTS)) {
      requests.length = 0;
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
      requests.length = 0;
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
    requests.length = 0;
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

test('the detectors themselves see an injection (the scan, top.__pwn and the requests)', async () => {
  requests.length = 0;
  const page = await freshApp(bareServer.origin);
  await waitForEngines(page);
  await page.evaluate(() => {
    const div = document.createElement('div');
    div.innerHTML = '<img src=x onerror="top.__pwn(\'control\')"><iframe></iframe>';
    document.body.append(div);
  });
  await page.waitForFunction(() => window.__pwned.length > 0);
  const result = await scan(page);
  assert.deepEqual(result.executed, ['control']);
  for (const seen of ['controls: <img src="x" onerror="top.__pwn(\'control\')">', 'controls: <iframe>']) {
    assert.ok(result.foreign.includes(seen), `${seen} in ${JSON.stringify(result.foreign)}`);
  }
  // Markup that runs nothing is reported too, wherever it is not the app's: a refresh, a link
  // to another site, a style element or attribute, an outside stylesheet, a base.
  const stylesheet = page.waitForRequest('https://example.org/x.css');
  await page.evaluate(() => {
    const article = document.getElementById('article');
    const paragraph = article.querySelector('p.paragraph');
    paragraph.insertAdjacentHTML('beforeend', '<a href="https://example.org/">more</a><span style="color: red">x</span>');
    document.querySelector('.side-panel').insertAdjacentHTML('beforeend',
      '<meta http-equiv="refresh" content="3600"><style>p { color: red }</style><a href="https://example.org/">more</a>');
    document.head.insertAdjacentHTML('beforeend',
      '<meta http-equiv="refresh" content="3600"><link rel="stylesheet" href="https://example.org/x.css"><base target="_blank">');
  });
  const markup = (await scan(page)).foreign;
  for (const seen of [
    'article: <a href="https://example.org/">', 'article: span[style="color: red"]',
    'controls: <meta http-equiv="refresh" content="3600">', 'controls: <style>', 'controls: a[href="https://example.org/"]',
    'head: <meta http-equiv="refresh" content="3600">', 'head: <link rel="stylesheet" href="https://example.org/x.css">',
    'head: <base target="_blank">',
  ]) assert.ok(markup.includes(seen), `${seen} in ${JSON.stringify(markup)}`);
  // Without the policy, the image and the outside stylesheet were asked for: both are seen.
  await stylesheet;
  const asked = foreignRequests(bareServer.origin);
  for (const seen of [`${bareServer.origin}/x`, 'https://example.org/x.css']) {
    assert.ok(asked.includes(seen), `${seen} in ${JSON.stringify(asked)}`);
  }
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
