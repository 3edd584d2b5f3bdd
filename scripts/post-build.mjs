// Trunk post-build hook (see Trunk.toml). Two jobs, on the staging folder Trunk is about to publish:
//
// 1. index.html: put the SHA-256 of each inline script (Trunk's loader, and ours that hides the
//    first paint for a shared link) into the Content-Security-Policy, so the policy can forbid
//    every other inline script.
// 2. article-annotator.html: the whole app as ONE file (JS, wasm, CSS and the entity model inlined)
//    that works when saved and opened straight from disk (file://), where a separate .wasm cannot
//    be fetched. Its policy allows only its own inline script and style, by hash.
//
// Both also name the engine worker: index.html its loader's hashed file name; the single file
// carries the whole worker script (glue, wasm and entity model inlined) as inert text that the
// page starts from a Blob URL.
//
// Usage: node scripts/post-build.mjs [STAGING_DIR]   (Trunk sets TRUNK_STAGING_DIR)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('post-build: no staging folder (TRUNK_STAGING_DIR unset and no argument)');
  process.exit(2);
}

export const SINGLE_FILE_NAME = 'article-annotator.html';
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const INLINE_SCRIPT = /<script type="module"(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/;
// Our classic inline script in index.html's head (no type, no src).
const FIRST_PAINT_SCRIPT = /<script id="first-paint-script">([\s\S]*?)<\/script>/;

function fail(message) {
  console.error(`post-build: ${message}`);
  process.exit(1);
}

// --- 1. The served page: hash the inline scripts into the policy. ---------------------------
const indexPath = join(staging, 'index.html');
let index = readFileSync(indexPath, 'utf8');
const loader = index.match(INLINE_SCRIPT);
if (!loader) fail('no inline module loader found in index.html');
const firstPaintScript = index.match(FIRST_PAINT_SCRIPT);
if (!firstPaintScript) fail('no first-paint script found in index.html');
if (!index.includes('__INLINE_SCRIPT_HASHES__')) fail('index.html has no __INLINE_SCRIPT_HASHES__ placeholder in its policy');
index = index.replace('__INLINE_SCRIPT_HASHES__', `${sha256(loader[1])} ${sha256(firstPaintScript[1])}`);

const files = readdirSync(staging);
const find = (pattern, what) => files.find((name) => pattern.test(name)) ?? fail(`no ${what} in ${staging}`);
// Trunk does not hash a worker's files: the loader and the page name them with a version (the
// hash of the glue and the wasm), so a browser never mixes a cached worker with a newer page.
const workerGlueName = find(/^engine-worker\.js$/, 'engine worker glue');
const workerWasmName = find(/^engine-worker_bg\.wasm$/, 'engine worker wasm');
const workerLoader = find(/^engine-worker_loader\.js$/, 'engine worker loader');
const workerVersion = createHash('sha256')
  .update(readFileSync(join(staging, workerGlueName)))
  .update(readFileSync(join(staging, workerWasmName)))
  .digest('hex')
  .slice(0, 16);
writeFileSync(
  join(staging, workerLoader),
  `importScripts("./${workerGlueName}?v=${workerVersion}");wasm_bindgen("./${workerWasmName}?v=${workerVersion}");\n`,
);
if (!index.includes('__ENGINE_WORKER__')) fail('index.html has no __ENGINE_WORKER__ placeholder');
index = index.replace('__ENGINE_WORKER__', `./${workerLoader}?v=${workerVersion}`);
writeFileSync(indexPath, index);

// --- 2. The single-file app. -----------------------------------------------------------------
const jsName = find(/^article-annotator-[0-9a-f]+\.js$/, 'JavaScript glue');
const wasmName = find(/^article-annotator-[0-9a-f]+_bg\.wasm$/, 'wasm module');
const cssName = find(/^main-[0-9a-f]+\.css$/, 'stylesheet');
if (files.includes('snippets')) fail('wasm-bindgen snippets cannot be inlined yet; the single file would be broken');

let glue = readFileSync(join(staging, jsName), 'utf8');
// The glue is an ES module; inline it as the body of one module script. Its exports become
// local names, and the wasm arrives as bytes instead of a URL.
glue = glue
  .replace(/^export\s+default\s+__wbg_init\s*;?\s*$/m, '')
  .replace(/^export\s*\{[^}]*\}\s*;?\s*$/gm, '')
  .replace(/^export\s+(function|class|const|let|async function)\s/gm, '$1 ');
