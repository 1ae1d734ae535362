// Swagger UI end to end: the page renders the live contract, "Authorize" takes the bare JWT a user gets
// from registering, and "Try it out" on GET /api/user then returns that user (while the same call without
// the token is a 401). Runs against a running service: SERVICE_URL=http://127.0.0.1:8080 node --test
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const SERVICE_URL = (process.env.SERVICE_URL ?? '').replace(/\/+$/, '');
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ARTIFACTS = join(REPO_ROOT, 'target', 'ci-artifacts');
const OPERATIONS_IN_SPEC = 20;
const TIMEOUT = 30_000; // per Playwright action or wait
const STEP_TIMEOUT = 90_000; // per test, so a hung step fails instead of stalling CI

// Debian's chromium: test tools cannot download browsers on our machines.
const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

describe('Swagger UI at /swagger-ui', () => {
  let browser;
  let page;
  let user; // { username, token } of a user registered for this run
  let failed = false;

  before(async () => {
    assert.ok(SERVICE_URL, 'set SERVICE_URL to the base URL of a running service, e.g. http://127.0.0.1:8080');
    user = await register();
    browser = await chromium.launch(CHROMIUM);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(TIMEOUT);
    page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  }, { timeout: STEP_TIMEOUT });

  after(async () => {
    if (failed && page) {
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'swagger-ui-failure.png'), fullPage: true }).catch(() => {});
    }
    await browser?.close();
  });

  // Marks the run failed (for the failure screenshot) when a step throws.
  const step = (name, body) => it(name, { timeout: STEP_TIMEOUT }, async () => {
    try {
      await body();
    } catch (error) {
      failed = true;
      throw error;
    }
  });

  step('rejects GET /api/user without a token (401)', async () => {
    const response = await fetch(`${SERVICE_URL}/api/user`);
    assert.equal(response.status, 401);
  });

  step(`renders the contract: title "Conduit API" and all ${OPERATIONS_IN_SPEC} operations`, async () => {
    await page.goto(`${SERVICE_URL}/swagger-ui`);
    const title = page.getByRole('heading', { level: 1, name: /Conduit API/ });
    await title.waitFor();
    assert.equal(await page.title(), 'Conduit API');
    assert.match(await title.innerText(), /^Conduit API\b/);
    // Operations render only after the spec is fetched and parsed: wait for the last one, then count.
    const operations = page.locator('.opblock');
    await operations.nth(OPERATIONS_IN_SPEC - 1).waitFor();
    assert.equal(await operations.count(), OPERATIONS_IN_SPEC);
  });

  step('"Try it out" on GET /api/user before authorizing gets 401', async () => {
    const operation = currentUserOperation();
    await operation.getByRole('button', { name: /^GET \/api\/user\b/ }).click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    const response = await execute(operation);
    assert.equal(response.status(), 401);
    assert.equal(await response.request().headerValue('authorization'), null);
    await liveStatus(operation, 401).waitFor();
  });

  step('"Authorize" takes the bare token', async () => {
    await page.locator('.scheme-container').getByRole('button', { name: 'Authorize' }).click();
    const dialog = page.locator('.modal-ux').filter({ has: page.getByRole('heading', { name: 'Available authorizations' }) });
    await dialog.waitFor();
    await dialog.getByLabel('Value:').fill(user.token);
    // The dialog's buttons read "Authorize" and "Logout" but are named by their aria-labels.
    await dialog.getByRole('button', { name: 'Apply credentials' }).click();
    // Once authorized, the dialog masks the value and offers Logout instead.
    await dialog.getByRole('button', { name: 'Remove authorization' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  step('"Try it out" on GET /api/user with the token returns the registered user', async () => {
    const operation = currentUserOperation();
    const response = await execute(operation);
    const sent = await response.request().headerValue('authorization');
    assert.equal(response.status(), 200, `got ${response.status()}; the page sent ${describeAuthorization(sent)}`);
    // conduit-initializer.js turns the bare token into the RealWorld scheme.
    assert.equal(sent, `Token ${user.token}`);
    await liveStatus(operation, 200).waitFor();
    // The rendered "Response body" (the headers below it are a plain <pre>, outside .highlight-code).
    const body = liveResponse(operation).locator('.response-col_description .highlight-code pre');
    const shown = JSON.parse(await body.innerText());
    assert.equal(shown.user.username, user.username);
    assert.equal(shown.user.token, user.token);

    // Screenshot from the page title down to the end of the live response (the full page is ~5500 px).
    await page.evaluate(() => window.scrollTo(0, 0));
    const end = await liveResponse(operation).boundingBox();
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({
      path: join(ARTIFACTS, 'swagger-ui.png'),
      fullPage: true,
      clip: { x: 0, y: 0, width: page.viewportSize().width, height: Math.ceil(end.y + end.height + 24) },
    });
  });

  /** The operation block of GET /api/user (not /api/users, not PUT). */
  function currentUserOperation() {
    return page.locator('.opblock.opblock-get')
      .filter({ has: page.locator('.opblock-summary-path[data-path="/api/user"]') });
  }

  /** Clicks the operation's Execute button and resolves to the API call it made. */
  async function execute(operation) {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${SERVICE_URL}/api/user` && r.request().method() === 'GET'),
      operation.getByRole('button', { name: 'Execute' }).click(),
    ]);
    return response;
  }

  /** The row of the operation's live ("Server response") table. */
  function liveResponse(operation) {
    return operation.locator('.live-responses-table tbody tr.response');
  }

  /** The status cell of the operation's live response once it shows the given code. */
  function liveStatus(operation, code) {
    return liveResponse(operation).locator('.response-col_status', { hasText: new RegExp(`^\\s*${code}\\b`) });
  }
});

/** An Authorization header value, described without printing the token. */
function describeAuthorization(value) {
  if (value == null) return 'no Authorization header';
  const scheme = value.match(/^(\S+)\s+\S/);
  return scheme ? `Authorization: ${scheme[1]} <jwt>` : 'Authorization: <bare jwt, no scheme>';
}

/** Registers a fresh user over the API, as a reader of the docs would with curl. */
async function register() {
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const username = `swaggerui${run}`;
  const response = await fetch(`${SERVICE_URL}/api/users`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: { username, email: `${username}@example.com`, password: `password${run}` } }),
  });
  const text = await response.text();
  assert.equal(response.status, 201, `registration failed: ${response.status} ${text}`);
  const { user } = JSON.parse(text);
  assert.equal(user.username, username);
  assert.ok(user.token, 'registration returned no token');
  return { username, token: user.token };
}
