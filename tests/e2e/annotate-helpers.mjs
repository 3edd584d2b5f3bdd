// Helpers for driving the annotation workspace like a reader: a fresh page, waiting for the
// engines, selecting words with the mouse or the keyboard, reading marks, annotating, files
// chosen in the browser's file chooser and downloaded, imports, and the store (its lock held by
// another tab, its entries read, filled to the last byte by another page of the site).
import { join } from 'node:path';
import { openPage } from './harness.mjs';

/** A fresh page of the site at `origin` with the sample annotated, and an empty store. */
export async function freshAnnotatedPage(context, origin) {
  // Clear the store from a page of the same site that is not the app (the app would save again).
  const blank = await context.newPage();
  await blank.goto(`${origin}/no-app-here`);
  await blank.evaluate(() => localStorage.clear());
  await blank.close();
  const page = await openPage(context, `${origin}/`);
  await waitForEngines(page);
  return page;
}

/** Waits until the entity model has loaded and the article is annotated. */
export async function waitForEngines(page) {
  await page.waitForSelector('#article mark[data-kind="person"]', { timeout: 30000 });
  // Names are marked; the engine worker has also answered for the whole article.
  await page.locator('[data-testid="analysing"]').waitFor({ state: 'detached', timeout: 30000 });
}

/**
 * Screen rectangles of the first and last character of `needle` (the nth occurrence) inside the
 * article element matching `scope`.
 */
export async function textRects(page, needle, { scope = '#article', nth = 0 } = {}) {
  return page.evaluate(({ needle, scope, nth }) => {
    const root = document.querySelector(scope);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = '';
    while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
    let at = -1;
    for (let i = 0; i <= nth; i += 1) { at = text.indexOf(needle, at + 1); if (at < 0) return null; }
    const locate = (offset) => {
      for (let i = nodes.length - 1; i >= 0; i -= 1) if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]];
      return null;
    };
    const rectOf = (offset) => {
      const [node, inside] = locate(offset);
      const range = document.createRange();
      range.setStart(node, inside);
      range.setEnd(node, inside + 1);
      const r = range.getClientRects()[0] || range.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    };
    // Bring the words on screen first, as a reader scrolls to them.
    locate(at)[0].parentElement.scrollIntoView({ block: 'center' });
    return { first: rectOf(at), last: rectOf(at + needle.length - 1) };
  }, { needle, scope, nth });
}

/** Selects `needle` by dragging the mouse across it. */
export async function dragSelect(page, needle, options) {
  const rects = await textRects(page, needle, options);
  if (!rects) throw new Error(`"${needle}" is not on the page`);
  const y = (r) => (r.top + r.bottom) / 2;
  await page.mouse.move(rects.first.left + 1, y(rects.first));
  await page.mouse.down();
  await page.mouse.move((rects.first.left + rects.last.right) / 2, y(rects.last), { steps: 4 });
  await page.mouse.move(rects.last.right - 1, y(rects.last), { steps: 4 });
  await page.mouse.up();
}

/**
 * Puts the caret just before `needle` (a click there, as a reader would) — then the keyboard
 * extends the selection.
 */
export async function caretBefore(page, needle, options) {
  const rects = await textRects(page, needle, options);
  if (!rects) throw new Error(`"${needle}" is not on the page`);
  const { left, top, bottom } = rects.first;
  await page.mouse.click(left + 1, (top + bottom) / 2);
}

/** The text, kind and accessible name of every mark. */
export async function marks(page, selector = '#article mark') {
  return page.$$eval(selector, (elements) => elements.map((m) => ({
    id: m.dataset.id, kind: m.dataset.kind, first: m.dataset.first === 'true', color: m.dataset.color || null,
    label: m.getAttribute('aria-label'), text: m.textContent,
  })));
}

