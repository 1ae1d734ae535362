// CORS in a real browser: a tiny frontend served from another origin (127.0.0.1 on another port) registers,
// logs in, creates an article with "Authorization: Token <jwt>" and a JSON body (both force a preflight) and
// reads it back with fetch. From an origin the service allows (CONDUIT_CORS_ORIGINS) every call works and the
// headers a frontend needs are readable; from an origin it does not allow, the browser blocks every call (fetch
// rejects with a TypeError) and the preflighted writes never reach the service.
//
//   SERVICE_URL=http://127.0.0.1:8080 CORS_ALLOWED_PORT=3000 CORS_BLOCKED_PORT=3001 node --test cors.test.mjs
//
// The service must allow the origin http://127.0.0.1:$CORS_ALLOWED_PORT; .ci/browser-tests.sh picks both ports
// and starts the service that way. Without CORS_ALLOWED_PORT the suite is skipped; without CORS_BLOCKED_PORT the
// blocked page takes any free port.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const SERVICE_URL = (process.env.SERVICE_URL ?? '').replace(/\/+$/, '');
const ALLOWED_PORT = Number(process.env.CORS_ALLOWED_PORT ?? '') || 0;
const BLOCKED_PORT = Number(process.env.CORS_BLOCKED_PORT ?? '') || 0; // 0: any free port
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ARTIFACTS = join(REPO_ROOT, 'target', 'ci-artifacts');
const TIMEOUT = 30_000; // per Playwright action or wait
const STEP_TIMEOUT = 90_000; // per test, so a hung step fails instead of stalling CI

// Debian's chromium: test tools cannot download browsers on our machines.
const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

/** A page on http://127.0.0.1:<port>, served by its own static server, with the browser's traffic to the API. */
class Frontend {
  constructor(label, port) {
    this.label = label;
    this.port = port;
    this.failed = false;
    this.traffic = { requests: new Map(), preflights: [], failures: [] };
  }

  get origin() {
    return `http://127.0.0.1:${this.port}`;
  }

  async open(browser) {
    this.server = await serveFrontend(this.port, this.label);
    this.port = this.server.address().port;
    this.context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    this.context.setDefaultTimeout(TIMEOUT);
    this.page = await this.context.newPage();
    this.page.on('pageerror', (error) => console.error(`page error (${this.label}): ${error.message}`));
    await this.recordTraffic();
    await this.page.goto(`${this.origin}/`);
    await this.page.locator('body[data-ready="true"]').waitFor();
  }

