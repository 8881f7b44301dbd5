// The browser tests' harness: a seeded demo district served by the real `equilens serve`,
// Debian's chromium driven by playwright-core, a screenshot and an axe-core pass on every
// page a test visits.
//
// One App per test file: `const app = await App.start('review')` in before(), `app.stop()`
// in after(). stop() checks that the server exits 0 on SIGTERM. Environment:
//   EQUILENS_BIN        the binary under test (default build/bin/equilens in the repository)
//   EQUILENS_CHROMIUM   the browser (default /usr/bin/chromium)
//   EQUILENS_ARTIFACTS  where screenshots go (default test-artifacts/browser in the repository)
//   EQUILENS_KEEP_TMP   set to keep the temporary folder (database, server log) for a look
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const bin = path.resolve(process.env.EQUILENS_BIN || path.join(repoRoot, 'build/bin/equilens'));
export const artifactsDir = path.resolve(
  process.env.EQUILENS_ARTIFACTS || path.join(repoRoot, 'test-artifacts/browser'));
// Every demo user gets this password (docs/examples/demo-data.sh reads it).
export const password = 'browser-tests-Pa55word';
const axePath = path.join(here, 'node_modules/axe-core/axe.min.js');
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// What chromium needs on a machine with no display, no GPU and no network but loopback.
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];

// A free TCP port on loopback (the kernel picks one; we close it and hand it to the server).
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Runs the CLI synchronously against `db`; throws with its stderr when it fails.
export function cli(db, args, input) {
  const result = spawnSync(bin, ['--db', db, ...args], { input, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`equilens ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return result.stdout;
}

// The options `equilens serve --help` lists (once per process; the answer does not change).
let serveHelp;
export function serveOptions() {
  if (serveHelp === undefined) {
    const result = spawnSync(bin, ['serve', '--help'], { encoding: 'utf8' });
    serveHelp = `${result.stdout}\n${result.stderr}`;
  }
  return serveHelp;
}

export class App {
  // Seeds a demo district in a fresh temporary folder and starts the server on a free port.
  // `serveArgs` are added to `equilens serve` (e.g. a short idle timeout).
  static async start(testName, { serveArgs = [] } = {}) {
    const app = new App(testName);
    try {
      app.#seed();
      await app.#serve(serveArgs);
    } catch (error) {
      await app.stop();  // a server that never answered still gets stopped
      throw error;
    }
    return app;
  }

  constructor(testName) {
    this.testName = testName;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `equilens-browser-${testName}-`));
    this.db = path.join(this.dir, 'demo.db');
    this.logPath = path.join(this.dir, 'serve.log');
    this.contexts = [];
    this.shots = new Set();
  }

  #seed() {
    const result = spawnSync('bash', [path.join(repoRoot, 'docs/examples/demo-data.sh'), bin,
      this.db, path.join(this.dir, 'passwords')],
    { encoding: 'utf8', env: { ...process.env, EQUILENS_DEMO_PASSWORD: password } });
    if (result.status !== 0) {
      throw new Error(`demo-data.sh exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
    }
  }

  async #serve(serveArgs) {
    this.port = await freePort();
    this.baseURL = `http://127.0.0.1:${this.port}`;
    const log = fs.openSync(this.logPath, 'a');
    this.server = spawn(bin, ['--db', this.db, 'serve', '--bind', '127.0.0.1',
      '--port', String(this.port), ...serveArgs], { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.exited = new Promise((resolve) => {
      this.server.on('exit', (code, signal) => resolve({ code, signal }));
    });
    let early = null;
    this.exited.then((how) => { early = how; });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (early) {
        throw new Error(`equilens serve exited (${JSON.stringify(early)}) before answering:\n` +
          this.serverLog());
      }
      try {
        const response = await fetch(`${this.baseURL}/signin`, { redirect: 'manual' });
        await response.arrayBuffer();
        break;  // any HTTP answer: it listens
      } catch {
        if (Date.now() > deadline) {
          throw new Error(`equilens serve did not answer in 60 s:\n${this.serverLog()}`);
        }
        await sleep(100);
      }
    }
    this.browser = await chromium.launch({
      executablePath: process.env.EQUILENS_CHROMIUM || '/usr/bin/chromium',
      args: chromiumArgs,
    });
  }

  serverLog() {
    try {
      return fs.readFileSync(this.logPath, 'utf8');
    } catch {
      return '(no log)';
    }
  }

  // Closes the browser, sends SIGTERM, and returns how the server exited ({code, signal}).
  async stop() {
    if (this.browser) await this.browser.close().catch(() => {});
    let how = null;
    if (this.server) {
      if (this.server.exitCode === null && this.server.signalCode === null) {
        this.server.kill('SIGTERM');
      }
      const timeout = sleep(15_000).then(() => null);
      how = await Promise.race([this.exited, timeout]);
      if (how === null) {
        this.server.kill('SIGKILL');
        how = { code: null, signal: 'SIGKILL (did not exit 15 s after SIGTERM)' };
      }
    }
    this.lastLog = this.serverLog().split('\n').slice(-40).join('\n');  // the end tells why
    if (!process.env.EQUILENS_KEEP_TMP) fs.rmSync(this.dir, { recursive: true, force: true });
    return how;
  }

  // Stops the server and fails unless it exited 0 on SIGTERM (after() of every test file).
  async finish() {
    const how = await this.stop();
    if (!how || how.code !== 0) {
      throw new Error(`equilens serve did not exit 0 on SIGTERM: ${JSON.stringify(how)}\n` +
        this.lastLog);
    }
  }

  // The demo initiatives by title ({"Later start for high schools": "EQ-2026-0002", ...}),
  // read through the CLI as the ombuds, who may read them all.
  demoIds() {
    if (this.ids) return this.ids;
    const inbox = JSON.parse(cli(this.db, ['--as', 'dana', '--json', 'inbox']));
    const prefix = inbox[0].id.replace(/\d+$/, '');
    this.ids = {};
    for (let n = 1; n < 100; n++) {
      const id = `${prefix}${String(n).padStart(4, '0')}`;
      const result = spawnSync(bin, ['--db', this.db, '--as', 'olga', '--json', 'show', id],
        { encoding: 'utf8' });
      if (result.status !== 0) break;
      this.ids[JSON.parse(result.stdout).title] = id;
    }
    return this.ids;
  }

  // A JSON API call in `context` (its cookies); `csrf` is sent as X-CSRF-Token when given.
  // Returns { status, json, text }.
  async api(context, method, url, { data, csrf, headers = {} } = {}) {
    const response = await context.request.fetch(url, {
      method, data, failOnStatusCode: false, maxRedirects: 0,
      headers: { ...(csrf ? { 'X-CSRF-Token': csrf } : {}), ...headers },
    });
    const text = await response.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: response.status(), json, text, headers: response.headers() };
  }

  // The signed-in session's CSRF token, from GET /api/session.
  async csrfOf(context) {
    const me = await this.api(context, 'GET', '/api/session');
    if (me.status !== 200) throw new Error(`GET /api/session: ${me.status} ${me.text}`);
    return me.json.csrf_token;
  }

  // A fresh browser context (its own cookies) with the app's base URL.
  async newContext(options = {}) {
    const context = await this.browser.newContext({ baseURL: this.baseURL, ...options });
    this.contexts.push(context);
    return context;
  }

  // Signs `user` in through the sign-in page in a fresh context; returns { context, page }.
  // The sign-in page itself is screenshot and checked with axe once per test file.
  async signIn(user, { check = false } = {}) {
    const context = await this.newContext();
    const page = await context.newPage();
    await page.goto('/signin');
    if (check) await this.visit(page, 'signin');
    await fillSignIn(page, user, password);
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
    return { context, page };
  }

  // Screenshots the page to test-artifacts/browser/<test>-<name>.png and runs axe-core on it;
  // throws listing every violation. Call after each navigation a test cares about.
  async visit(page, name) {
    await page.waitForLoadState('load');
    await this.screenshot(page, name);
    await checkAxe(page, `${this.testName}-${name} (${page.url()})`);
  }

  async screenshot(page, name) {
    fs.mkdirSync(artifactsDir, { recursive: true });
    let file = `${this.testName}-${name}`.replace(/[^A-Za-z0-9._-]+/g, '_');
    for (let n = 2; this.shots.has(file); n++) file = `${this.testName}-${name}-${n}`;
    this.shots.add(file);
    await page.screenshot({ path: path.join(artifactsDir, `${file}.png`), fullPage: true });
  }
}

