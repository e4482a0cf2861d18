// Reports raw and gzip sizes of everything in dist/ and fails when the initial JavaScript
// (the scripts index.html loads, plus their modulepreloads) is over budget.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_INITIAL_JS_GZ = 150 * 1024; // DESIGN.md §7
const BUDGET_CSS_GZ = 20 * 1024;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv[2] || join(root, 'dist');

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

let files;
try {
  files = walk(dist);
} catch {
  console.error(`no ${dist}: run \`npm run build\` first`);
  process.exit(2);
}

const kb = (n) => (n / 1024).toFixed(1).padStart(7) + ' KB';
const sizes = new Map();
console.log('file'.padEnd(44) + '   raw'.padStart(10) + '   gzip'.padStart(10));
for (const f of files.sort()) {
  const buf = readFileSync(f);
  const gz = gzipSync(buf, { level: 9 }).length;
  const rel = relative(dist, f);
  sizes.set('/' + rel.split('\\').join('/'), { raw: buf.length, gz });
  console.log(rel.padEnd(44) + kb(buf.length) + kb(gz));
}

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set();
for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) initial.add(m[1]);
for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) initial.add(m[1]);
const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
if (/<script(?![^>]*\ssrc=)[^>]*>/.test(html) || /\sstyle=/.test(html)) {
  console.error('index.html has an inline script or style: the CSP forbids it');
  process.exit(1);
}

const sum = (list) =>
  list.reduce(
    (acc, p) => {
      const s = sizes.get(p);
      if (!s) throw new Error('index.html names ' + p + ', not in dist/');
      return { raw: acc.raw + s.raw, gz: acc.gz + s.gz };
    },
    { raw: 0, gz: 0 },
  );
const js = sum([...initial]);
const st = sum(css);
console.log(`\ninitial JS:  ${kb(js.raw)} raw ${kb(js.gz)} gzip   (budget ${BUDGET_INITIAL_JS_GZ / 1024} KB gzip)`);
console.log(`initial CSS: ${kb(st.raw)} raw ${kb(st.gz)} gzip   (budget ${BUDGET_CSS_GZ / 1024} KB gzip)`);
let failed = false;
if (js.gz > BUDGET_INITIAL_JS_GZ) {
  console.error('FAIL: initial JavaScript is over budget');
  failed = true;
}
if (st.gz > BUDGET_CSS_GZ) {
  console.error('FAIL: CSS is over budget');
  failed = true;
}
if (initial.size === 0) {
  console.error('FAIL: index.html loads no script');
  failed = true;
}
process.exit(failed ? 1 : 0);
