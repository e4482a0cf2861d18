// What the browser test files share: the real `baton serve` (BATON_BINARY) on a fresh demo data
// directory, serving the built app (BATON_WEB_DIST), and Debian's chromium driven by
// playwright-core. Set BATON_URL instead to test an already running server (e.g. `npm run preview`).
// Screenshots go to BATON_ARTIFACTS (default web/test-results/). Importing this module registers
// the before/after hooks that start and stop the server.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

export const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const artifacts = process.env.BATON_ARTIFACTS || join(webRoot, 'test-results');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const PASSWORD = 'baton-demo';
const CSP_RE = /Content Security Policy|Refused to (apply|execute|load|connect)/i;

// The server's origin, set by the before hook (a live binding for the importing test file).
export let base = process.env.BATON_URL || '';
export let tmp = '';
let server;
const contexts = [];
// The last lines the server logged (its access log), for the message of a screen that never appears.
const serverLines = [];
function keepServerLines(chunk) {
  for (const line of String(chunk).split('\n')) {
    if (line) serverLines.push(line);
  }
  serverLines.splice(0, Math.max(0, serverLines.length - 20));
}

async function startBaton() {
  const bin = process.env.BATON_BINARY;
  assert.ok(bin, 'set BATON_BINARY to the baton executable (or BATON_URL to a running server)');
  const dist = process.env.BATON_WEB_DIST || join(webRoot, 'dist');
  assert.ok(existsSync(join(dist, 'index.html')), `${dist}/index.html missing: run npm run build in web/`);
  const data = join(tmp, 'data');
  // The story up to the handover to ALARM, so IOM still runs the programme (the handover test
  // makes the handover itself).
  execFileSync(bin, ['demo', '--data', data, '--no-handover'], { stdio: 'ignore' });
  server = spawn(bin, ['serve', '--data', data, '--listen', '127.0.0.1:0', '--web-dir', dist], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('baton did not start:\n' + log)), 20000);
    const onData = (chunk) => {
      log += chunk;
      const m = /listening on (http:\/\/[^\s/]+)\//.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.stderr.on('data', (chunk) => keepServerLines(chunk));
    server.on('exit', (code) => reject(new Error(`baton exited (${code}):\n${log}`)));
  });
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'baton-web-test-'));
  mkdirSync(artifacts, { recursive: true });
  if (!base) base = await startBaton();
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// A new browser with an empty profile. Under the server's real CSP, unless `bypassCSP` (only for
// injecting axe-core); CSP violations and page errors are collected in page.cspErrors.
export async function newContext(viewport = { width: 1024, height: 800 }, { bypassCSP = false } = {}) {
  const dir = mkdtempSync(join(tmp, 'chromium-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: FLAGS,
    headless: true,
    viewport,
    locale: 'en-GB',
    bypassCSP,
  });
  contexts.push(ctx);
  const page = ctx.pages()[0] || (await ctx.newPage());
  page.cspErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && CSP_RE.test(m.text())) page.cspErrors.push(m.text());
  });
  page.on('pageerror', (e) => page.cspErrors.push('page error: ' + e.message));
  // What went wrong on the wire, for the message of a screen that never appears (screenAt).
  page.trouble = [];
  page.pending = new Set();
  page.on('request', (r) => page.pending.add(r));
  page.on('requestfinished', (r) => page.pending.delete(r));
  page.on('requestfailed', (r) => page.pending.delete(r));
  page.on('requestfailed', (r) => page.trouble.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 500) page.trouble.push(`${r.request().method()} ${r.url()}: HTTP ${r.status()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') page.trouble.push('console: ' + m.text());
  });
  return { ctx, page };
}

// What the page shows and what is outstanding, for a screen that does not come.
async function diagnose(page, path, e) {
  const shown = await page
    .evaluate(() => (document.querySelector('#app') || document.body).innerText.slice(0, 400))
    .catch((err) => 'unreadable: ' + err.message);
  const pending = [...page.pending].map((r) => `${r.method()} ${r.url()}`);
  return (
    `${path}: no screen (${e.message.split('\n')[0]}); at ${page.url()} the page shows ` +
    `${JSON.stringify(shown)}; trouble: ${JSON.stringify(page.trouble)}; requests without an answer: ` +
    `${JSON.stringify(pending)}; the server's last lines: ${JSON.stringify(serverLines.slice(-12))}`
  );
}

// Loads `path` afresh and waits until its screen is up (a heading in main, nothing loading).
// A page that stays on "Loading…" after a reload has been seen about once in ten runs on a busy
// machine, with no request failing: it is reported (as a "# screen did not come" line with what
// the page showed and which requests were still open) and loaded once more. A screen that does
// not come twice fails the test with the same report.
export async function screenAt(page, path) {
  for (let attempt = 1; ; attempt++) {
    page.trouble.length = 0;
    await page.goto(base + path);
    try {
      await page.locator('main h1').waitFor({ timeout: attempt === 1 ? 20000 : 30000 });
      await page.waitForFunction(() => !document.querySelector('.loading'));
      return;
    } catch (e) {
      const report = await diagnose(page, path, e);
      if (attempt === 2) throw new Error(report);
      console.log('# screen did not come, loading it again: ' + report);
    }
  }
}

// Focus reaches the element with this id: screens move it in the frame after an error shows, so
// wait for it a little before asserting.
export async function focusMovesTo(page, id, message) {
  await page.waitForFunction((want) => document.activeElement?.id === want, id, { timeout: 5000 }).catch(() => {});
  assert.equal(await page.evaluate(() => document.activeElement?.id), id, message);
}

export async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
}

export async function signIn(page, username, path = '/') {
  await page.goto(base + path);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.locator('header.top nav').waitFor();
}

export async function noHorizontalOverflow(page, label) {
  const { sw, cw } = await page.evaluate(() => ({
    sw: document.documentElement.scrollWidth,
    cw: document.documentElement.clientWidth,
  }));
  assert.ok(sw <= cw, `${label}: page is ${sw}px wide in a ${cw}px viewport`);
}

// A bearer session for setting up or checking data over the API, as another user would.
export async function apiSession(username) {
  const res = await fetch(base + '/api/v1/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  assert.ok(res.ok, `sign-in of ${username}: HTTP ${res.status}`);
  const { token } = await res.json();
  return async (method, path, body, headers = {}) => {
    const r = await fetch(base + '/api/v1' + path, {
      method,
      headers: { Authorization: 'Bearer ' + token, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : null };
  };
}

// WCAG 2 A/AA rules (contrast, labels, names, lang, ...) by axe-core; no violation allowed.
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export async function axeCheck(page, label) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  const found = result.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target?.join(' ')}`);
  assert.deepEqual(found, [], `${label}: ${found.join('; ')}`);
}
