// The HTML reader compiled to wasm (the code the page runs, built by scripts/bench.sh) on the
// saved web pages of ../shared/data/web-pages (or the project's own saved page when absent): time
// per page, the pages near 150 KB, and growth with size. It reports; it asserts nothing.
//
// usage: node scripts/bench-pages.mjs [DATA_DIR]
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ROOT as root, median, medianTime, goldDataDir, nodeEngine } from './bench-helpers.mjs';

const dataDir = goldDataDir();
const engine = nodeEngine();

const pagesDir = join(dataDir, 'web-pages');
const fixture = readFileSync(join(root, 'tests/fixtures/saved-news-page.html'));
const pages = existsSync(pagesDir)
  ? readdirSync(pagesDir).filter((n) => existsSync(join(pagesDir, n, 'source.html.gz')))
    .map((n) => gunzipSync(readFileSync(join(pagesDir, n, 'source.html.gz'))))
  : [fixture];
// Warm up (the first call compiles and fills the allocator).
for (const page of pages.slice(0, 5)) engine.read_page(page);
const times = pages.map((page) => ({ size: page.length, ms: medianTime(3, () => engine.read_page(page)) }));
const near = times.filter((t) => t.size >= 100_000 && t.size <= 200_000);
console.log(`HTML reader in wasm on ${pages.length} saved pages: median ${median(times.map((t) => t.ms)).toFixed(2)} ms per page, slowest ${Math.max(...times.map((t) => t.ms)).toFixed(1)} ms`);
if (near.length) console.log(`  pages of 100–200 KB (${near.length}): median ${median(near.map((t) => t.ms)).toFixed(2)} ms`);
const text = fixture.toString('latin1');
const [head, rest] = text.split('<div class="story-body">');
const [body, tail] = rest.split('</div>\n  <div class="newsletter');
console.log('  growth (one page\'s body repeated):');
let previous = null;
for (const size of [150_000, 300_000, 600_000, 1_200_000, 2_400_000]) {
  const page = Buffer.from(`${head}<div class="story-body">${body.repeat(Math.ceil(size / text.length))}</div>\n  <div class="newsletter${tail}`, 'latin1');
  const ms = medianTime(5, () => engine.read_page(page));
  console.log(`    ${String(Math.round(page.length / 1024)).padStart(6)} KB  ${ms.toFixed(2).padStart(8)} ms${previous ? `  ×${(ms / previous).toFixed(2)} for 2×` : ''}`);
  previous = ms;
}
