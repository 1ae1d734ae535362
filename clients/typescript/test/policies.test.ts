// The retry tables in src/policies.ts against the contract they come from: a new operation with an
// Idempotency-Key, or a changed path, fails here until the table follows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { IDEMPOTENCY_KEY_OPERATIONS, IDEMPOTENT_POST_OPERATIONS, isRetrySafe, takesIdempotencyKey } from '@conduit/api-client';
import { parse } from 'yaml';

type Operation = { parameters?: { $ref?: string; name?: string; in?: string }[] };
const spec = parse(readFileSync(new URL('../../../../api-spec/openapi.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, { name: string; in: string }> };
};

function operations(): { route: string; operation: Operation }[] {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'delete'].includes(method))
      .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
  );
}

function declaresIdempotencyKey(operation: Operation): boolean {
  return (operation.parameters ?? []).some((parameter) => {
    const resolved = parameter.$ref
      ? spec.components.parameters[parameter.$ref.replace('#/components/parameters/', '')]
      : parameter;
    return resolved?.in === 'header' && resolved.name === 'Idempotency-Key';
  });
}

describe('retry policies against api-spec/openapi.yaml', () => {
  it('sends keys exactly on the operations that declare the Idempotency-Key header', () => {
    const declared = operations().filter(({ operation }) => declaresIdempotencyKey(operation)).map(({ route }) => route);
    assert.ok(declared.length >= 3, 'the spec declares keys on some operations');
    assert.deepEqual([...IDEMPOTENCY_KEY_OPERATIONS].sort(), declared.sort());
  });

  it('names only POST operations that exist as idempotent in effect', () => {
    const routes = new Set(operations().map(({ route }) => route));
    for (const route of IDEMPOTENT_POST_OPERATIONS) assert.ok(routes.has(route), `${route} is in the spec`);
  });

  it('matches concrete URLs, under a prefix too, and nothing else', () => {
    assert.equal(takesIdempotencyKey('POST', '/api/articles/how-to/comments'), true);
    assert.equal(takesIdempotencyKey('post', '/conduit/api/articles'), true);
    assert.equal(takesIdempotencyKey('POST', '/api/articles/how-to/favorite'), false);
    assert.equal(takesIdempotencyKey('POST', '/api/users/login'), false);
    assert.equal(takesIdempotencyKey('GET', '/api/articles'), false);
    assert.equal(isRetrySafe('POST', '/api/users/login', false), false);
    assert.equal(isRetrySafe('POST', '/api/auth/logout', false), false);
    assert.equal(isRetrySafe('POST', '/api/profiles/jake/follow', false), true);
    assert.equal(isRetrySafe('DELETE', '/api/profiles/jake/follow', false), true);
    assert.equal(isRetrySafe('POST', '/api/articles', true), true);
  });
});
