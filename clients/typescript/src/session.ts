// A signed-in session on the client: its access token and refresh token, refreshed once for all concurrent calls.

/** The two tokens of a session, as `login`, `createUser`, `refreshSession` and a password change return them. */
export interface SessionTokens {
  /** The access token (a JWT), sent as `Authorization: Token <token>`. */
  token: string;
  /** The refresh token; without one the session cannot be refreshed, and ends when its access token expires. */
  refreshToken?: string | null;
}

/** Why a session ended without the app ending it: its refresh token was refused. */
export interface SessionRevokedEvent {
  /**
   * `refresh-refused`: the service answered 401 to a refresh (the session was logged out elsewhere, the password
   * changed, or the refresh token expired); `no-refresh-token`: the access token was refused and there was no
   * refresh token to try.
   */
  reason: 'refresh-refused' | 'no-refresh-token';
  /** The status the service answered with (401). */
  status: number;
}

/** What a refresh attempt came to: new tokens, or a session that is over. */
export type RefreshOutcome = 'refreshed' | 'revoked';

/**
 * Sends `POST /api/auth/refresh` with a refresh token and returns the answer; the transport provides it, with its
 * retries. Throws on a network failure that outlasted them.
 */
export type RefreshSender = (refreshToken: string) => Promise<Response>;

const EXPIRY_MARGIN_MS = 5_000;

/**
 * The signed-in user's session, shared by every API object built from one `conduitConfiguration({ session })`.
 * The transport stores the tokens itself when login, registration, a refresh or a password change returns them,
 * and forgets them on logout; restore a stored session with `new ConduitSession(tokens)`.
 *
 * When the access token expires, the first call to notice (a 401 `token` answer, or a token that expires within
 * 5 seconds) refreshes the session, and every other call waits for that one refresh: a second refresh with the
 * same refresh token would look like theft to the service. When the refresh is refused, the tokens are
 * dropped and `onRevoked` listeners hear why, so the app can send its user to the login screen.
 *
 * One ConduitSession per JavaScript context: two browser tabs with one stored session refresh independently (the
 * service accepts a refresh token again for 30 seconds, so two tabs that race are both signed in, each with its
 * own tokens afterwards).
 */
export class ConduitSession {
  private current: SessionTokens | undefined;
  private refreshing: Promise<RefreshOutcome> | undefined;
  private readonly changeListeners = new Set<(tokens: SessionTokens | undefined) => void>();
  private readonly revokedListeners = new Set<(event: SessionRevokedEvent) => void>();

  constructor(tokens?: SessionTokens) {
    this.current = tokens ? { ...tokens } : undefined;
  }

  /** The access token, or undefined when signed out. */
  get token(): string | undefined {
    return this.current?.token;
  }

  /** The refresh token, or undefined when there is none. */
  get refreshToken(): string | undefined {
    return this.current?.refreshToken ?? undefined;
  }

  /** The tokens, to store (e.g. in secure storage) and pass to `new ConduitSession()` on the next start. */
  get tokens(): SessionTokens | undefined {
    return this.current ? { ...this.current } : undefined;
  }

  get signedIn(): boolean {
    return this.current !== undefined;
  }

  /** Starts using `tokens` (the transport calls this when an answer carries new ones). */
  signIn(tokens: SessionTokens): void {
    this.set({ token: tokens.token, refreshToken: tokens.refreshToken ?? this.refreshTokenKeptFor(tokens) });
  }

  /** Forgets the tokens, e.g. after logout (the transport calls this when a logout succeeds). */
  signOut(): void {
    if (this.current) this.set(undefined);
  }

  /** Calls `listener` with the new tokens (undefined once signed out) whenever they change; returns an unsubscribe. */
  onChange(listener: (tokens: SessionTokens | undefined) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Calls `listener` when the service ends the session (see SessionRevokedEvent); returns an unsubscribe. */
  onRevoked(listener: (event: SessionRevokedEvent) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  /**
   * True when the access token is a JWT that has expired or expires within the margin: 5 seconds, or a tenth of
   * its lifetime when that is shorter.
   */
  expiresSoon(now = Date.now()): boolean {
    const claims = this.current ? jwtTimes(this.current.token) : undefined;
    if (claims?.exp === undefined) return false;
    const margin = claims.iat === undefined ? EXPIRY_MARGIN_MS : Math.min(EXPIRY_MARGIN_MS, (claims.exp - claims.iat) / 10);
    return claims.exp - now < margin;
  }

  /**
   * Refreshes the session because `staleToken` was refused or is about to expire. Every caller that arrives
   * while a refresh runs waits for it; a caller whose stale token was already replaced gets 'refreshed' at
   * once. Throws (and keeps the tokens) when the network failed, so a later call can try again.
   */
  refresh(staleToken: string | undefined, send: RefreshSender): Promise<RefreshOutcome> {
    if (this.refreshing) return this.refreshing;
    if (!this.current) return Promise.resolve('revoked');
    if (staleToken !== undefined && this.current.token !== staleToken) return Promise.resolve('refreshed');
    this.refreshing = this.runRefresh(send).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async runRefresh(send: RefreshSender): Promise<RefreshOutcome> {
    const refreshToken = this.current?.refreshToken;
    if (!refreshToken) {
      this.revoke({ reason: 'no-refresh-token', status: 401 });
      return 'revoked';
    }
    const response = await send(refreshToken);
    if (response.ok) {
      const user = ((await response.json()) as { user?: Partial<SessionTokens> }).user;
      if (user?.token) {
        this.set({ token: user.token, refreshToken: user.refreshToken ?? refreshToken });
        return 'refreshed';
      }
    }
    if (response.status === 401 || response.status === 422) {
      // The refresh token is spent, expired or of a session that is over; signing in again is the only way on.
      if (this.current?.refreshToken === refreshToken) this.revoke({ reason: 'refresh-refused', status: response.status });
      return 'revoked';
    }
    throw new Error(`refreshing the session failed: ${response.status} ${response.statusText}`);
  }

  private revoke(event: SessionRevokedEvent): void {
    this.set(undefined);
    for (const listener of [...this.revokedListeners]) listener(event);
  }

  private refreshTokenKeptFor(tokens: SessionTokens): string | null | undefined {
    // An answer with a token but no refresh token (e.g. updateCurrentUser echoing the token) keeps the refresh token.
    return tokens.refreshToken === undefined && this.current ? this.current.refreshToken : tokens.refreshToken;
  }

  private set(tokens: SessionTokens | undefined): void {
    this.current = tokens;
    for (const listener of [...this.changeListeners]) listener(this.tokens);
  }
}

/** The `exp` and `iat` claims of a JWT in milliseconds; undefined when the token is not a JWT. */
function jwtTimes(token: string): { exp?: number; iat?: number } | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const { exp, iat } = JSON.parse(json) as { exp?: unknown; iat?: unknown };
    return {
      exp: typeof exp === 'number' ? exp * 1000 : undefined,
      iat: typeof iat === 'number' ? iat * 1000 : undefined,
    };
  } catch {
    return undefined;
  }
}
