// A web app's journey through the SDK as installed from the registry, written the way an app uses it: one
// ConduitSession, the SDK's retries and refreshes, typed errors. CI runs it through a proxy that resets connections
// and answers 503 at random, against a service whose access tokens live a few seconds, so tokens expire mid-journey.
// It imports the package by name only, like any app. With JOURNEY_REPORT set, it writes there what it meant to
// write, for .ci/sdk-release.sh to find in the database exactly once.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import {
  ArticlesApi,
  CommentsApi,
  ConduitApiError,
  ConduitSession,
  conduitConfiguration,
  EtagCache,
  FavoritesApi,
  ProfilesApi,
  type SessionRevokedEvent,
  UsersApi,
} from '@conduit/api-client';

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

/**
 * What an app does when a call the SDK must not retry (login: a second one would start a second session) fails on
 * the network or with a 503: the user taps again.
 */
async function tapAgain<T>(call: () => Promise<T>): Promise<T> {
  for (let tap = 1; ; tap++) {
    try {
      return await call();
    } catch (error) {
      const transient = (error as Error).name === 'FetchError' || (error instanceof ConduitApiError && error.status === 503);
      if (!transient || tap === 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** An app's API objects over one session, as a web app would hold them. */
function app() {
  const session = new ConduitSession();
  const config = conduitConfiguration({ basePath: basePath!, session, etagCache: new EtagCache(), retry: { maxAttempts: 8 } });
  return {
    session,
    users: new UsersApi(config),
    articles: new ArticlesApi(config),
    comments: new CommentsApi(config),
    favorites: new FavoritesApi(config),
    profiles: new ProfilesApi(config),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('web app journey with the published SDK', () => {
  const run = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const username = `web${run}`;
  const email = `${username}@example.com`;
  const password = 'web-passphrase';
  const writer = app();
  const friend = app();
  const revocations: SessionRevokedEvent[] = [];
  writer.session.onRevoked((event) => revocations.push(event));
  // How many rows each intended write must leave: 1, or 0 for what the journey deletes (a duplicate would remain).
  const intended = {
    users: { [username]: 1, [`webfriend${run}`]: 1 } as Record<string, number>,
    articles: {} as Record<string, number>,
    comments: {} as Record<string, number>,
  };
  let slug: string;

  after(() => {
    if (process.env.JOURNEY_REPORT) writeFileSync(process.env.JOURNEY_REPORT, JSON.stringify(intended));
  });

  it('signs up (which signs in) and signs in again', async () => {
    await writer.users.createUser({ newUserRequest: { user: { username, email, password } } });
    assert.ok(writer.session.signedIn, 'registration signed the session in');
    await friend.users.createUser({
      newUserRequest: { user: { username: `webfriend${run}`, email: `webfriend${run}@example.com`, password } },
    });
    await tapAgain(() => writer.users.login({ loginUserRequest: { user: { email, password } } }));
    assert.equal((await writer.users.getCurrentUser()).user.username, username);
  });

  it('publishes an article and finds it by its author', async () => {
    const title = `Published SDK ${run}`;
    intended.articles[title] = 1;
    const { article } = await writer.articles.createArticle({
      newArticleRequest: { article: { title, description: 'from npm', body: 'installed by version', tagList: ['sdk'] } },
    });
    slug = article.slug;
    const list = await writer.articles.getArticles({ author: username });
    assert.deepEqual(list.articles.map((a) => a.slug), [slug]);
    assert.equal(list.articlesCount, 1);
  });

  it('keeps writing while its access token expires, comments in parallel, each written once', async () => {
    // Several access-token lifetimes (CI: CONDUIT_JWT_TTL_SECONDS=3): every round's calls race an expiry.
    for (let round = 1; round <= 4; round++) {
      const bodies = Array.from({ length: 5 }, (_, i) => `comment ${run} ${round}.${i}`);
      bodies.forEach((body) => (intended.comments[body] = 1));
      await Promise.all(bodies.map((body) =>
        writer.comments.createArticleComment({ slug, newCommentRequest: { comment: { body } } })));
      await friend.favorites.createArticleFavorite({ slug });
      await friend.profiles.followUserByUsername({ username });
      const feed = await friend.articles.getArticlesFeed();
      assert.deepEqual(feed.articles.map((a) => a.slug), [slug]);
      assert.equal((await writer.articles.getArticle({ slug })).article.favoritesCount, 1);
      await sleep(1_200);
    }
    const comments = await writer.comments.getArticleComments({ slug });
    assert.deepEqual(comments.comments.map((c) => c.body).sort(), Object.keys(intended.comments).sort());
    assert.deepEqual(revocations, [], 'no refresh was refused: the session lived through every expiry');
    assert.ok(writer.session.signedIn);
  });

  it('gets a blank title back as a typed 422 keyed by the field', async () => {
    const error = await apiError(() =>
      writer.articles.createArticle({ newArticleRequest: { article: { title: '', description: 'd', body: 'b' } } }),
    );
    assert.equal(error.status, 422);
    assert.deepEqual(Object.keys(error.errors), ['title']);
  });

  it('deletes the article, after which it is a typed 404', async () => {
    // A DELETE whose answer was lost is sent again and finds nothing to delete: gone either way.
    await writer.articles.deleteArticle({ slug }).catch((error: unknown) => {
      if (!(error instanceof ConduitApiError && error.status === 404)) throw error;
    });
    // Deleted on purpose: nothing of it may remain (its comments go with it).
    for (const key of Object.keys(intended.articles)) intended.articles[key] = 0;
    for (const key of Object.keys(intended.comments)) intended.comments[key] = 0;
    const error = await apiError(() => writer.articles.getArticle({ slug }));
    assert.equal(error.status, 404);
    assert.deepEqual(error.errors, { article: ['not found'] });
  });

  it('publishes a second article that stays, for the database check', async () => {
    const title = `Kept ${run}`;
    const { article } = await writer.articles.createArticle({
      newArticleRequest: { article: { title, description: 'kept', body: 'stays' } },
    });
    intended.articles[title] = 1;
    const bodies = Array.from({ length: 6 }, (_, i) => `kept comment ${run} ${i}`);
    bodies.forEach((body) => (intended.comments[body] = 1));
    await Promise.all(bodies.map((body) =>
      writer.comments.createArticleComment({ slug: article.slug, newCommentRequest: { comment: { body } } })));
    assert.equal((await writer.comments.getArticleComments({ slug: article.slug })).comments.length, 6);
  });
});
