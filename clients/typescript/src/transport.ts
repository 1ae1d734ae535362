// The SDK's fetch: sessions (sign-in, refresh, revocation), idempotency keys, bounded retries with backoff and
// jitter, and an optional ETag cache. The generated APIs call it through Configuration.fetchApi.
import type { FetchAPI } from '../generated/src/runtime.js';
import { isRetrySafe, takesIdempotencyKey } from './policies.js';
import { ConduitSession, type RefreshSender } from './session.js';

/** How calls are retried. A retry happens only when sending the request again cannot do its work twice. */
export interface RetryOptions {
  /** Attempts per call, the first included (default 5); 1 turns retries off. */
  maxAttempts?: number;
  /** No retry starts later than this after the call began, in ms (default 20,000). */
  maxElapsedMs?: number;
  /** The first backoff, doubled per attempt, in ms (default 200); each wait is a random time up to it. */
  baseDelayMs?: number;
  /** The longest backoff, in ms (default 5,000). */
  maxDelayMs?: number;
}

/** What is retried: connection failures, and these statuses (503 and 429 honour Retry-After). */
const RETRIED_STATUSES = new Set([429, 502, 503, 504]);

const DEFAULT_RETRY: Required<RetryOptions> = { maxAttempts: 5, maxElapsedMs: 20_000, baseDelayMs: 200, maxDelayMs: 5_000 };

/** Paths whose successful answers carry a session's tokens (`user.token`, and `user.refreshToken` when one starts). */
/**
 * The service answers each write with the primary's log position; a read that sends it back is served by a read
 * replica only once the replica has caught up with it, so a client always reads its own writes.
 */
const CONSISTENCY_TOKEN = 'Conduit-Consistency-Token';

const SESSION_ANSWERS = /(?:^|\/)api\/(?:users|users\/login|user|auth\/refresh)$/;
const LOGOUTS = /(?:^|\/)api\/auth\/(?:logout|logout-all)$/;

/**
 * Remembers GET answers that carried an `ETag` and revalidates them with `If-None-Match`: an unchanged
 * representation comes back as a 304 with no body, and the call gets the remembered answer. Bounded to
 * `maxEntries` (least recently used first out); cleared when the session's user signs in or out.
 */
export class EtagCache {
  private readonly entries = new Map<string, { etag: string; body: string; headers: [string, string][] }>();