// Fills and sends the sign-in form on the current page.
export async function fillSignIn(page, user, secret) {
  await page.getByLabel(/user ?name/i).fill(user);
  await page.getByLabel(/password/i).fill(secret);
  await page.getByRole('button', { name: /sign in/i }).click();
}

// Runs axe-core (WCAG 2.1 A and AA) on `page`. The pages' CSP (script-src 'self') refuses an
// injected <script>, so axe's source is evaluated through the DevTools protocol, which the
// page's CSP does not govern; the page's own scripts and CSP stay as served.
export async function checkAxe(page, label) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.evaluate(fs.readFileSync(axePath, 'utf8'));
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  }, axeTags);
  if (violations.length > 0) {
    const lines = violations.map((v) => `  ${v.id} [${v.impact}] ${v.help}: ${v.targets.join(', ')}`);
    throw new Error(`axe-core found ${violations.length} violation(s) on ${label}:\n${lines.join('\n')}`);
  }
}

// The CSRF token a signed-in page carries in its forms (hidden field `csrf`).
export async function csrfToken(page) {
  const field = page.locator('input[name="csrf"]').first();
  return field.getAttribute('value');
}

// The initiative id (EQ-YYYY-NNNN) in a URL path, or null.
export function initiativeId(url) {
  const match = /\/initiatives\/(EQ-\d{4}-\d{4,})/.exec(new URL(url).pathname);
  return match ? match[1] : null;
}

// Fills a form's controls by their `name` (the names the engine reads: "risk_level",
// "engagement.1.who"): a <select> by option value, checkboxes (a multi-choice) by their values,
// a radio group by value, anything else typed in. Field names are the form's contract with the
// server, so they are a stable hook where labels repeat (every record has a "Who took part").
export async function fillByName(form, values) {
  for (const [name, value] of Object.entries(values)) {
    const controls = form.locator(`[name="${name}"]:not([type="hidden"])`);
    const first = controls.first();
    const kind = await first.evaluate((e) => `${e.tagName.toLowerCase()}:${e.type || ''}`);
    if (kind.startsWith('select')) {
      await first.selectOption(String(value));
    } else if (kind === 'input:checkbox' || kind === 'input:radio') {
      const wanted = new Set([].concat(value).map(String));
      for (const control of await controls.all()) {
        const want = wanted.has(await control.getAttribute('value'));
        if (want) await control.check();
        else if (kind === 'input:checkbox') await control.uncheck();
      }
    } else {
      await first.fill(String(value));
    }
  }
}

// Clicks `control` (a button that posts a form) and waits for the page the post leads to
// (after the server's 303, or the refusal it renders); returns that page's response.
export async function post(page, control) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    control.click()]);
  return response;
}

// The page's error messages (the error summary and any alert), joined; '' when none.
export async function pageErrors(page) {
  const alerts = page.locator('[role="alert"], .error-summary, #error-summary');
  return (await alerts.allInnerTexts()).join('\n').trim();
}
