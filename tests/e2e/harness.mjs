// Shared set-up for the end-to-end tests: serve the built dist/ on 127.0.0.1, launch Debian's
// Chromium headless with a fresh profile, record every request, and save screenshots; find the
// W3C annotation-model checker beside the project, and skip visibly (or fail under CI) where it
// is absent.
import { createServer } from 'node:http';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { readFile, mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, extname, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.DIST_DIR || join(ROOT, 'dist');
export const SCREENSHOTS = join(ROOT, 'target', 'screenshots');
/** Where skipped checks are listed; scripts/test.sh clears it first and prints it last. */
export const SKIPS_FILE = join(ROOT, 'target', 'test-skips.txt');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json',
  '.bin': 'application/octet-stream', '.svg': 'image/svg+xml', '.png': 'image/png',
};

/**
 * Serves `dir` on 127.0.0.1 at a free port; resolves to { origin, close }. With `brotli`, files
 * are sent brotli-compressed to a browser that accepts it, as most static hosts do (the
 * benchmarks of a first load over a slow network use it; compressed once per file).
 */
export async function serveStatic(dir = DIST, { brotli = false } = {}) {
  const compressed = new Map();
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dir)) { response.writeHead(403).end(); return; }
    try {
      let body = await readFile(file);
      const headers = { 'content-type': TYPES[extname(file)] || 'application/octet-stream' };
      if (brotli && /\bbr\b/.test(request.headers['accept-encoding'] || '')) {
        if (!compressed.has(file)) {
          compressed.set(file, brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }));
        }
        body = compressed.get(file);
        headers['content-encoding'] = 'br';
      }
      response.writeHead(200, headers);
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches headless Chromium with a fresh profile; resolves to { browser, close }. */
export async function launchBrowser() {
  const profile = await mkdtemp(join(tmpdir(), 'annotator-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
  });
  return {
    context,
    close: async () => { await context.close(); await rm(profile, { recursive: true, force: true }); },
  };
}

/**
 * Opens a page in `context` that records requests, console errors and page errors.
 * `page.requests` lists every URL the page asked for.
 */
export async function openPage(context, url) {
  const page = await context.newPage();
  page.requests = [];
  page.errors = [];
  page.on('request', (request) => page.requests.push(request.url()));
  page.on('pageerror', (error) => page.errors.push(String(error)));
  page.on('console', (message) => { if (message.type() === 'error') page.errors.push(message.text()); });
  page.on('dialog', (dialog) => { page.errors.push(`dialog opened: ${dialog.message()}`); dialog.dismiss(); });
  if (url) {
    await page.goto(url);
    await page.waitForSelector('#article .headline', { timeout: 20000 });
  }
  return page;
}

/** Saves a screenshot under target/screenshots/ and returns its path. */
export async function screenshot(page, name, options = {}) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, ...options });
  return path;
}

/** Texts of every element matching `selector`. */
export const textsOf = (page, selector) =>
  page.$$eval(selector, (elements) => elements.map((element) => element.textContent));

/**
 * The blocks of a plain text as a backup stores them: the first part a headline, the rest
 * paragraphs, split at blank lines; `[kind, start, end]` in code points (empty parts skipped).
 */
export function plainTextBlocks(text) {
  const blocks = [];
  let at = 0;
  for (const [index, part] of text.split('\n\n').entries()) {
    const length = [...part].length;
    if (length) blocks.push([index === 0 ? 'headline' : 'paragraph', at, at + length]);
    at += length + 2;
  }
  return blocks;
}


/**
 * A long news article: `headline`, then the sample's paragraphs (with their quotes and names)
 * repeated until they reach `bytes`. Resolves to { text, paragraphs } (the paragraph count).
 */
export async function longSampleArticle(headline, bytes = 1_000_000) {
  const sample = await readFile(join(ROOT, 'assets/samples/nato-eu-cooperation.txt'), 'utf8');
  const [, ...body] = sample.split(/\n\s*\n/);
  const paragraphs = [];
  let size = 0;
  while (size < bytes) {
    for (const paragraph of body) {
      paragraphs.push(paragraph.trim());
      size += Buffer.byteLength(paragraph) + 2;
    }
  }
  return { text: `${headline}\n\n${paragraphs.join('\n\n')}\n`, paragraphs: paragraphs.length };
}

/** Whether the tests run under CI: `CI` set to anything but empty, `0` or `false`. */
export function underCI() {
  const value = (process.env.CI ?? '').trim();
  return value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * A check cannot run because `missing` is absent; `remedy` says how to provide it. Under CI this
 * throws, failing the test: there every check must run. Elsewhere it records `SKIPPED: <check>:
 * <missing> is absent (<remedy>)` in SKIPS_FILE, which scripts/test.sh prints in its final
 * summary (node's test runner does not show a passing test's output), and returns; the caller
 * leaves the check out.
 */
export function skipUnlessCI(check, missing, remedy) {
  if (underCI()) {
    throw new Error(`${missing} is absent, and CI is set: under CI every check must run. To provide it: ${remedy}.`);
  }
  const line = `SKIPPED: ${check}: ${missing} is absent (${remedy})`;
  console.log(line);
  mkdirSync(dirname(SKIPS_FILE), { recursive: true });
  appendFileSync(SKIPS_FILE, `${line}\n`);
}

/**
 * The W3C annotation-model checker (`../shared/w3c-annotation-model/check.py`, or `$W3C_CHECKER`)
 * when it and python3's jsonschema are there; otherwise null, after skipUnlessCI(check, …).
 */
export function w3cChecker(check) {
  const checker = process.env.W3C_CHECKER || join(ROOT, '../shared/w3c-annotation-model/check.py');
  if (!existsSync(checker)) {
    skipUnlessCI(check, `the W3C checker ${checker}`,
      'put the annotation-model suite in ../shared/w3c-annotation-model or set W3C_CHECKER to its check.py');
    return null;
  }
  if (spawnSync('python3', ['-c', 'import jsonschema']).status !== 0) {
    skipUnlessCI(check, "python3's jsonschema package",
      "scripts/setup.sh installs it: python3 -m pip install 'jsonschema>=4.18'");
    return null;
  }
  return checker;
}
