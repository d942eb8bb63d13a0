// The web client as yishi-server serves it: node build.mjs OUT_DIR (run by the CMake build
// when esbuild is installed here; the setup script does that with npm ci).
//
// Why a bundle: a phone's first load under 4x CPU throttling spent ~200 ms of its main thread
// on a dozen module requests before the page's own HTML was parsed (traced), and the target
// is the bare page + 0.5 s. One minified script (and one stylesheet) does the same work in
// one request (the bench, alternating: +537/+663/+446 ms over the bare page against
// +510/+690/+807 ms for the modules; README, "The web client").
//
// OUT_DIR gets:
//   yishi.js (+ .map)  every module reachable from app.js, boot.js's early socket first
//                      (app.js imports it first, so it still runs before anything else);
//   app.css            minified;
//   index.html         the source page with the bundle in place of the modules;
//   *.js               the source modules themselves, unused by index.html, so that a page
//                      (the browser test, a developer's console) can still import one.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const src = path.dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs OUT_DIR');
  process.exit(2);
}
// Afresh: a module deleted from the source must not stay behind, still served.
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// Browsers from 2021 on: every one with ES2020 modules, optional chaining and Intl.ListFormat.
const target = ['chrome96', 'firefox95', 'safari15', 'edge96'];
await build({
  entryPoints: [path.join(src, 'app.js')],
  outfile: path.join(out, 'yishi.js'),
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: 'linked',
  target,
  charset: 'utf8', // the translation table stays readable Chinese, not \u escapes (smaller too)
  logLevel: 'warning',
});
await build({
  entryPoints: [path.join(src, 'app.css')],
  outfile: path.join(out, 'app.css'),
  minify: true,
  target,
  charset: 'utf8',
  logLevel: 'warning',
});

// index.html: the preloads and the two module scripts give way to the bundle.
const page = readFileSync(path.join(src, 'index.html'), 'utf8');
const bundled = page
  .replace(/^<link rel="modulepreload" href="[^"]+">\n/gm, '')
  .replace(/^<script type="module" src="boot\.js" async><\/script>\n/m, '')
  .replace('<script type="module" src="app.js"></script>', '<script type="module" src="yishi.js"></script>');
if (!bundled.includes('src="yishi.js"') || /modulepreload|src="(boot|app)\.js"/.test(bundled)) {
  console.error('build.mjs: index.html no longer has the shape this script rewrites (modulepreload links, boot.js, app.js)');
  process.exit(1);
}
for (const f of readdirSync(src)) if (f.endsWith('.js')) copyFileSync(path.join(src, f), path.join(out, f));

// The page must load the bundle alone (a second module script would run a second copy of the
// client, with its own socket) and name nothing that is not in OUT_DIR.
const scripts = [...bundled.matchAll(/<script\b[^>]*>/g)];
const missing = [...bundled.matchAll(/\b(?:src|href)="([^"#?]+)"/g)].map((m) => m[1])
  .filter((f) => !/^[a-z]+:/.test(f) && !existsSync(path.join(out, f)));
if (scripts.length !== 1 || missing.length) {
  console.error(`build.mjs: the page must load yishi.js alone and name only built files (scripts: ${scripts.length}; missing: ${missing.join(', ') || 'none'})`);
  process.exit(1);
}
writeFileSync(path.join(out, 'index.html'), bundled);
