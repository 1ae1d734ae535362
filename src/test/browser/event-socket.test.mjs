// The event WebSocket from a real browser, which negotiates permessage-deflate by itself: a 4,000,000-character
// message deflates to a few kilobytes on the wire, and must still be measured after inflating, so it closes the
// socket with 1009 (the README's 4 KB limit) instead of being read. Runs against SERVICE_URL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const SERVICE_URL = (process.env.SERVICE_URL ?? '').replace(/\/+$/, '');
const STEP_TIMEOUT = 60_000;
const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

describe('Event socket in a browser (permessage-deflate)', () => {
  let browser;
  let page;
  let token;

  before(async () => {
    assert.ok(SERVICE_URL, 'set SERVICE_URL to the base URL of a running service');
    const name = `socket${Date.now()}${Math.floor(Math.random() * 1000)}`;
    const registered = await fetch(`${SERVICE_URL}/api/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { username: name, email: `${name}@example.com`, password: `password ${name}` } }),
    });
    assert.equal(registered.status, 201);
    token = (await registered.json()).user.token;
    browser = await chromium.launch(CHROMIUM);
    page = await browser.newPage();
    // The service's own origin, which it allows; the page only needs to be somewhere the socket may come from.
    await page.goto(`${SERVICE_URL}/swagger-ui`);
  }, { timeout: STEP_TIMEOUT });

  after(async () => {
    await browser?.close();
  });

  async function ticketUrl() {
    const response = await fetch(`${SERVICE_URL}/api/events/tickets`, {
      method: 'POST', headers: { Authorization: `Token ${token}` },
    });
    assert.equal(response.status, 201);
    return SERVICE_URL.replace(/^http/, 'ws') + (await response.json()).ticket.url;
  }

  // Opens a socket in the page, sends `message` after "ready", and reports the extensions, replies and close code.
  const exchange = (url, message) => page.evaluate(([socketUrl, text]) => new Promise((resolve) => {
    const replies = [];
    const socket = new WebSocket(socketUrl);
    socket.onmessage = (event) => {
      const reply = JSON.parse(event.data);
      replies.push(reply.type);
      if (reply.type === 'ready') {
        socket.send(text);
      } else {
        socket.close(1000);
      }
    };
    socket.onclose = (event) => resolve({ code: event.code, extensions: socket.extensions, replies });
  }), [url, message]);

  it('a small message is answered over a compressed connection', { timeout: STEP_TIMEOUT }, async () => {
    const result = await exchange(await ticketUrl(), '{"type":"subscribe","article":"no-such-article"}');

    assert.match(result.extensions, /permessage-deflate/, 'the browser negotiated compression');
    assert.deepEqual(result.replies, ['ready', 'error']);
    assert.equal(result.code, 1000);
  });

  it('a 4,000,000-character message that deflates to a few KB closes the socket with 1009', { timeout: STEP_TIMEOUT }, async () => {
    const result = await exchange(await ticketUrl(), 'a'.repeat(4_000_000));

    assert.match(result.extensions, /permessage-deflate/);
    assert.deepEqual(result.replies, ['ready'], 'no reply: the message was never read');
    assert.equal(result.code, 1009);
  });
});
