// Web pages as readers bring them: a saved news page dropped on the app (windows-1252, with its
// menus, share bar, related links, comments, sidebar, footer and JSON-LD) shows just its article
// with the right headline, byline and date; the same page as Chrome's single-file .mhtml; an
// article copied from a browser and pasted (the clipboard's HTML), in the paste box and anywhere
// on the page; and a page with no article says so and keeps the open one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic, launchBrowser, openPage, screenshot, textsOf, ROOT } from './harness.mjs';

const PAGE = await readFile(join(ROOT, 'tests/fixtures/saved-news-page.html'));
const HEADLINE = 'Harbour council votes to rebuild the old pier after storm damage';
const BOILERPLATE = ['Subscribe', 'Home', 'Advertisement', 'Share on', 'Related stories', 'Storm closes',
  'newsletter', 'Comments', 'About time', 'Most read', 'All rights reserved'];
let server;
let browser;

before(async () => {
  server = await serveStatic();
  browser = await launchBrowser();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function dropFile(page, name, bytes, type) {
  const transfer = await page.evaluateHandle(({ name, bytes, type }) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], name, { type }));
    return data;
  }, { name, bytes: [...bytes], type });
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
}

async function expectTheArticle(page) {
  await page.waitForFunction((h) => document.querySelector('#article .headline')?.textContent === h, HEADLINE);
  assert.deepEqual(await textsOf(page, 'article .byline'), ['Marie Dubois, Tomás Reyes']);
  assert.deepEqual(await textsOf(page, 'article .published time'), ['March 12, 2024']);
  assert.deepEqual(await textsOf(page, 'article figcaption'), ['The old pier after the February storm. Photo: Coastal Herald']);
  assert.deepEqual(await textsOf(page, 'article h2.subheading'), ['Opposition to the plan']);
  const paragraphs = await textsOf(page, 'article p.paragraph');
  assert.equal(paragraphs.length, 6);
  assert.match(paragraphs[1], /^“This pier is part of who we are,” said council leader Anaïs Martin/);
  assert.match(paragraphs[2], /£4\.2 million/);
  const text = await page.textContent('#article');
  for (const boilerplate of BOILERPLATE) assert.ok(!text.includes(boilerplate), `${boilerplate} is not the article`);
  // The engines run on the article: the quote and its speaker.
  await page.waitForSelector('#article mark[data-kind="quote"][aria-label="quote by Anaïs Martin"]', { timeout: 30000 });
}

test('a saved news page dropped on the app shows just its article, headline, byline and date', async () => {
  const page = await openPage(browser.context, `${server.origin}/`);
  await dropFile(page, 'Harbour council votes.html', PAGE, 'text/html');
  await expectTheArticle(page);
  await screenshot(page, 'saved-news-page');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the same page saved as Chrome's single file (.mhtml) opens the same", async () => {
  const quoted = PAGE.toString('latin1').replace(/=/g, '=3D').replace(/[\x80-\xff]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  const mhtml = Buffer.from(`From: <Saved by Blink>\r\nSnapshot-Content-Location: https://herald.example/pier\r\nSubject: Harbour council\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="----MultipartBoundary--x1----"\r\n\r\n------MultipartBoundary--x1----\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: https://herald.example/pier\r\n\r\n${quoted}\r\n------MultipartBoundary--x1----\r\nContent-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\nContent-Location: https://herald.example/pier.jpg\r\n\r\n/9j/4AAQ\r\n------MultipartBoundary--x1------\r\n`, 'latin1');
  const page = await openPage(browser.context, `${server.origin}/`);
  await page.setInputFiles('#file-input', { name: 'pier.mhtml', mimeType: 'multipart/related', buffer: mhtml });
  await expectTheArticle(page);
  await page.close();
});

/** Puts HTML and its text on the clipboard, as a browser does when a reader copies a page. */
async function copyFromABrowser(page, html, text) {
  await page.evaluate(async ({ html, text }) => {
    await navigator.clipboard.write([new ClipboardItem({
      'text/html': new Blob([html], { type: 'text/html' }),
      'text/plain': new Blob([text], { type: 'text/plain' }),
    })]);
  }, { html, text });
}

const COPIED = `<h1>Lighthouse keeper retires after forty years</h1><p class="byline">By Sam Okafor</p>
  <p>After forty years on the rock, the last keeper of the Point lighthouse handed over the keys on Friday, ending a tradition that began in 1851.</p>
  <p>“I will miss the storms most,” said Ellen Park, who kept the light through more than two hundred of them, by her own count.</p>`;
const COPIED_TEXT = 'Lighthouse keeper retires after forty years\nBy Sam Okafor\nAfter forty years on the rock, the last keeper…';

test('an article copied from a browser and pasted keeps its headline, byline and paragraphs', async () => {
  const page = await openPage(browser.context, `${server.origin}/`);
  // In the paste box: the box shows the text, the page opens with its structure.
  await copyFromABrowser(page, COPIED, COPIED_TEXT);
  await page.getByRole('button', { name: 'Paste text' }).click();
  await page.locator('#paste-box').focus();
  await page.keyboard.press('Control+V');
  await page.waitForFunction((t) => document.querySelector('#paste-box')?.value === t, COPIED_TEXT);
  await page.getByRole('button', { name: 'Open pasted text' }).click();
  await page.waitForFunction(() => document.querySelector('#article .headline')?.textContent === 'Lighthouse keeper retires after forty years');
  assert.deepEqual(await textsOf(page, 'article .byline'), ['By Sam Okafor']);
  assert.equal((await textsOf(page, 'article p.paragraph')).length, 2);
  // Anywhere on the page: pasting opens it at once.
  await page.getByRole('button', { name: 'Sample article' }).click();
  await page.waitForFunction(() => document.querySelector('#article .headline')?.textContent.startsWith('NATO'));
  await copyFromABrowser(page, COPIED.replace('forty years</h1>', 'forty years, today</h1>'), COPIED_TEXT);
  await page.locator('#article').click();
  await page.keyboard.press('Control+V');
  await page.waitForFunction(() => document.querySelector('#article .headline')?.textContent === 'Lighthouse keeper retires after forty years, today');
  assert.deepEqual(await textsOf(page, 'article .byline'), ['By Sam Okafor']);
  // Pasting into a field (a note, the search) is only typing.
  await page.getByLabel('Search annotations').click();
  await page.keyboard.press('Control+V');
  assert.equal(await page.textContent('#article .headline'), 'Lighthouse keeper retires after forty years, today');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a page with no article says so and what to do, and the open article stays', async () => {
  const page = await openPage(browser.context, `${server.origin}/`);
  const home = `<html><head><title>The Coastal Herald — News</title></head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
    <ul class="headlines">${Array.from({ length: 30 }, (_, i) => `<li><a href="/story-${i}">Story number ${i} on the front page of the site today</a></li>`).join('')}</ul>
    </body></html>`;
  await page.setInputFiles('#file-input', { name: 'home.html', mimeType: 'text/html', buffer: Buffer.from(home) });
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /No article was found in this page.*paste it.*stays open/s);
  assert.equal(await page.textContent('#article .headline'), 'NATO FMs agree to step up cooperation with EU');
  await page.close();
});
