// Benchmark of hostile and pathological inputs in headless Chromium (it reports; it asserts
// nothing). Each input is opened as a reader would — pasted, chosen as a file, opened as a share
// link, imported — and timed from the action to the article shown (or to the refusal, or to the
// import review), with a fresh page each time. A renderer crash or a page error is reported.
// Growth ratios time(2n)/time(n) are printed for the families that scale.
//
// usage: node scripts/bench-hostile.mjs [--quick]   (needs a built dist/; DIST_DIR=… for another)
import { deflateRawSync } from 'node:zlib';
import { serveStatic, launchBrowser, DIST, plainTextBlocks } from '../tests/e2e/harness.mjs';
import { mb } from './bench-helpers.mjs';

const LIMIT_MS = 30000;
const quick = process.argv.includes('--quick');

const SAMPLE_HEADLINE = 'NATO FMs agree to step up cooperation with EU';

/** Text families: (n) → text, with the headline it opens with. */
const repeat = (unit, n) => unit.repeat(n);
const families = {
  'unbalanced curly quotes (n)': (n) => `Unbalanced\n\n${repeat('He said “no and then ', n)}end.`,
  'unbalanced straight quotes (n)': (n) => `Straight\n\n${repeat('he wrote "maybe ', n)}end.`,
  'combining marks (n)': (n) => `Marks\n\na${repeat('\u0301', n)} and more.`,
  'short paragraphs (n)': (n) => `Paragraphs\n\n${Array.from({ length: n }, (_, i) => `Line ${i}.`).join('\n\n')}`,
};
const htmlFamilies = {
  'HTML attributes on one element (n)': (n) => `<html><body><h1>Attributes</h1><p ${Array.from({ length: n }, (_, i) => `a${i}="v"`).join(' ')}>Body text.</p></body></html>`,
  'HTML nested elements (n)': (n) => `<html><body><h1>Nested</h1>${repeat('<div>', n)}<p>Deep text.</p>${repeat('</div>', n)}</body></html>`,
  'HTML short paragraphs (n)': (n) => `<html><body><h1>Paragraphs</h1>${Array.from({ length: n }, (_, i) => `<p>Para ${i}.</p>`).join('')}</body></html>`,
};

/** A share link carrying `text` (headline, then paragraphs split at blank lines). */
function shareLink(text) {
  const blocks = plainTextBlocks(text);
  const backup = {
    format: 'article-annotator-backup', version: 1, name: 'link.txt', title: 'Link', text,
    source_format: 'plain_text', blocks, layer: {},
  };
  const packed = deflateRawSync(Buffer.from(JSON.stringify(backup))).toString('base64url');
  return `share=${packed}`;
}

function w3cImport(count) {
  const items = [];
  for (let i = 0; i < count; i += 1) {
    items.push({
      type: 'Annotation', body: { type: 'TextualBody', purpose: 'commenting', value: `note ${i}` },
      target: { selector: [{ type: 'TextQuoteSelector', exact: 'partner countries' }, { type: 'TextPositionSelector', start: 1000 + (i % 50), end: 1017 + (i % 50) }] },
    });
  }
  return JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationPage', items });
}

const server = await serveStatic(DIST);
const browser = await launchBrowser();

/** Runs one open; resolves to { ms, outcome }. */
async function timeOpen(action, done) {
  const page = await browser.context.newPage();
  const errors = [];
  let crashed = false;
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('crash', () => { crashed = true; });
  await page.goto(`${server.origin}/`);
  await page.waitForSelector('#article mark[data-kind="person"]', { timeout: 30000 });
  const started = Date.now();
  let outcome = 'opened';
  try {
    await action(page);
    await done(page);
  } catch (error) {
    outcome = crashed ? 'renderer crashed' : `not within ${LIMIT_MS / 1000} s`;
  }
  const ms = Date.now() - started;
  if (outcome === 'opened') {
    const notice = await page.locator('[data-testid="notice"]').textContent({ timeout: 1000 }).catch(() => null);
    if (notice && /Could not (open|import)|too long|too large|too many|limit|up to/i.test(notice)) outcome = `refused: ${notice.slice(0, 90)}`;
    if (errors.length) outcome += ` (page error: ${errors[0].slice(0, 80)})`;
  }
  await page.close().catch(() => {});
  return { ms, outcome };
}

const headlineIs = (text) => (page) => page.waitForFunction(
  (t) => document.querySelector('#article .headline')?.textContent === t || /Could not open/.test(document.querySelector('[data-testid="notice"]')?.textContent || ''),
  text, { timeout: LIMIT_MS, polling: 50 },
);

// A paste as a reader makes it: the paste event with the clipboard's text; unless the page takes
// it (it refuses text it cannot open before the box lays it out), the browser's own insertion
// into the box, then the reader clicks Open.
async function paste(page, text) {
  await page.getByRole('button', { name: 'Paste text' }).click();
  const taken = await page.locator('#paste-box').evaluate((box, value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    box.dispatchEvent(event);
    if (event.defaultPrevented) return true;
    box.value = value;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    return false;
  }, text);
  if (!taken) await page.getByRole('button', { name: 'Open pasted text' }).click();
}