  async close() {
    if (this.failed && this.page) {
      await mkdir(ARTIFACTS, { recursive: true });
      await this.page.screenshot({ path: join(ARTIFACTS, `cors-${this.label}-failure.png`), fullPage: true }).catch(() => {});
    }
    await this.context?.close();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve()));
  }

  /** A test that marks this page failed (for the failure screenshot) when it throws. */
  step(name, body) {
    it(name, { timeout: STEP_TIMEOUT }, async (t) => {
      try {
        await body(t);
      } catch (error) {
        this.failed = true;
        throw error;
      }
    });
  }

  /**
   * Records the page's requests to the service over CDP: Playwright reports neither preflights nor why the
   * browser blocked a request.
   */
  async recordTraffic() {
    const cdp = await this.context.newCDPSession(this.page);
    const { traffic } = this;
    const path = (url) => (url.startsWith(`${SERVICE_URL}/`) ? url.slice(SERVICE_URL.length).replace(/\?.*/, '') : null);
    cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
      traffic.requests.set(requestId, { method: request.method, path: path(request.url) });
    });
    cdp.on('Network.responseReceived', ({ type, response }) => {
      if (type !== 'Preflight' || path(response.url) === null) return;
      traffic.preflights.push({ path: path(response.url), status: response.status, headers: lowerCaseKeys(response.headers) });
    });
    cdp.on('Network.loadingFailed', ({ requestId, errorText, corsErrorStatus }) => {
      const request = traffic.requests.get(requestId);
      if (request?.path != null) traffic.failures.push({ ...request, errorText, corsError: corsErrorStatus?.corsError });
    });
    await cdp.send('Network.enable');
  }

  async waitForTraffic(predicate, what, timeout = TIMEOUT) {
    const deadline = Date.now() + timeout;
    while (!predicate(this.traffic)) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The (first) preflight the browser sent for a request with the given method to the given path. */
  async preflight(method, path) {
    let found;
    await this.waitForTraffic((traffic) => (found = traffic.preflights.find((p) => p.path === path)),
      `the preflight (OPTIONS) of ${method} ${path}`);
    return found;
  }

  /** Calls window.conduit[name](...args) in the page; resolves to { result } or { error: { name, message } }. */
  call(name, ...args) {
    return this.page.evaluate(async ([name, args]) => {
      try {
        return { result: await window.conduit[name](...args) };
      } catch (error) {
        return { error: { name: error.name, message: error.message } };
      }
    }, [name, args]);
  }

  /** A call that the browser must let through; resolves to { status, body, location, etag }. */
  async callOk(name, ...args) {
    const failuresBefore = this.traffic.failures.length;
    const { result, error } = await this.call(name, ...args);
    if (error) {
      const failure = await this.waitForTraffic((traffic) => traffic.failures.length > failuresBefore, 'why', 5_000)
        .then(() => this.traffic.failures.at(-1), () => null);
      const preflight = failure && this.traffic.preflights.findLast((p) => p.path === failure.path);
      assert.fail(`${name}: fetch rejected with ${error.name}: ${error.message}`
        + (failure ? ` (${failure.method} ${failure.path}: ${failure.corsError ?? failure.errorText})` : '')
        + (preflight ? `; its preflight got ${preflight.status}`
          + ` with Access-Control-Allow-Origin: ${preflight.headers['access-control-allow-origin'] ?? '(none)'}` : '')
        + `; does the service allow the origin ${this.origin} (CONDUIT_CORS_ORIGINS) and the request's headers?`);
    }
    return result;
  }

  /** A call that the browser must block: fetch rejects with a TypeError, for a CORS reason. */
  async callBlocked(name, ...args) {
    const failuresBefore = this.traffic.failures.length;
    const { result, error } = await this.call(name, ...args);
    assert.ok(error, `${name} from ${this.origin} was not blocked: ${result?.status} ${JSON.stringify(result?.body)}`);
    assert.equal(error.name, 'TypeError', `${name}: fetch rejected with ${error.name}: ${error.message}`);
    await this.waitForTraffic((traffic) => traffic.failures.length > failuresBefore, `the blocked request of ${name}`);
    const failure = this.traffic.failures.at(-1);
    assert.ok(failure.corsError, `${name}: ${failure.method} ${failure.path} failed, but not for CORS: ${failure.errorText}`);
    return failure;
  }

  async screenshot(file) {
    await mkdir(ARTIFACTS, { recursive: true });
    await this.page.screenshot({ path: join(ARTIFACTS, file), fullPage: true });
  }
}

const SKIP = ALLOWED_PORT ? false
  : 'CORS_ALLOWED_PORT is not set: set it to a port whose origin http://127.0.0.1:<port> the service allows '
    + '(CONDUIT_CORS_ORIGINS); .ci/browser-tests.sh does that when it starts the service itself';