/** The full text of an annotation (all its pieces), by id. */
export async function annotationText(page, id) {
  return page.$$eval(`#article mark[data-id="${id}"]`, (pieces) => {
    // Nested pieces repeat inner text; take the outermost pieces only.
    const outer = pieces.filter((p) => !pieces.some((q) => q !== p && q.contains(p)));
    return outer.map((p) => p.textContent).join('');
  });
}

/** Waits until the page says the reader's work is saved (every change made so far is on disk). */
export async function waitForSaved(page) {
  await page.waitForFunction(
    () => document.querySelector('[data-testid="save-status"]')?.textContent === 'Saved',
    null,
    { timeout: 10000 },
  );
}

/** Waits until a change is pending (the page has taken it and will save it). */
export async function waitForPending(page) {
  await page.waitForFunction(
    () => document.querySelector('[data-testid="save-status"]')?.textContent === 'Saving…',
    null,
    { timeout: 10000 },
  );
}

/**
 * Kills the tab's renderer as a crash would: no `pagehide`, no last save. Whatever the page has
 * not saved by then is lost — which is what the tests that use this check it never is.
 */
export async function crash(page) {
  const cdp = await page.context().newCDPSession(page);
  const crashed = new Promise((resolve) => { page.once('crash', resolve); });
  // The command never answers: the renderer it would answer from is gone.
  cdp.send('Page.crash').catch(() => {});
  await crashed;
  await page.close().catch(() => {});
}

/**
 * Holds the store's Web Lock from a page of the same site that is not the app, as another tab in
 * the middle of a save would: while it is held, no tab of the app can save (they queue). Returns
 * `release()`; `waiting(count)`, which resolves once `count` requests for the lock wait behind
 * this one (every tab whose save is due has asked for it); `waitingFrom(clientId)`, once the
 * page of that client (see lockClientId) waits for it — a test that orders saves waits for each
 * tab's own request, as a count may be met by another tab's; `queue()`, who holds and waits; and `releaseThenRead()`, which lets
 * go and asks for the lock again at once — granted after every request that was waiting, so the
 * entries it resolves to are the store just after those saves ran, before any later one.
 */
export async function holdStoreLock(context, origin) {
  const holder = await context.newPage();
  await holder.goto(`${origin}/lock-holder`);
  const take = () => holder.evaluate(() => new Promise((granted) => {
    navigator.locks.request('article-annotator/store', () => new Promise((release) => {
      window.releaseStoreLock = release;
      granted();
    }));
  }));
  await take();
  return {
    waiting: (count) => holder.waitForFunction(async (count) => {
      const { pending } = await navigator.locks.query();
      return pending.filter((lock) => lock.name === 'article-annotator/store').length >= count;
    }, count, { timeout: 10000 }),
    /** Resolves once the page of Web Locks client `clientId` (see lockClientId) waits for the lock. */
    waitingFrom: (clientId) => holder.waitForFunction(async (clientId) => {
      const { pending } = await navigator.locks.query();
      return pending.some((lock) => lock.name === 'article-annotator/store' && lock.clientId === clientId);
    }, clientId, { timeout: 10000 }),
    /** Every request for the store's lock, held or waiting, with its client: for messages. */
    queue: () => holder.evaluate(async () => {
      const { held, pending } = await navigator.locks.query();
      const mine = (locks) => locks.filter((l) => l.name === 'article-annotator/store').map((l) => l.clientId);
      return { held: mine(held), pending: mine(pending) };
    }),
    releaseThenRead: async () => {
      const entries = await holder.evaluate(() => {
        const next = navigator.locks.request('article-annotator/store', () => Object.fromEntries(
          Object.entries(localStorage).filter(([key]) => key.startsWith('article-annotator/')),
        ));
        window.releaseStoreLock();
        return next;
      });
      await holder.close();
      return entries;
    },
    release: async () => {
      await holder.evaluate(() => window.releaseStoreLock());
      await holder.close();
    },
  };
}

/**
 * The Web Locks client id of `page`: it holds a lock of its own for a moment and reads who holds
 * it. Lets a test tell whose requests wait for the store (`holdStoreLock(...).waitingFrom`).
 */
