// A real journey through the SDK against a running service (SERVICE_URL, e.g. http://127.0.0.1:8080), in the
// order a frontend would make the calls. Steps share state, so they run in order and a failure stops the story.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  type Article,
  ArticlesApi,
  CommentsApi,
  ConduitApiError,
  Configuration,
  conduitConfiguration,
  FavoritesApi,
  ProfilesApi,
  ResponseError,
  SessionsApi,
  TagsApi,
  toConduitApiError,
  UsersApi,
} from '@conduit/api-client';

const basePath = process.env.SERVICE_URL?.replace(/\/+$/, '');
if (!basePath) throw new Error('Set SERVICE_URL to a running Conduit API, e.g. SERVICE_URL=http://127.0.0.1:8080');

/** Everything one signed-in user needs: the APIs, sharing a token that login and register set. */
function session() {
  const state = { token: undefined as string | undefined };
  const config = conduitConfiguration({ basePath: basePath!, token: () => state.token });
  return {
    state,
    users: new UsersApi(config),
    profiles: new ProfilesApi(config),
    articles: new ArticlesApi(config),
    comments: new CommentsApi(config),
    favorites: new FavoritesApi(config),
    tags: new TagsApi(config),
  };
}

/** Runs `call`, which must fail, and returns the ConduitApiError it failed with. */
async function apiError(call: () => Promise<unknown>): Promise<ConduitApiError> {
  try {
    await call();
  } catch (error) {
    assert.ok(error instanceof ConduitApiError, `expected a ConduitApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

describe('SDK journey against the live service', () => {
  const run = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const author = session();
  const reader = session();
  const authorName = `tsauthor${run}`;
  const readerName = `tsreader${run}`;
  const tag = `sdk${run}`;
  const authorPassword = 'author-passphrase';
  const readerPassword = 'reader-passphrase';
  let article: Article;
  let commentId: number;

  before(async () => {
    const { user } = await reader.users.createUser({
      newUserRequest: { user: { username: readerName, email: `${readerName}@example.com`, password: readerPassword } },
    });
    reader.state.token = user.token;
  });

  it('registers a user and gets a token', async () => {
    const { user } = await author.users.createUser({
      newUserRequest: { user: { username: authorName, email: `${authorName}@example.com`, password: authorPassword } },
    });
    assert.equal(user.username, authorName);
    assert.equal(user.bio, null);
    assert.ok(user.token.length > 20);
  });

  it('reports a taken username as a typed 409 keyed by the field', async () => {
    const error = await apiError(() =>
      author.users.createUser({
        newUserRequest: { user: { username: authorName, email: `other${run}@example.com`, password: authorPassword } },
      }),
    );
    assert.equal(error.status, 409);
    assert.deepEqual(error.errors, { username: ['has already been taken'] });
    assert.deepEqual(error.messages, ['username has already been taken']);
  });

  it('reports a password under 8 characters as a typed 422 keyed by the field', async () => {
    const error = await apiError(() =>
      author.users.createUser({
        newUserRequest: { user: { username: `short${run}`, email: `short${run}@example.com`, password: 'seven77' } },
      }),
    );
    assert.equal(error.status, 422);
    assert.deepEqual(error.errors, { password: ['is too short (minimum is 8 characters)'] });
  });

  it('reports a failed login as a typed 401 keyed by credentials', async () => {
    const error = await apiError(() =>
      author.users.login({ loginUserRequest: { user: { email: `${authorName}@example.com`, password: 'not-the-password' } } }),
    );
    assert.equal(error.status, 401);
    assert.deepEqual(error.errors, { credentials: ['invalid'] });
  });

  it('logs in and uses the token for the current user', async () => {
    const { user } = await author.users.login({
      loginUserRequest: { user: { email: `${authorName}@example.com`, password: authorPassword } },
    });
    author.state.token = user.token;
    const current = await author.users.getCurrentUser();
    assert.equal(current.user.email, `${authorName}@example.com`);
  });

  it('updates the user', async () => {
    const { user } = await author.users.updateCurrentUser({
      updateUserRequest: { user: { bio: 'I write about dragons', image: 'https://example.com/me.png' } },
    });
    assert.equal(user.bio, 'I write about dragons');
    assert.equal(user.image, 'https://example.com/me.png');
  });

  it('creates an article with tags', async () => {
    ({ article } = await author.articles.createArticle({
      newArticleRequest: {
        article: { title: `How to train your dragon ${run}`, description: 'Ever wonder how?', body: 'You have to believe', tagList: [tag, 'dragons'] },
      },
    }));
    assert.equal(article.slug, `how-to-train-your-dragon-${run}`);
    assert.deepEqual(article.tagList, ['dragons', tag]);
    assert.ok(article.createdAt instanceof Date, 'createdAt is parsed into a Date');
    assert.equal(article.author.username, authorName);
  });

  it('replaces the tags of the article with tagList', async () => {
    ({ article } = await author.articles.updateArticle({
      slug: article.slug,
      updateArticleRequest: { article: { tagList: ['wings', tag, 'dragons'] } },
    }));
    assert.deepEqual(article.tagList, ['dragons', tag, 'wings']);
    assert.equal(article.body, 'You have to believe', 'fields left out stay as they are');
  });

  it('lists articles with filters', async () => {
    const byTag = await reader.articles.getArticles({ tag, limit: 5 });
    assert.equal(byTag.articlesCount, 1);
    assert.equal(byTag.articles[0]?.slug, article.slug);

    const byAuthor = await reader.articles.getArticles({ author: authorName, tag: 'dragons', offset: 0 });
    assert.deepEqual(byAuthor.articles.map((a) => a.slug), [article.slug]);

    const byOther = await reader.articles.getArticles({ author: readerName });
    assert.equal(byOther.articlesCount, 0);
  });

  it('lists previews: list items carry no body', async () => {
    const res = await reader.articles.getArticlesRaw({ tag });
    const json = (await res.raw.json()) as { articles: Record<string, unknown>[] };
    assert.equal(json.articles.length, 1);
    assert.equal(json.articles[0]?.['slug'], article.slug);
    assert.ok(!('body' in json.articles[0]!), 'an ArticlePreview has no body');
  });

  it('comments on the article, retrying safely with an Idempotency-Key', async () => {
    const request = {
      slug: article.slug,
      newCommentRequest: { comment: { body: 'Thank you so much!' } },
      idempotencyKey: `comment-${run}`,
    };
    const created = await reader.comments.createArticleCommentRaw(request);
    assert.equal(created.raw.status, 201);
    const { comment } = await created.value();
    commentId = comment.id;
    assert.equal(comment.author.username, readerName);

    const retry = await reader.comments.createArticleCommentRaw(request);
    assert.equal(retry.raw.status, 201);
    assert.equal(retry.raw.headers.get('Idempotent-Replayed'), 'true');
    assert.equal((await retry.value()).comment.id, comment.id);

    const { comments } = await author.comments.getArticleComments({ slug: article.slug });
    assert.deepEqual(comments.map((c) => c.body), ['Thank you so much!']);
  });

  it('favorites the article and finds it by the favorited filter', async () => {
    const favorited = await reader.favorites.createArticleFavorite({ slug: article.slug });
    assert.equal(favorited.article.favorited, true);
    assert.equal(favorited.article.favoritesCount, 1);

    const { articles } = await reader.articles.getArticles({ favorited: readerName });
    assert.deepEqual(articles.map((a) => [a.slug, a.favorited]), [[article.slug, true]]);
  });

  it('revalidates the article with its ETag: a 304 arrives as a typed error without errors', async () => {
    const first = await reader.articles.getArticleRaw({ slug: article.slug });
    const etag = first.raw.headers.get('ETag');
    assert.ok(etag, 'the article carries an ETag');
    const notModified = await apiError(() => reader.articles.getArticle({ slug: article.slug, ifNoneMatch: etag }));
    assert.equal(notModified.status, 304);
    assert.deepEqual(notModified.errors, {});
    assert.deepEqual(notModified.messages, []);
  });

  it('follows the author and reads the feed', async () => {
    const { profile } = await reader.profiles.followUserByUsername({ username: authorName });
    assert.equal(profile.following, true);
    assert.equal(profile.bio, 'I write about dragons');

    const feed = await reader.articles.getArticlesFeed({ limit: 10 });
    assert.equal(feed.articlesCount, 1);
    assert.equal(feed.articles[0]?.slug, article.slug);
    assert.equal(feed.articles[0]?.author.following, true);

    const { tags } = await reader.tags.getTags();
    assert.ok(tags.includes(tag));
  });

  it('reports a missing token as a typed 401', async () => {
    const anonymous = new UsersApi(conduitConfiguration({ basePath: basePath! }));
    const error = await apiError(() => anonymous.getCurrentUser());
    assert.equal(error.status, 401);
    assert.deepEqual(error.errors, { token: ['is missing'] });
    assert.deepEqual(error.messages, ['token is missing']);
  });

  it("reports changing someone else's article as a typed 403", async () => {
    const error = await apiError(() => reader.articles.deleteArticle({ slug: article.slug }));
    assert.equal(error.status, 403);
    assert.deepEqual(error.errors, { article: ['forbidden'] });
  });

  it('reports an unknown article as a typed 404', async () => {
    const error = await apiError(() => reader.articles.getArticle({ slug: `no-such-article-${run}` }));
    assert.equal(error.status, 404);
    assert.deepEqual(error.errors, { article: ['not found'] });
    assert.deepEqual(error.messages, ['article not found']);
  });

  it('reports invalid input as a typed 422', async () => {
    const error = await apiError(() =>
      author.articles.createArticle({ newArticleRequest: { article: { title: '', description: 'd', body: 'b' } } }),
    );
    assert.equal(error.status, 422);
    assert.deepEqual(error.errors, { title: ["can't be blank"] });
    assert.deepEqual(error.messages, ["title can't be blank"]);
    assert.deepEqual(error.body, { errors: { title: ["can't be blank"] } });
  });

  it('turns the generated ResponseError into the typed error without the middleware', async () => {
    const plain = new ArticlesApi(new Configuration({ basePath }));
    const thrown = await plain.getArticle({ slug: `no-such-article-${run}` }).catch((e: unknown) => e);
    assert.ok(thrown instanceof ResponseError);
    const error = await toConduitApiError(thrown);
    assert.equal(error?.status, 404);
    assert.deepEqual(error?.errors, { article: ['not found'] });
  });

  it('unfollows, unfavorites and deletes the comment and the article', async () => {
    assert.equal((await reader.profiles.unfollowUserByUsername({ username: authorName })).profile.following, false);
    assert.equal((await reader.favorites.deleteArticleFavorite({ slug: article.slug })).article.favoritesCount, 0);
    const commentDeleted = await reader.comments.deleteArticleCommentRaw({ slug: article.slug, id: commentId });
    assert.equal(commentDeleted.raw.status, 204);
    assert.equal(await commentDeleted.raw.text(), '', 'a 204 has no body');
    const articleDeleted = await author.articles.deleteArticleRaw({ slug: article.slug });
    assert.equal(articleDeleted.raw.status, 204);
    assert.equal(await articleDeleted.raw.text(), '', 'a 204 has no body');

    const gone = await apiError(() => reader.articles.getArticle({ slug: article.slug }));
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.errors, { article: ['not found'] });
  });

  it('keeps a session going with refresh tokens, detects a reused one, and logs out', async () => {
    const phone = session();
    const sessions = new SessionsApi(conduitConfiguration({ basePath: basePath!, token: () => phone.state.token }));
    const credentials = { loginUserRequest: { user: { email: `${readerName}@example.com`, password: readerPassword } } };

    const { user } = await phone.users.login(credentials);
    assert.ok((user.refreshToken ?? '').length >= 43, 'login returns a refresh token');
    const refreshed = await sessions.refreshSession({ refreshSessionRequest: { refreshToken: user.refreshToken! } });
    assert.notEqual(refreshed.user.refreshToken, user.refreshToken, 'each refresh rotates the refresh token');
    phone.state.token = refreshed.user.token;
    assert.equal((await phone.users.getCurrentUser()).user.username, readerName);
    // The session moves on (the new refresh token is spent too): from now on the first one is no retry but a copy.
    const next = await sessions.refreshSession({ refreshSessionRequest: { refreshToken: refreshed.user.refreshToken! } });
    phone.state.token = next.user.token;

    const reused = await apiError(() => sessions.refreshSession({ refreshSessionRequest: { refreshToken: user.refreshToken! } }));
    assert.equal(reused.status, 401);
    assert.deepEqual(reused.errors, { refreshToken: ['is invalid or expired'] });
    const ended = await apiError(() => phone.users.getCurrentUser());
    assert.equal(ended.status, 401, 'a reused refresh token ends the session');
    assert.deepEqual(Object.keys(ended.errors), ['token'], 'the 401 is about the token (it has been revoked)');

    phone.state.token = (await phone.users.login(credentials)).user.token;
    await sessions.logout();
    const loggedOut = await apiError(() => phone.users.getCurrentUser());
    assert.equal(loggedOut.status, 401, 'logged out');
    assert.deepEqual(Object.keys(loggedOut.errors), ['token'], 'the 401 is about the token (it has been revoked)');
    assert.equal((await reader.users.getCurrentUser()).user.username, readerName, "the reader's other session is untouched");
  });
});