describe('CORS for a frontend on another origin', { skip: SKIP }, () => {
  let browser;
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

  before(async () => {
    assert.ok(SERVICE_URL, 'set SERVICE_URL to the base URL of a running service, e.g. http://127.0.0.1:8080');
    assert.notEqual(ALLOWED_PORT, BLOCKED_PORT, 'CORS_ALLOWED_PORT and CORS_BLOCKED_PORT must differ');
    browser = await chromium.launch(CHROMIUM);
  }, { timeout: STEP_TIMEOUT });

  after(async () => {
    await browser?.close();
  });

  describe('from an allowed origin', () => {
    const frontend = new Frontend('allowed', ALLOWED_PORT);
    const user = { username: `corsok${run}`, email: `corsok${run}@example.com`, password: `password${run}` };
    let token;
    let slug;
    let consistencyToken;
    const step = frontend.step.bind(frontend);

    before(() => frontend.open(browser), { timeout: STEP_TIMEOUT });
    after(() => frontend.close());

    step('the page is on its own origin, not the service\'s', async () => {
      assert.equal(await frontend.page.evaluate(() => location.origin), frontend.origin);
      assert.notEqual(frontend.origin, new URL(SERVICE_URL).origin);
    });

    step('registers a user (POST /api/users, JSON: preflighted)', async () => {
      const response = await frontend.callOk('register', user);
      assert.equal(response.status, 201, `registration: ${response.status} ${JSON.stringify(response.body)}`);
      assert.equal(response.body.user.username, user.username);
      const preflight = await frontend.preflight('POST', '/api/users');
      assert.ok(preflight.status >= 200 && preflight.status < 300, `preflight answered ${preflight.status}`);
    });

    step('logs in (POST /api/users/login) and gets a token', async () => {
      const response = await frontend.callOk('login', user.email, user.password);
      assert.equal(response.status, 200, `login: ${response.status} ${JSON.stringify(response.body)}`);
      assert.equal(response.body.user.username, user.username);
      token = response.body.user.token;
      assert.ok(token, 'login returned no token');
    });

    step('creates an article with Authorization: Token <jwt>; the preflight allows it', async (t) => {
      const [raw, response] = await Promise.all([
        frontend.page.waitForResponse((r) => r.url() === `${SERVICE_URL}/api/articles` && r.request().method() === 'POST'),
        frontend.callOk('createArticle', token, {
          title: `CORS from the browser ${run}`, description: 'Written by a page on another origin',
          body: 'fetch, preflight, 201', tagList: ['cors'],
        }),
      ]);
      assert.equal(response.status, 201, `create article: ${response.status} ${JSON.stringify(response.body)}`);
      slug = response.body.article.slug;
      assert.ok(slug, 'the created article has no slug');
      consistencyToken = response.consistencyToken;
      assert.match(consistencyToken ?? '', /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/,
        'the script cannot read the Conduit-Consistency-Token header of the write');
      assert.equal(response.body.article.author.username, user.username);

      // The preflight the browser sent first (Playwright does not report preflights; the CDP session does).
      const preflight = await frontend.preflight('POST', '/api/articles');
      assert.ok(preflight.status >= 200 && preflight.status < 300, `preflight answered ${preflight.status}`);
      assert.equal(preflight.headers['access-control-allow-origin'], frontend.origin);
      assert.ok(tokens(preflight.headers['access-control-allow-methods']).includes('post'),
        `Access-Control-Allow-Methods: ${preflight.headers['access-control-allow-methods']}`);
      const allowedHeaders = tokens(preflight.headers['access-control-allow-headers']);
      for (const header of ['authorization', 'content-type']) {
        assert.ok(allowedHeaders.includes(header), `Access-Control-Allow-Headers lacks ${header}: ${allowedHeaders}`);
      }
      // Without Access-Control-Max-Age every authenticated write costs two round trips.
      const maxAge = preflight.headers['access-control-max-age'];
      assert.match(maxAge ?? '', /^[1-9]\d*$/, `Access-Control-Max-Age: ${maxAge}`);
      t.diagnostic(`preflight: ${preflight.status}, Access-Control-Max-Age: ${maxAge}`);

      // Raw response headers (what the browser received, readable or not): ETag and Location are exposed.
      const exposed = tokens((await raw.headersArray())
        .filter(({ name }) => name.toLowerCase() === 'access-control-expose-headers').map(({ value }) => value).join(','));
      for (const header of ['etag', 'location']) {
        assert.ok(exposed.includes(header), `Access-Control-Expose-Headers lacks ${header}: ${exposed}`);
      }
      const location = await raw.headerValue('location');
      if (location === null) {
        assert.equal(response.location, null);
        t.diagnostic('the 201 carries no Location header (the service does not send one); Location is exposed');
      } else {
        assert.equal(response.location, location, 'the script cannot read the Location header of the 201');
      }
    });

    step('reads it back (GET /api/articles/{slug}) with the token', async () => {
      assert.ok(slug, 'no article to read: creating it failed');
      const response = await frontend.callOk('getArticle', slug, token);
      assert.equal(response.status, 200, `get article: ${response.status} ${JSON.stringify(response.body)}`);
      assert.equal(response.body.article.slug, slug);
      assert.equal(response.body.article.title, `CORS from the browser ${run}`);
      assert.equal(response.body.article.body, 'fetch, preflight, 201');
      assert.deepEqual(response.body.article.tagList, ['cors']);
      assert.equal(response.body.article.author.username, user.username);
      await frontend.screenshot('cors-allowed-origin.png');
    });

    step('reads it anonymously with Conduit-Consistency-Token (a preflighted request header)', async () => {
      assert.ok(consistencyToken, 'no consistency token: creating the article failed');
      const response = await frontend.callOk('getArticleAfter', slug, consistencyToken);
      assert.equal(response.status, 200, `get article: ${response.status} ${JSON.stringify(response.body)}`);
      assert.equal(response.body.article.slug, slug);
      // The browser sent the header only after a preflight allowed it (an earlier one for this path allowed only
      // Authorization, so it asked again).
      const path = `/api/articles/${encodeURIComponent(slug)}`;
      await frontend.waitForTraffic((traffic) => traffic.preflights.find((p) => p.path === path
        && tokens(p.headers['access-control-allow-headers']).includes('conduit-consistency-token')),
      `a preflight of GET ${path} allowing Conduit-Consistency-Token`);
    });

    step('error responses are readable too: GET /api/user without a token is a 401 with an errors body', async () => {
      // If error responses lacked CORS headers, the frontend would see a TypeError instead of the 401 to act on.
      const response = await frontend.callOk('currentUser', null);
      assert.equal(response.status, 401);
      assert.deepEqual(response.body?.errors, { token: ['is missing'] }, `401 body: ${JSON.stringify(response.body)}`);
    });

    step('ETag is readable by script, and If-None-Match gets a 304 (GET /openapi.json)', async () => {
      // The served spec is the one response that carries an ETag.
      const first = await frontend.callOk('spec', null);
      assert.equal(first.status, 200);
      assert.ok(first.etag, 'the script cannot read the ETag of GET /openapi.json');
      const second = await frontend.callOk('spec', first.etag);
      assert.equal(second.status, 304, `If-None-Match: ${first.etag} got ${second.status}`);
    });
  });

  describe('from an origin the service does not allow', () => {
    const frontend = new Frontend('blocked', BLOCKED_PORT);
    // Created over the API from Node (not subject to CORS), so the blocked page has something real to try.
    const owner = { username: `corsowner${run}`, email: `corsowner${run}@example.com`, password: `password${run}` };
    const intruder = `corsblocked${run}`;
    let token;
    const step = frontend.step.bind(frontend);

    before(async () => {
      token = (await register(owner)).token;
      await frontend.open(browser);
    }, { timeout: STEP_TIMEOUT });
    after(() => frontend.close());

    step('registering (POST /api/users) is blocked and creates no user', async () => {
      const blocked = await frontend.callBlocked('register', { username: intruder, email: `${intruder}@example.com`, password: `password${run}` });
      assert.match(blocked.corsError, /^Preflight/, `blocked for ${blocked.corsError}, not at the preflight`);
      const preflight = await frontend.preflight('POST', '/api/users');
      assert.equal(preflight.headers['access-control-allow-origin'], undefined,
        `the preflight allowed ${preflight.headers['access-control-allow-origin']}`);
      // The browser never sent the POST itself.
      assert.equal((await api('GET', `/api/profiles/${intruder}`)).status, 404, `user ${intruder} was created`);
      assert.equal((await api('GET', `/api/profiles/${owner.username}`)).status, 200, 'control: the owner exists');
    });

    step('logging in (POST /api/users/login) is blocked', async () => {
      const blocked = await frontend.callBlocked('login', owner.email, owner.password);
      assert.match(blocked.corsError, /^Preflight/, `blocked for ${blocked.corsError}, not at the preflight`);
    });

    step('creating an article with a valid token (POST /api/articles) is blocked and creates nothing', async () => {
      assert.equal((await api('GET', '/api/user', { token })).status, 200, 'control: the token is valid');
      const blocked = await frontend.callBlocked('createArticle', token, {
        title: `CORS blocked ${run}`, description: 'must not exist', body: 'must not exist', tagList: [],
      });
      assert.match(blocked.corsError, /^Preflight/, `blocked for ${blocked.corsError}, not at the preflight`);
      const { status, body } = await api('GET', `/api/articles?author=${owner.username}`);
      assert.equal(status, 200);
      assert.equal(body.articlesCount, 0, `the blocked page created: ${JSON.stringify(body.articles.map((a) => a.slug))}`);
    });

    step('reading an article (GET /api/articles/{slug}, a simple request) is blocked for the script', async () => {
      const created = await api('POST', '/api/articles', {
        token, body: { article: { title: `Public ${run}`, description: 'd', body: 'b', tagList: [] } },
      });
      assert.equal(created.status, 201, `control article: ${created.status} ${JSON.stringify(created.body)}`);
      // No preflight: the service answers, but without Access-Control-Allow-Origin the script may not read it.
      const blocked = await frontend.callBlocked('getArticle', created.body.article.slug, null);
      assert.equal(blocked.corsError, 'MissingAllowOriginHeader');
      await frontend.screenshot('cors-blocked-origin.png');
    });
  });
});

