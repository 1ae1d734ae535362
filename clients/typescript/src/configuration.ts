import { Configuration, type ConfigurationParameters } from '../generated/src/index.js';
import { conduitErrors } from './errors.js';
import { conduitFetch, type TransportOptions } from './transport.js';

export interface ConduitConfigurationParameters
  extends Omit<ConfigurationParameters, 'basePath' | 'apiKey' | 'accessToken' | 'username' | 'password'>,
    Omit<TransportOptions, 'fetchApi'> {
  /**
   * Where the service runs, without `/api` (every operation's path starts with `/api`), e.g.
   * `https://api.example.com` or `http://127.0.0.1:8080`.
   */
  basePath: string;
}

/**
 * A Configuration for every generated API class (`new ArticlesApi(config)`): the base URL, the credentials, and
 * a transport that makes calls safe on a bad network.
 *
 * - `session` (a ConduitSession): signing in through the SDK stores the tokens, expired access tokens are
 *   refreshed once for all concurrent calls and the call is sent again, and a session the service ended is
 *   reported to `session.onRevoked` listeners. Or `token`: a JWT or API token, or a function returning it
 *   (called before every request), for apps that manage tokens themselves.
 * - Calls to operations that take an `Idempotency-Key` get one per call unless the caller passed one.
 * - Connection failures, 429, 502, 503 and 504 are retried with exponential backoff and full jitter, honouring
 *   `Retry-After`, bounded in attempts and time (`retry`), and only when sending again cannot do the work twice:
 *   GET, PUT, DELETE, a POST with an Idempotency-Key, follow and favorite. Login, logout and the other POSTs fail
 *   at once, for the app to decide.
 * - `etagCache` (an EtagCache): GETs revalidate with `If-None-Match` and an unchanged answer (304) is served
 *   from it.
 * - Reads send back the `Conduit-Consistency-Token` of the last write, so a service with read replicas serves them
 *   only from a replica that has caught up with it: the app always reads its own writes.
 * - Errors: every call rejects with a ConduitApiError outside 2xx (see `conduitErrors`).
 */
export function conduitConfiguration({
  session, token, retry, idempotencyKeys, etagCache, fetchApi, middleware = [], ...rest
}: ConduitConfigurationParameters): Configuration {
  return new Configuration({
    ...rest,
    fetchApi: conduitFetch({ session, token, retry, idempotencyKeys, etagCache, fetchApi }),
    middleware: [conduitErrors, ...middleware],
  });
}
