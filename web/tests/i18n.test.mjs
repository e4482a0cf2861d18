// Every translation key exists in every language, and every key the code uses exists.
// Keys used by the code: t('a.b'), t("a.b"), and k('a.b') (the marker for keys kept in data).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LANGS = ['en', 'ar'];
// src/i18n/<lang>.json holds the strings of the first chunks; <part>.<lang>.json those of a lazily
// loaded part of the app (src/i18n/index.ts, addTranslations). All of them form one namespace.
const i18nDir = join(root, 'src/i18n');
const PARTS = [
  '',
  ...new Set(
    readdirSync(i18nDir)
      .map((f) => /^([\w-]+)\.(?:en|ar)\.json$/.exec(f)?.[1])
      .filter(Boolean),
  ),
];
const files = (l) => PARTS.map((p) => join(i18nDir, (p ? p + '.' : '') + l + '.json'));

function flatten(obj, file, prefix = '', out = new Map()) {
  for (const [key, v] of Object.entries(obj)) {
    const full = prefix ? prefix + '.' + key : key;
    if (v && typeof v === 'object') flatten(v, file, full, out);
    else {
      assert.ok(!out.has(full), `${full} is defined twice (again in ${file})`);
      out.set(full, v);
    }
  }
  return out;
}
const flat = Object.fromEntries(
  LANGS.map((l) => {
    const out = new Map();
    for (const f of files(l)) flatten(JSON.parse(readFileSync(f, 'utf8')), f, '', out);
    return [l, out];
  }),
);

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

function usedKeys() {
  const used = new Map();
  for (const file of sources(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:t|k)\(\s*(['"])([^'"]+)\1/g)) {
      if (!used.has(m[2])) used.set(m[2], file.slice(root.length + 1));
    }
  }
  return used;
}

test('English and Arabic have the same keys', () => {
  for (const a of LANGS) {
    for (const b of LANGS) {
      const missing = [...flat[a].keys()].filter((key) => !flat[b].has(key));
      assert.deepEqual(missing, [], `keys in ${a}.json missing from ${b}.json`);
    }
  }
});

test('every translation is a non-empty string', () => {
  for (const l of LANGS) {
    for (const [key, v] of flat[l]) {
      assert.equal(typeof v, 'string', `${l}: ${key} is not a string`);
      assert.ok(v.trim().length > 0, `${l}: ${key} is empty`);
    }
  }
});

test('interpolation placeholders match between languages', () => {
  const vars = (s) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
  for (const [key, v] of flat.en) {
    assert.deepEqual(vars(flat.ar.get(key)), vars(v), `placeholders differ for ${key}`);
  }
});

test('Arabic is actually translated', () => {
  const arabic = /[\u0600-\u06FF]/;
  const untranslated = [...flat.ar].filter(([, v]) => !arabic.test(v)).map(([key]) => key);
  assert.deepEqual(untranslated, [], 'Arabic strings without Arabic letters');
});

test('every key used in src/ exists in every language', () => {
  const used = usedKeys();
  assert.ok(used.size > 50, `found only ${used.size} keys in src/: is the pattern still right?`);
  for (const l of LANGS) {
    const missing = [...used].filter(([key]) => !flat[l].has(key)).map(([key, f]) => `${key} (${f})`);
    assert.deepEqual(missing, [], `keys used in src/ missing from ${l}.json`);
  }
});

test('no key is unused', () => {
  const used = usedKeys();
  const unused = [...flat.en.keys()].filter((key) => !used.has(key));
  assert.deepEqual(unused, [], 'keys in en.json that src/ never uses (remove them or use them)');
});