/**
 * The frontend, as the page runs it (served as /app.js): window.conduit calls the API with fetch, the way a
 * RealWorld client does, and lists each call on the page for the screenshot.
 */
function frontendScript(api) {
  const log = document.getElementById('log');
  const note = (text, outcome) => {
    const item = document.createElement('li');
    item.className = outcome;
    item.textContent = text;
    log.append(item);
  };
  async function call(method, path, { token, body, headers = {} } = {}) {
    const sent = { Accept: 'application/json', ...headers };
    if (token) sent.Authorization = `Token ${token}`;
    if (body !== undefined) sent['Content-Type'] = 'application/json';
    try {
      const response = await fetch(api + path, { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      let parsed = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      note(`${method} ${path} → ${response.status}`, 'answered');
      return {
        status: response.status, body: parsed, location: response.headers.get('Location'), etag: response.headers.get('ETag'),
        consistencyToken: response.headers.get('Conduit-Consistency-Token'),
      };
    } catch (error) {
      note(`${method} ${path} → ${error.name}: ${error.message}`, 'blocked');
      throw error;
    }
  }
  window.conduit = {
    register: (user) => call('POST', '/api/users', { body: { user } }),
    login: (email, password) => call('POST', '/api/users/login', { body: { user: { email, password } } }),
    createArticle: (token, article) => call('POST', '/api/articles', { token, body: { article } }),
    getArticle: (slug, token) => call('GET', `/api/articles/${encodeURIComponent(slug)}`, { token }),
    getArticleAfter: (slug, consistencyToken) => call('GET', `/api/articles/${encodeURIComponent(slug)}`,
      { headers: { 'Conduit-Consistency-Token': consistencyToken } }),
    currentUser: (token) => call('GET', '/api/user', { token }),
    spec: (etag) => call('GET', '/openapi.json', { headers: etag ? { 'If-None-Match': etag } : {} }),
  };
  document.body.dataset.ready = 'true';
}

/** Serves the frontend (/ and /app.js) on 127.0.0.1:port (0: any free port); resolves once listening. */
function serveFrontend(port, label) {
  const server = createServer((request, response) => {
    const origin = `http://127.0.0.1:${server.address().port}`;
    if (request.url === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Conduit frontend (${label} origin)</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:24px}code{background:#eee;padding:0 4px}
li.answered{color:#05660a}li.blocked{color:#b00020}</style></head>
<body><h1>Frontend on <code>${origin}</code> (${label} origin)</h1>
<p>Calls the Conduit API at <code>${SERVICE_URL}</code> with <code>fetch</code>:</p>
<ol id="log"></ol>
<script src="/app.js"></script></body></html>`);
    } else if (request.url === '/app.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(`(${frontendScript})(${JSON.stringify(SERVICE_URL)});\n`);
    } else {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(error.code === 'EADDRINUSE'
      ? new Error(`port ${port} for the ${label} origin is taken (by the service itself?); pick other ports`)
      : error));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** Calls the service from Node, which no CORS policy applies to: what actually happened on the server. */
async function api(method, path, { token, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Token ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${SERVICE_URL}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Registers a user over the API; resolves to { username, token }. */
async function register(user) {
  const { status, body } = await api('POST', '/api/users', { body: { user } });
  assert.equal(status, 201, `registration failed: ${status} ${JSON.stringify(body)}`);
  assert.equal(body.user.username, user.username);
  assert.ok(body.user.token, 'registration returned no token');
  return { username: user.username, token: body.user.token };
}

/** A comma- or newline-separated header value (CDP joins repeated headers with newlines) as lower-case tokens. */
function tokens(value) {
  return (value ?? '').split(/[,\n]/).map((token) => token.trim().toLowerCase()).filter(Boolean);
}

function lowerCaseKeys(headers) {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
