import { Configuration, type ConfigurationParameters, type Middleware } from '../generated/src/index.js';
import { conduitErrors } from './errors.js';

export interface ConduitConfigurationParameters
  extends Omit<ConfigurationParameters, 'basePath' | 'apiKey' | 'accessToken' | 'username' | 'password'> {
  /**
   * Where the service runs, without `/api` (every operation's path starts with `/api`), e.g.
   * `https://api.example.com` or `http://127.0.0.1:8080`.
   */
  basePath: string;
  /**
   * The JWT from `login` or `createUser` (`user.token`), or a function that returns the current one (called
   * before every request, so signing in and out needs no new Configuration). Sent as `Authorization: Token <jwt>`;
   * no header while it is empty.
   */
  token?: string | null | (() => string | null | undefined | Promise<string | null | undefined>);
}

/**
 * A Configuration for every generated API class (`new ArticlesApi(config)`): the base URL, the token, and
 * errors as ConduitApiError (see `conduitErrors`).
 */
export function conduitConfiguration({ token, middleware = [], ...rest }: ConduitConfigurationParameters): Configuration {
  const auth: Middleware = {
    async pre({ url, init }) {
      const jwt = typeof token === 'function' ? await token() : token;
      if (!jwt) return undefined;
      const headers = new Headers(init.headers);
      headers.set('Authorization', `Token ${jwt}`);
      return { url, init: { ...init, headers } };
    },
  };
  return new Configuration({ ...rest, middleware: [auth, conduitErrors, ...middleware] });
}
