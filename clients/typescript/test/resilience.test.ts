// The transport against the live service (SERVICE_URL): sessions refreshed once for all concurrent calls, a
// revoked session reported, idempotency keys reused by retries, bounded retries, and the ETag cache. Faults are
// injected in the fetch the SDK sends with (the request still reaches the real service where the fault says so).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ArticlesApi,
  ConduitApiError,
  ConduitSession,
  conduitConfiguration,
  EtagCache,
  type FetchAPI,
  type SessionRevokedEvent,
  SessionsApi,
  UsersApi,
} from '@conduit/api-client';

const basePath = process.env.SERVICE_URL?.replace(/\/+$/, '');
if (!basePath) throw new Error('Set SERVICE_URL to a running Conduit API, e.g. SERVICE_URL=http://127.0.0.1:8080');

/** Every request the SDK sent, with its answer's status (or the fault that replaced it). */
interface Sent { method: string; path: string; headers: Headers; status: number | 'network error' }

/**
 * A fetch that records what it sends and lets `fault` decide per request: undefined sends it, 'lost' sends it and
 * then fails as if the connection broke before the answer came back, a Response answers instead of the service.
 */
function recordingFetch(fault: (sent: Sent, count: number) => 'lost' | 'unreachable' | Response | undefined = () => undefined) {
  const log: Sent[] = [];
  const fetchApi: FetchAPI = async (input, init) => {
    const url = String(input);
    const sent: Sent = { method: init?.method ?? 'GET', path: new URL(url).pathname, headers: new Headers(init?.headers), status: 'network error' };
    log.push(sent);
    const decision = fault(sent, log.filter((s) => s.method === sent.method && s.path === sent.path).length);
    if (decision === 'unreachable') throw new TypeError('fetch failed (injected: connection refused)');
    if (decision instanceof Response) {
      sent.status = decision.status;
      return decision;
    }
    const response = await fetch(url, init);
    if (decision === 'lost') {
      await response.arrayBuffer();
      throw new TypeError('fetch failed (injected: connection reset after the request was processed)');
    }
    sent.status = response.status;
    return response;
  };
  return { log, fetchApi };
}

const run = () => `${Date.now()}${Math.floor(Math.random() * 100000)}`;

async function signedUp(session: ConduitSession) {
  const name = `res${run()}`;
  const users = new UsersApi(conduitConfiguration({ basePath: basePath!, session }));
  await users.createUser({ newUserRequest: { user: { username: name, email: `${name}@example.com`, password: 'resilient-pass' } } });
  return { name, email: `${name}@example.com`, password: 'resilient-pass' };
}