  constructor(readonly maxEntries = 200) {}

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  /** @internal */
  lookup(key: string) {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** @internal */
  store(key: string, etag: string, body: string, headers: Headers): void {
    this.entries.delete(key);
    this.entries.set(key, { etag, body, headers: [...headers] });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}

export interface TransportOptions {
  /** The session to authenticate with and keep fresh. */
  session?: ConduitSession;
  /** A fixed token, or a function returning the current one, for apps that manage tokens themselves (no refresh). */
  token?: string | null | (() => string | null | undefined | Promise<string | null | undefined>);
  /** Retry settings; `false` turns retries off. */
  retry?: RetryOptions | false;
  /** Send an Idempotency-Key on operations that take one when the caller gave none (default true). */
  idempotencyKeys?: boolean;
  /** An ETag cache for GETs (off by default). */
  etagCache?: EtagCache;
  /** The fetch to send with (default: the global fetch). */
  fetchApi?: FetchAPI;
}

/** A fetch for `Configuration.fetchApi` that does what TransportOptions say. */
export function conduitFetch(options: TransportOptions = {}): FetchAPI {
  const send: FetchAPI = options.fetchApi ?? ((url, init) => fetch(url, init));
  const retry = options.retry === false ? { ...DEFAULT_RETRY, maxAttempts: 1 } : { ...DEFAULT_RETRY, ...options.retry };
  const { session, etagCache } = options;
  let consistencyToken: string | undefined;

  // Every entry is revalidated before use, so none can leak to another user; signing out frees them anyway.
  if (session && etagCache) session.onChange((tokens) => tokens === undefined && etagCache.clear());

  /** One attempt: the current credentials, and on a 401 for an expired or revoked token one refresh and resend. */
  async function attempt(url: string, init: RequestInit, headers: Headers): Promise<Response> {
    if (session) {
      if (session.signedIn && session.expiresSoon()) await session.refresh(session.token, refresher(url));
      const sent = session.token;
      const response = await send(url, withAuthorization(init, headers, sent));
      if (response.status !== 401 || sent === undefined || !(await isTokenProblem(response))) return response;
      const outcome = await session.refresh(sent, refresher(url));
      if (outcome === 'revoked' || session.token === undefined) return response;
      return send(url, withAuthorization(init, headers, session.token));
    }
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    return send(url, withAuthorization(init, headers, token ?? undefined));
  }

  /** Sends the refresh with the same retries as any call: the service accepts a refresh token again for a while. */
  function refresher(callUrl: string): RefreshSender {
    const refreshUrl = new URL('api/auth/refresh', serviceRoot(callUrl)).toString();
    return (refreshToken) =>
      withRetries(refreshUrl, true, (init) => send(refreshUrl, init), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
  }

  async function withRetries(url: string, retrySafe: boolean, call: (init: RequestInit) => Promise<Response>,
                             init: RequestInit): Promise<Response> {
    const started = Date.now();
    for (let attemptNumber = 1; ; attemptNumber++) {
      const last = !retrySafe || attemptNumber >= retry.maxAttempts;
      let response: Response;
      try {
        response = await call(init);
      } catch (error) {
        if (last || !isNetworkError(error) || init.signal?.aborted) throw error;
        const wait = backoff(attemptNumber);
        if (Date.now() + wait - started > retry.maxElapsedMs) throw error;
        await sleep(wait, init.signal);
        continue;
      }
      if (last || !RETRIED_STATUSES.has(response.status)) return response;
      const wait = retryAfter(response) ?? backoff(attemptNumber);
      if (Date.now() + wait - started > retry.maxElapsedMs) return response;
      await response.body?.cancel().catch(() => undefined);
      await sleep(wait, init.signal);
    }
  }

  function backoff(attemptNumber: number): number {
    // "Full jitter": a random wait up to the exponential bound, so clients that failed together retry apart.
    return Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attemptNumber - 1));
  }

  return async (url: string, init: RequestInit = {}): Promise<Response> => {
    const method = (init.method ?? 'GET').toUpperCase();
    const path = new URL(url).pathname;
    const headers = new Headers(init.headers);
    if (options.idempotencyKeys !== false && !headers.has('Idempotency-Key') && takesIdempotencyKey(method, path)) {
      headers.set('Idempotency-Key', newKey()); // one per logical call: every retry below sends the same key
    }
    if (consistencyToken && (method === 'GET' || method === 'HEAD') && !headers.has(CONSISTENCY_TOKEN)) {
      headers.set(CONSISTENCY_TOKEN, consistencyToken);
    }
    const cacheKey = etagCache && method === 'GET' && !headers.has('If-None-Match')
      ? `${session?.signedIn || options.token ? 'signed-in' : 'anonymous'} ${url}` : undefined;
    const cached = cacheKey === undefined ? undefined : etagCache!.lookup(cacheKey);
    if (cached) headers.set('If-None-Match', cached.etag);

    const response = await withRetries(url, isRetrySafe(method, path, headers.has('Idempotency-Key')),
      (attemptInit) => attempt(url, attemptInit, headers), init);

    consistencyToken = response.headers.get(CONSISTENCY_TOKEN) ?? consistencyToken;
    if (cached && response.status === 304) {
      return new Response(cached.body, { status: 200, statusText: 'OK', headers: cached.headers });
    }
    const etag = response.headers.get('ETag');
    if (cacheKey !== undefined && response.status === 200 && etag) {
      etagCache!.store(cacheKey, etag, await response.clone().text(), response.headers);
    }
    if (session && response.ok) await followSession(session, method, path, response);
    return response;
  };
}

/** Keeps the session in step with answers that start, continue or end it. */
async function followSession(session: ConduitSession, method: string, path: string, response: Response) {
  if (method === 'POST' && LOGOUTS.test(path)) {
    session.signOut();
    return;
  }
  if ((method !== 'POST' && method !== 'PUT') || !SESSION_ANSWERS.test(path)) return;
  try {
    const user = ((await response.clone().json()) as { user?: { token?: unknown; refreshToken?: unknown } }).user;
    if (typeof user?.token === 'string') {
      session.signIn({
        token: user.token,
        refreshToken: typeof user.refreshToken === 'string' ? user.refreshToken : undefined,
      });
    }
  } catch {
    // Not a user answer: nothing to follow.
  }
}

function withAuthorization(init: RequestInit, headers: Headers, token: string | undefined): RequestInit {
  const sent = new Headers(headers);
  if (token) sent.set('Authorization', `Token ${token}`);
  return { ...init, headers: sent };
}

/** A 401 about the access token (`{"errors":{"token":[...]}}`: expired, invalid or revoked), not e.g. a failed login. */
async function isTokenProblem(response: Response): Promise<boolean> {
  try {
    const body = (await response.clone().json()) as { errors?: Record<string, unknown> };
    return body.errors !== undefined && 'token' in body.errors;
  } catch {
    return false;
  }
}

/** The service's root (what comes before `/api/`) for an operation URL. */
function serviceRoot(url: string): string {
  const parsed = new URL(url);
  const at = parsed.pathname.indexOf('/api/');
  return `${parsed.origin}${at >= 0 ? parsed.pathname.slice(0, at) : ''}/`;
}

/** Retry-After (RFC 9110 §10.2.3) in ms: delay-seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfter(response: Response): number | undefined {
  const value = response.headers.get('Retry-After')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** fetch rejects with a TypeError when the connection failed (refused, reset, DNS); an abort is not one. */
function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError;
}

function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A random UUID (v4); where Web Crypto's randomUUID is missing (older React Native), from getRandomValues or Math.random. */
function newKey(): string {
  const webCrypto = (globalThis as { crypto?: Crypto }).crypto;
  if (webCrypto?.randomUUID) return webCrypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (webCrypto?.getRandomValues) webCrypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
