// What the contract (api-spec/openapi.yaml) says about retrying each operation, for the transport. The tests hold
// these tables to the spec (test/policies.test.ts), so a new operation cannot be forgotten here.

/** An operation by its method and path template, e.g. `POST /api/articles/{slug}/comments`. */
export type OperationRoute = `${'GET' | 'POST' | 'PUT' | 'DELETE'} /api/${string}`;

/**
 * The operations that declare the `Idempotency-Key` header: the SDK sends one per logical call (reused by that
 * call's retries), so a retried POST writes once. The service refuses a key on any other operation.
 */
export const IDEMPOTENCY_KEY_OPERATIONS: readonly OperationRoute[] = [
  'POST /api/users',
  'POST /api/articles',
  'POST /api/articles/{slug}/comments',
];

/**
 * POSTs without a key that the contract defines as idempotent in effect ("follow / favorite: idempotent" in
 * api-spec/README.md): repeating one leaves the same state and the same answer, so they may be retried like a PUT.
 */
export const IDEMPOTENT_POST_OPERATIONS: readonly OperationRoute[] = [
  'POST /api/profiles/{username}/follow',
  'POST /api/articles/{slug}/favorite',
];

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

function matcher(route: OperationRoute): (method: string, path: string) => boolean {
  const [routeMethod, template] = route.split(' ', 2) as [string, string];
  // Path parameters match one segment; the service may live under a prefix (basePath https://host/conduit).
  const pattern = new RegExp(
    `(?:^|/)${template.replace(/^\//, '').replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
  );
  return (method, path) => method === routeMethod && pattern.test(path);
}

const takesKey = IDEMPOTENCY_KEY_OPERATIONS.map(matcher);
const idempotentPost = IDEMPOTENT_POST_OPERATIONS.map(matcher);

/** True when the operation at `method` and `path` (a URL's pathname) declares the Idempotency-Key header. */
export function takesIdempotencyKey(method: string, path: string): boolean {
  return takesKey.some((matches) => matches(method.toUpperCase(), path));
}

/**
 * True when sending the request again cannot do its work twice: an idempotent method (RFC 9110 §9.2.2), a
 * request that carries an Idempotency-Key, or a POST the contract defines as idempotent.
 */
export function isRetrySafe(method: string, path: string, hasIdempotencyKey: boolean): boolean {
  const upper = method.toUpperCase();
  return IDEMPOTENT_METHODS.has(upper) || hasIdempotencyKey || idempotentPost.some((matches) => matches(upper, path));
}