/** A JWT-shaped token whose `exp` is in the past: what a client holds after its access token expired. */
function expiredJwt(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part({ sub: '1', exp: Math.floor(Date.now() / 1000) - 60 })}.c2ln`;
}

describe('SDK transport against the live service', () => {
  it('stores the tokens of a registration in the session', async () => {
    const session = new ConduitSession();
    const changes: unknown[] = [];
    session.onChange((tokens) => changes.push(tokens));
    const { name } = await signedUp(session);
    assert.ok(session.token && session.refreshToken, 'token and refresh token stored');
    assert.equal(changes.length, 1);
    const me = await new UsersApi(conduitConfiguration({ basePath: basePath!, session })).getCurrentUser();
    assert.equal(me.user.username, name);
  });

  it('refreshes a refused access token once for all concurrent calls, and sends every call again', async () => {
    const session = new ConduitSession();
    await signedUp(session);
    const refreshTokenBefore = session.refreshToken;
    session.signIn({ token: 'not-a-valid-token', refreshToken: refreshTokenBefore }); // as if it had expired
    const { log, fetchApi } = recordingFetch();
    const users = new UsersApi(conduitConfiguration({ basePath: basePath!, session, fetchApi }));

    const answers = await Promise.all(Array.from({ length: 12 }, () => users.getCurrentUser()));

    assert.equal(answers.length, 12);
    assert.equal(log.filter((s) => s.path === '/api/auth/refresh').length, 1, 'one refresh for twelve calls');
    assert.notEqual(session.refreshToken, refreshTokenBefore);
    assert.equal(log.filter((s) => s.path === '/api/user' && s.status === 200).length, 12);
  });

  it('refreshes an access token that has expired before sending, without a 401 first', async () => {
    const session = new ConduitSession();
    await signedUp(session);
    session.signIn({ token: expiredJwt(), refreshToken: session.refreshToken });
    const { log, fetchApi } = recordingFetch();
    await new UsersApi(conduitConfiguration({ basePath: basePath!, session, fetchApi })).getCurrentUser();
    assert.deepEqual(log.map((s) => `${s.path} ${s.status}`), ['/api/auth/refresh 200', '/api/user 200']);
  });

  it('retries a refresh whose answer was lost, and the session survives', async () => {
    const session = new ConduitSession();
    await signedUp(session);
    session.signIn({ token: 'expired', refreshToken: session.refreshToken });
    const { log, fetchApi } = recordingFetch((sent, count) => (sent.path === '/api/auth/refresh' && count === 1 ? 'lost' : undefined));
    const config = conduitConfiguration({ basePath: basePath!, session, fetchApi, retry: { baseDelayMs: 10 } });
    await new UsersApi(config).getCurrentUser();
    assert.deepEqual(log.filter((s) => s.path === '/api/auth/refresh').map((s) => s.status), ['network error', 200]);
    // The session was not revoked by the second use of the refresh token: it refreshes again normally.
    session.signIn({ token: 'expired-again', refreshToken: session.refreshToken });
    await new UsersApi(config).getCurrentUser();
  });

  it('reports a session ended elsewhere once, as a typed event, and fails the calls with a typed 401', async () => {
    const session = new ConduitSession();
    const account = await signedUp(session);
    const other = new ConduitSession();
    const otherConfig = conduitConfiguration({ basePath: basePath!, session: other });
    await new UsersApi(otherConfig).login({ loginUserRequest: { user: { email: account.email, password: account.password } } });
    await new SessionsApi(otherConfig).logoutEverywhere();
    assert.equal(other.signedIn, false, 'logging out signs the session out');

    const events: SessionRevokedEvent[] = [];
    session.onRevoked((event) => events.push(event));
    const users = new UsersApi(conduitConfiguration({ basePath: basePath!, session }));
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => users.getCurrentUser()));

    for (const result of results) {
      assert.equal(result.status, 'rejected');
      const error = (result as PromiseRejectedResult).reason;
      assert.ok(error instanceof ConduitApiError);
      assert.equal(error.status, 401);
      assert.ok('token' in error.errors);
    }
    assert.deepEqual(events, [{ reason: 'refresh-refused', status: 401 }]);
    assert.equal(session.signedIn, false);
  });

  it('gives a POST that takes a key one key, which its retries reuse: the article is written once', async () => {
    const session = new ConduitSession();
    const { name } = await signedUp(session);
    const { log, fetchApi } = recordingFetch((sent, count) => (sent.path === '/api/articles' && sent.method === 'POST' && count === 1 ? 'lost' : undefined));
    const articles = new ArticlesApi(conduitConfiguration({ basePath: basePath!, session, fetchApi, retry: { baseDelayMs: 10 } }));

    const raw = await articles.createArticleRaw({ newArticleRequest: { article: { title: `Once ${name}`, description: 'd', body: 'b' } } });

    const posts = log.filter((s) => s.method === 'POST' && s.path === '/api/articles');
    assert.equal(posts.length, 2);
    const key = posts[0]!.headers.get('Idempotency-Key');
    assert.match(key ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(posts[1]!.headers.get('Idempotency-Key'), key, 'the retry sends the same key');
    assert.equal(raw.raw.headers.get('Idempotent-Replayed'), 'true', 'the service replayed the first write');
    assert.equal((await articles.getArticles({ author: name })).articlesCount, 1);

    await articles.createArticle({ newArticleRequest: { article: { title: `Twice ${name}`, description: 'd', body: 'b' } } });
    assert.notEqual(log.at(-1)!.headers.get('Idempotency-Key'), key, 'a new call gets a new key');
  });

  it('never retries a POST that could do its work twice', async () => {
    const { log, fetchApi } = recordingFetch((sent) => (sent.path === '/api/users/login' ? 'unreachable' : undefined));
    const users = new UsersApi(conduitConfiguration({ basePath: basePath!, session: new ConduitSession(), fetchApi }));
    // The generated runtime wraps a network failure in its FetchError, with the cause.
    await assert.rejects(users.login({ loginUserRequest: { user: { email: 'a@example.com', password: 'whatever-it-is' } } }),
      (error: Error & { cause?: unknown }) => error.name === 'FetchError' && error.cause instanceof TypeError);
    assert.equal(log.length, 1);
  });

  it('honours Retry-After on a 503, and gives up after maxAttempts', async () => {
    const unavailable = () => new Response('{"errors":{"service":["is temporarily unavailable; retry shortly"]}}',
      { status: 503, headers: { 'Retry-After': '1', 'Content-Type': 'application/json' } });
    const once = recordingFetch((sent, count) => (count === 1 ? unavailable() : undefined));
    const started = Date.now();
    await new ArticlesApi(conduitConfiguration({ basePath: basePath!, fetchApi: once.fetchApi })).getArticles({ limit: 1 });
    assert.ok(Date.now() - started >= 1000, 'waited the second Retry-After asked for');
    assert.deepEqual(once.log.map((s) => s.status), [503, 200]);

    const always = recordingFetch(() => unavailable());
    const error = await new ArticlesApi(conduitConfiguration({
      basePath: basePath!, fetchApi: always.fetchApi, retry: { maxAttempts: 3 },
    })).getArticles().catch((e: unknown) => e);
    assert.ok(error instanceof ConduitApiError && error.status === 503);
    assert.equal(always.log.length, 3);
  });

  it('does not wait for a Retry-After beyond its time budget', async () => {
    const tooLong = recordingFetch(() => new Response('{"errors":{"rateLimit":["too many requests"]}}',
      { status: 429, headers: { 'Retry-After': '120', 'Content-Type': 'application/json' } }));
    const started = Date.now();
    const error = await new ArticlesApi(conduitConfiguration({ basePath: basePath!, fetchApi: tooLong.fetchApi }))
      .getArticles().catch((e: unknown) => e);
    assert.ok(error instanceof ConduitApiError && error.status === 429);
    assert.equal(tooLong.log.length, 1);
    assert.ok(Date.now() - started < 1000);
  });

  it('sends the consistency token of the last write with the reads that follow it', async () => {
    const session = new ConduitSession();
    const { name } = await signedUp(session);
    const { log, fetchApi } = recordingFetch();
    const articles = new ArticlesApi(conduitConfiguration({ basePath: basePath!, session, fetchApi }));
    const written = await articles.createArticleRaw({ newArticleRequest: { article: { title: `Read ${name}`, description: 'd', body: 'b' } } });
    const token = written.raw.headers.get('Conduit-Consistency-Token');
    assert.ok(token, 'a write answers with a consistency token');

    await articles.getArticle({ slug: (await written.value()).article.slug });

    assert.equal(log.at(-1)!.method, 'GET');
    assert.equal(log.at(-1)!.headers.get('Conduit-Consistency-Token'), token);
    assert.equal(log.filter((s) => s.method === 'POST').at(-1)!.headers.get('Conduit-Consistency-Token'), null,
      'writes do not send it');
  });

  it('answers an unchanged read from the ETag cache after a 304', async () => {
    const session = new ConduitSession();
    const { name } = await signedUp(session);
    const { log, fetchApi } = recordingFetch();
    const cache = new EtagCache();
    const articles = new ArticlesApi(conduitConfiguration({ basePath: basePath!, session, fetchApi, etagCache: cache }));
    const { article } = await articles.createArticle({ newArticleRequest: { article: { title: `Cached ${name}`, description: 'd', body: 'b' } } });

    const first = await articles.getArticle({ slug: article.slug });
    const second = await articles.getArticle({ slug: article.slug });
    assert.deepEqual(second, first);
    const reads = log.filter((s) => s.method === 'GET');
    assert.deepEqual(reads.map((s) => s.status), [200, 304]);
    assert.ok(reads[1]!.headers.get('If-None-Match'));

    await articles.updateArticle({ slug: article.slug, updateArticleRequest: { article: { body: 'changed' } } });
    assert.equal((await articles.getArticle({ slug: article.slug })).article.body, 'changed', 'a change is a 200, not the cache');
  });
});
