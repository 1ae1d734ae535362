// A web app's journey through the SDK as installed from the registry: sign up, sign in, write, read, fail
// with typed errors, clean up. It imports the package by name only, like any app.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArticlesApi, ConduitApiError, conduitConfiguration, UsersApi } from '@conduit/api-client';

const basePath = process.env.SERVICE_URL?.replace(/\/+$/, '');
if (!basePath) throw new Error('Set SERVICE_URL to a running Conduit API, e.g. SERVICE_URL=http://127.0.0.1:8080');

async function apiError(call: () => Promise<unknown>): Promise<ConduitApiError> {
  try {
    await call();
  } catch (error) {
    assert.ok(error instanceof ConduitApiError, `expected a ConduitApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

describe('web app journey with the published SDK', () => {
  const run = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const username = `web${run}`;
  const email = `${username}@example.com`;
  const password = 'web-passphrase';
  let token: string | undefined;
  const config = conduitConfiguration({ basePath: basePath!, token: () => token });
  const users = new UsersApi(config);
  const articles = new ArticlesApi(config);
  let slug: string;

  it('signs up and signs in', async () => {
    await users.createUser({ newUserRequest: { user: { username, email, password } } });
    ({ user: { token } } = await users.login({ loginUserRequest: { user: { email, password } } }));
    assert.equal((await users.getCurrentUser()).user.username, username);
  });

  it('publishes an article and finds it by its author', async () => {
    const { article } = await articles.createArticle({
      newArticleRequest: { article: { title: `Published SDK ${run}`, description: 'from npm', body: 'installed by version', tagList: ['sdk'] } },
    });
    slug = article.slug;
    const list = await articles.getArticles({ author: username });
    assert.deepEqual(list.articles.map((a) => a.slug), [slug]);
    assert.equal(list.articlesCount, 1);
  });

  it('gets a blank title back as a typed 422 keyed by the field', async () => {
    const error = await apiError(() =>
      articles.createArticle({ newArticleRequest: { article: { title: '', description: 'd', body: 'b' } } }),
    );
    assert.equal(error.status, 422);
    assert.deepEqual(Object.keys(error.errors), ['title']);
  });

  it('deletes the article, after which it is a typed 404', async () => {
    await articles.deleteArticle({ slug });
    const error = await apiError(() => articles.getArticle({ slug }));
    assert.equal(error.status, 404);
    assert.deepEqual(error.errors, { article: ['not found'] });
  });
});