export async function lockClientId(page) {
  return page.evaluate(() => {
    const name = `client-probe-${Math.random()}`;
    return navigator.locks.request(name, async () => (await navigator.locks.query()).held
      .find((lock) => lock.name === name).clientId);
  });
}

/**
 * Asks for the store's Web Lock from a page of the same site that is not the app, behind every
 * request already waiting, and holds it once granted: a place in the queue, so that a tab whose
 * save asks after this one waits until `release()`. `granted()` resolves once it holds the lock.
 *
 * Web Locks do not order localStorage between processes: a tab granted the lock just after
 * another wrote may still read the value from before (Chromium brings a write to the other
 * processes' copies on its own time; 90 of 200 reads made back to back that way were stale). A
 * test that means a tab's save to read what another just wrote lets it have its turn once it has
 * that write (see heardOf).
 */
export async function queueStoreLock(context, origin) {
  const holder = await context.newPage();
  await holder.goto(`${origin}/lock-queue`);
  await holder.evaluate(() => {
    window.storeLockGranted = false;
    navigator.locks.request('article-annotator/store', () => new Promise((release) => {
      window.releaseStoreLock = release;
      window.storeLockGranted = true;
    }));
  });
  return {
    granted: () => holder.waitForFunction(() => window.storeLockGranted, null, { timeout: 10000 }),
    release: async () => {
      await holder.evaluate(() => window.releaseStoreLock());
      await holder.close();
    },
  };
}

/**
 * Installed in every page of a context (`context.addInitScript`) before the page's own scripts:
 * lets a test hold back the `storage` events that tell a tab of another tab's save, as a busy
 * browser may deliver them late — after this tab's own save has started. Held events are
 * dispatched again, in order, on release.
 */
export function storageEventGate() {
  const held = [];
  let holding = false;
  window.__storageEvents = {
    hold() { holding = true; },
    heldKeys: () => held.map((event) => event.key),
    release() {
      holding = false;
      const events = held.splice(0);
      for (const init of events) window.dispatchEvent(new StorageEvent('storage', init));
      return events.length;
    },
  };
  // Capturing, and added before the app's own listener: it runs first.
  window.addEventListener('storage', (event) => {
    if (!holding) return;
    event.stopImmediatePropagation();
    const { key, oldValue, newValue, url, storageArea } = event;
    held.push({ key, oldValue, newValue, url, storageArea });
  }, true);
}

/** Holds back the storage events of `page` (see storageEventGate). */
export const holdStorageEvents = (page) => page.evaluate(() => window.__storageEvents.hold());
/**
 * Waits until `page` holds back a storage event for a saved article: another tab's save has
 * reached this page's copy of the store (the event comes with it), though the page has not taken
 * it in.
 */
export const heardOf = (page) => page.waitForFunction(
  () => window.__storageEvents.heldKeys().some((key) => key?.startsWith('article-annotator/article/')),
  null, { timeout: 10000 },
);
/** Dispatches the storage events `page` held back; resolves to how many. */
export const releaseStorageEvents = (page) => page.evaluate(() => window.__storageEvents.release());

/** The app's entries in localStorage, read from a page of the same site. */
export async function storedEntries(page) {
  return page.evaluate(() => Object.fromEntries(
    Object.entries(localStorage).filter(([key]) => key.startsWith('article-annotator/')),
  ));
}

/** The stored entry of the one saved article (its raw JSON), or undefined. */
export async function storedArticle(page) {
  return articleIn(await storedEntries(page));
}

/** The reader's live annotations in a stored entry (schemas 3 and 4), by id. */
export function liveAnnotations(stored) {
  const records = stored?.value?.layer?.annotations ?? {};
  return Object.fromEntries(Object.entries(records).filter(([, r]) => r.value).map(([id, r]) => [id, r.value]));
}