if (/^\s*import\s/m.test(glue) || /^export\s/m.test(glue)) fail('the glue imports or exports something unexpected');

const wasmBase64 = readFileSync(join(staging, wasmName)).toString('base64');
const css = readFileSync(join(staging, cssName), 'utf8');
// The engine worker, whole: its no-modules glue, the model as base64 (it reads
// self.entityModelBase64 instead of fetching), and its wasm given as bytes.
const workerGlue = readFileSync(join(staging, workerGlueName), 'utf8');
const workerWasm = readFileSync(join(staging, workerWasmName)).toString('base64');
const modelPath = join(staging, 'entity-model.bin');
const modelLine = existsSync(modelPath)
  ? `self.entityModelBase64 = ${JSON.stringify(readFileSync(modelPath).toString('base64'))};\n`
  : '';
const workerScript = `${modelLine}${workerGlue}
wasm_bindgen({ module_or_path: Uint8Array.from(atob(${JSON.stringify(workerWasm)}), (c) => c.charCodeAt(0)) });
`;
// Inline script text must neither close its element early nor open an HTML comment in it.
const unsafeInScript = (text) => /<\/script|<!--/i.test(text);
if (unsafeInScript(workerScript)) fail('the worker script contains "</script" or "<!--"');
const workerElement = `<script type="text/plain" id="engine-worker-source">${workerScript}</script>`;

const faviconName = files.find((name) => /^favicon-[0-9a-f]+\.svg$/.test(name));
const favicon = faviconName
  ? `data:image/svg+xml;base64,${readFileSync(join(staging, faviconName)).toString('base64')}`
  : 'data:,';

const script = `${glue}
const wasmBytes = Uint8Array.from(atob(${JSON.stringify(wasmBase64)}), (c) => c.charCodeAt(0));
await __wbg_init({ module_or_path: wasmBytes });
`;
const policy = [
  "default-src 'none'",
  `script-src 'wasm-unsafe-eval' ${sha256(script)} ${sha256(firstPaintScript[1])}`,
  `style-src ${sha256(css)}`,
  "img-src data: blob:",
  "connect-src 'none'",
  // The engine worker starts from a Blob URL of the inlined script (a file:// page cannot start
  // one from a file).
  "worker-src blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-src 'none'",
].join('; ');

const head = index
  .match(/<head>([\s\S]*?)<\/head>/)[1]
  .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, `<meta http-equiv="Content-Security-Policy" content="${policy}">`)
  .replace(/<link[^>]*>\s*/g, '')
  .replace('</title>', `</title>\n  <link rel="icon" href="${favicon}">\n  <meta name="article-annotator-build" content="single-file">`)
  .replace(/<meta name="engine-worker"[^>]*>\s*/, '')
  .replace(INLINE_SCRIPT, '')
  .replace(/<script[\s\S]*?<\/script>\s*/g, '')
  .replace('</title>', `</title>\n  ${firstPaintScript[0]}`);
// The body as served: the first paint (the sample, or the embedded article once one is
// embedded: formats::html::embed_in_app replaces it) and the notice for browsers without script.
const body = index.match(/<body>([\s\S]*?)<\/body>/)[1];
// The script's text must not close its own element early.
if (unsafeInScript(script)) fail('the inlined script contains "</script" or "<!--"');

const single = `<!DOCTYPE html>
<html lang="en">
<head>${head}<style>${css}</style>
${workerElement}
<script type="module">${script}</script>
</head>
<body>${body}</body>
</html>
`;
writeFileSync(join(staging, SINGLE_FILE_NAME), single);
console.log(`post-build: loader hashed into index.html; wrote ${SINGLE_FILE_NAME} (${(single.length / 1024).toFixed(0)} KiB)`);