async function file(page, name, content) {
  await page.setInputFiles('#file-input', { name, mimeType: 'text/plain', buffer: Buffer.from(content) });
}

const rows = [];
async function measure(name, action, done) {
  const { ms, outcome } = await timeOpen(action, done);
  rows.push({ name, ms, outcome });
  console.log(`${name.padEnd(58)} ${String(ms).padStart(7)} ms  ${outcome}`);
  return ms;
}

const sizes = quick ? [500, 1000] : [250, 500, 1000, 2000];
for (const [family, make] of Object.entries(families)) {
  const scale = family.startsWith('combining') ? 50 : family.startsWith('short') ? 25 : 1;
  let previous = null;
  for (const n of sizes.map((s) => s * scale)) {
    const text = make(n);
    const headline = text.split('\n')[0];
    const ms = await measure(`${family.replace('(n)', `n=${n}`)} [paste, ${(text.length / 1024).toFixed(0)} KB]`, (page) => paste(page, text), headlineIs(headline));
    if (previous) console.log(`${''.padEnd(58)} ratio ×${(ms / previous).toFixed(2)} for 2n`);
    previous = ms;
  }
}
for (const [family, make] of Object.entries(htmlFamilies)) {
  let previous = null;
  const base = family.includes('paragraphs') ? 12500 : 2500;
  for (const n of (quick ? [base * 2, base * 4] : [base, base * 2, base * 4, base * 8])) {
    const html = make(n);
    const headline = family.includes('nested') ? 'Nested' : family.includes('attributes') ? 'Attributes' : 'Paragraphs';
    const ms = await measure(`${family.replace('(n)', `n=${n}`)} [.html, ${(html.length / 1024).toFixed(0)} KB]`, (page) => file(page, 'page.html', html), headlineIs(headline));
    if (previous) console.log(`${''.padEnd(58)} ratio ×${(ms / previous).toFixed(2)} for 2n`);
    previous = ms;
  }
}
// The same stacked accents as a file.
for (const n of (quick ? [100000] : [12500, 100000])) {
  const text = families['combining marks (n)'](n);
  await measure(`combining marks n=${n} [.txt file, ${(text.length / 1024).toFixed(0)} KB]`, (page) => file(page, 'marks.txt', text), headlineIs('Marks'));
}
// The reported cases.
const unbalanced = `Quotes\n\n${repeat('“', 2000)}`;
const link = shareLink(unbalanced);
await measure(`share link, 2,000 unbalanced quotation marks [${link.length} chars]`, (page) => page.goto(`${server.origin}/#${link}`), headlineIs('Quotes'));
const threeThousand = `Opening\n\n${repeat('“ and the rest of it went on ', 3000)}`;
await measure(`paste ${(threeThousand.length / 1024).toFixed(0)} KB, 3,000 unbalanced opening quotes`, (page) => paste(page, threeThousand), headlineIs('Opening'));
const odd = `Odd\n\n${repeat('She said "yes and ', 3300)}`;
await measure(`paste ${(odd.length / 1024).toFixed(0)} KB, an odd number of straight quotes`, (page) => paste(page, odd), headlineIs('Odd'));
const big = `Big\n\n${repeat('Plain words in a long share link. ', 90000)}`;
const bigLink = shareLink(big);
await measure(`share link of ${mb(big.length)} of text [${bigLink.length} chars]`, (page) => page.goto(`${server.origin}/#${bigLink}`), headlineIs('Big'));
for (const count of (quick ? [20000] : [20000, 100000])) {
  const json = w3cImport(count);
  await measure(`W3C import of ${count} annotations [${mb(json.length)}]`, async (page) => {
    await page.getByRole('tab', { name: 'Share' }).click();
    await page.setInputFiles('#import-input', { name: 'many.jsonld', mimeType: 'application/json', buffer: Buffer.from(json) });
  }, (page) => page.waitForFunction(() => document.querySelector('[aria-label="Review the import"]') || /Could not import/.test(document.querySelector('[data-testid="notice"]')?.textContent || ''), null, { timeout: LIMIT_MS, polling: 50 }));
}
const note = 'n'.repeat(100000);
await measure('a 100,000-character note typed into a card, then a click', async (page) => {
  await page.locator('#article mark[data-kind="person"]').first().click();
  await page.locator('#annotation-note').fill(note);
  await page.getByRole('tab', { name: 'Notes' }).click({ timeout: LIMIT_MS });
}, (page) => page.locator('.note-item').first().waitFor({ timeout: LIMIT_MS }));

await browser.close();
await server.close();
console.log(`\n${rows.length} inputs; ${rows.filter((r) => r.outcome !== 'opened' && !r.outcome.startsWith('refused')).length} not opened in time or crashed.`);