/**
 * Highlights `needle` with the mouse and writes `note` in its card (saved with the card's Save);
 * returns the new highlight's id, the card closed.
 */
export async function annotate(page, needle, note, color = 'yellow') {
  const before = new Set(await page.$$eval('#article mark[data-kind="highlight"]', (ms) => ms.map((m) => m.dataset.id)));
  await dragSelect(page, needle);
  await page.getByRole('button', { name: `Highlight ${color}` }).click();
  const card = page.getByRole('dialog', { name: 'Annotation' });
  await card.getByLabel('Note').fill(note);
  await card.getByRole('button', { name: 'Save' }).click();
  await page.keyboard.press('Escape');
  const ids = await page.$$eval('#article mark[data-kind="highlight"]', (ms) => ms.map((m) => m.dataset.id));
  return ids.find((id) => !before.has(id));
}

/** The notes of the Notes panel (each item's whole text), sorted. */
export async function notesShown(page) {
  await page.getByRole('tab', { name: 'Notes' }).click();
  const items = await page.locator('.note-item').evaluateAll((nodes) => nodes.map((n) => n.textContent));
  return items.sort();
}

/** Clicks `trigger` (a locator, or a button's name) as a reader does and picks `path` in the file chooser it opens. */
export async function chooseFile(page, trigger, path) {
  const button = typeof trigger === 'string' ? page.getByRole('button', { name: trigger }) : trigger;
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button.click()]);
  await chooser.setFiles(path);
}

/** Opens a file with "Open file…" (an article or a backup of one). */
export const openFile = (page, path) => chooseFile(page, 'Open file…', path);

/**
 * Clicks `trigger` (a locator, or the name of a button of the Share panel), saves the file it
 * downloads into `dir` and returns its path.
 */
export async function download(page, trigger, dir) {
  let button = trigger;
  if (typeof trigger === 'string') {
    await page.getByRole('tab', { name: 'Share' }).click();
    button = page.getByRole('button', { name: trigger });
  }
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = join(dir, `${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return path;
}

/** Chooses an annotations file with "Import annotations…" in the Share panel; resolves to the review. */
export async function importForReview(page, path) {
  await page.getByRole('tab', { name: 'Share' }).click();
  await chooseFile(page, 'Import annotations…', path);
  const review = page.getByRole('dialog', { name: 'Review the import' });
  await review.waitFor({ timeout: 60000 });
  return review;
}

/**
 * Fills the site's localStorage to the last byte from a page of the site that is not the app (as
 * another program or site's data would). Returns `empty()`, which takes the filler out again.
 */
export async function fillStore(context, origin) {
  const filler = await context.newPage();
  await filler.goto(`${origin}/store-filler`);
  await filler.evaluate(() => {
    const chunk = 'x'.repeat(512 * 1024);
    for (let i = 0; ; i += 1) { try { localStorage.setItem(`junk-${i}`, chunk); } catch { break; } }
    let small = 'x'.repeat(4096);
    for (let i = 0; small.length > 1; i += 1) {
      try { localStorage.setItem(`junk-small-${i}`, small); } catch { small = small.slice(0, small.length / 2); }
    }
  });
  return {
    empty: async () => {
      await filler.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('junk-')).forEach((k) => localStorage.removeItem(k)));
      await filler.close();
    },
  };
}

/** The stored entry of the one saved article among `entries` (as storedEntries returns them). */
export function articleIn(entries) {
  const key = Object.keys(entries).find((k) => k.startsWith('article-annotator/article/'));
  return key && { key, raw: entries[key], value: JSON.parse(entries[key]) };
}

/** The live renames in a stored entry: `kind: from → to`, sorted. */
export function liveRenames(stored) {
  const renames = stored?.value?.layer?.renames ?? {};
  return Object.entries(renames).flatMap(([kind, records]) => Object.entries(records)
    .filter(([, r]) => r.value).map(([from, r]) => `${kind}: ${from} → ${r.value}`)).sort();
}
