// Webhooks through the SDK: its verifyWebhook helper against the standardwebhooks package (an independent
// implementation of the specification), and a real delivery from the live service (SERVICE_URL, started with
// CONDUIT_WEBHOOKS_ALLOW_INSECURE_LOOPBACK=true so it may call this test's receiver on 127.0.0.1).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import {
  ProfilesApi,
  UsersApi,
  WebhooksApi,
  WebhookVerificationError,
  conduitConfiguration,
  verifyWebhook,
} from '@conduit/api-client';

const basePath = process.env.SERVICE_URL?.replace(/\/+$/, '');
if (!basePath) throw new Error('Set SERVICE_URL to a running Conduit API');

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const body = '{"type":"follower.added","timestamp":"2016-02-18T03:22:56.637Z","data":{"follower":{"username":"jake"}}}';

describe('verifyWebhook agrees with the standardwebhooks package', () => {
  it('accepts what standardwebhooks signs, and refuses a changed body or an old timestamp', async () => {
    const now = new Date();
    const signature = new Webhook(secret).sign('msg_1', now, body);
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    };
    const message = await verifyWebhook(secret, headers, body);
    assert.equal(message.type, 'follower.added');
    await assert.rejects(verifyWebhook(secret, headers, body.replace('jake', 'evil')), WebhookVerificationError);
    const old = new Date(now.getTime() - 3600_000);
    const stale = { ...headers, 'webhook-timestamp': String(Math.floor(old.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign('msg_1', old, body) };
    await assert.rejects(verifyWebhook(secret, stale, body), /timestamp/);
    const rotated = { ...headers, 'webhook-signature': `v1,AAAA ${signature}` };
    assert.equal((await verifyWebhook(secret, rotated, body)).type, 'follower.added', 'either of two signatures');
  });
});

describe('a real delivery from the service', () => {
  it('is signed so that both implementations verify it', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const receiver = createServer((request, response) => {
      let text = '';
      request.setEncoding('utf8');
      request.on('data', (chunk) => { text += chunk; });
      request.on('end', () => {
        received.push({ headers: request.headers, body: text });
        response.writeHead(204).end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    try {
      const run = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
      const owner = { token: undefined as string | undefined };
      const fan = { token: undefined as string | undefined };
      const ownerConfig = conduitConfiguration({ basePath: basePath!, token: () => owner.token });
      const fanConfig = conduitConfiguration({ basePath: basePath!, token: () => fan.token });
      owner.token = (await new UsersApi(ownerConfig).createUser({ newUserRequest: { user: {
        username: `hooked${run}`, email: `hooked${run}@example.com`, password: 'webhook passphrase' } } })).user.token;
      fan.token = (await new UsersApi(fanConfig).createUser({ newUserRequest: { user: {
        username: `fan${run}`, email: `fan${run}@example.com`, password: 'webhook passphrase' } } })).user.token;
      const port = (receiver.address() as AddressInfo).port;
      const created = await new WebhooksApi(ownerConfig).createWebhook({ newWebhookRequest: { webhook: {
        url: `http://127.0.0.1:${port}/hook`, eventTypes: ['follower.added'] } } });
      assert.match(created.webhook.secret, /^whsec_/);

      await new ProfilesApi(fanConfig).followUserByUsername({ username: `hooked${run}` });
      for (let waited = 0; received.length === 0 && waited < 100; waited++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(received.length, 1, 'one delivery arrived');
      const delivery = received[0]!;
      const headers = {
        'webhook-id': String(delivery.headers['webhook-id']),
        'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
        'webhook-signature': String(delivery.headers['webhook-signature']),
      };
      const independent = new Webhook(created.webhook.secret).verify(delivery.body, headers) as
        { type: string; data: { follower: { username: string } } };
      assert.equal(independent.type, 'follower.added');
      assert.equal(independent.data.follower.username, `fan${run}`);
      const ours = await verifyWebhook(created.webhook.secret, delivery.headers as Record<string, string>, delivery.body);
      assert.equal(ours.type, 'follower.added');
    } finally {
      receiver.close();
    }
  });
});
