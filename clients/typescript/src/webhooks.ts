// Verifies webhook deliveries from Conduit API: Standard Webhooks (standardwebhooks.com) signatures, checked with
// the Web Crypto API, so it runs in Node 18+ (where globalThis.crypto exists from Node 19, or pass node:crypto's
// webcrypto) and in edge runtimes.
import type { WebhookMessage } from '../generated/src/models/WebhookMessage.js';

/** A delivery that must not be trusted: bad or missing signature, or a timestamp outside the tolerance. */
export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

export interface VerifyWebhookOptions {
  /** How old or new webhook-timestamp may be, in seconds (default 300): older deliveries are refused as replays. */
  toleranceSeconds?: number;
  /** The clock, for tests. */
  now?: () => Date;
  /** A SubtleCrypto; defaults to globalThis.crypto.subtle. */
  subtle?: SubtleCrypto;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

function bytesToBase64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) {
    return false;
  }
  let difference = 0;
  for (let i = 0; i < a.length; i++) {
    difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  }
  return difference === 0;
}

/**
 * Checks a delivery's webhook-signature against the endpoint's secret (`whsec_...`) and returns the parsed message.
 * Pass the raw body exactly as received: parsing and re-serialising it changes the bytes that were signed. During a
 * secret rotation the header carries two signatures; either matching is enough.
 */
export async function verifyWebhook(secret: string, headers: HeaderSource, body: string,
                                    options: VerifyWebhookOptions = {}): Promise<WebhookMessage> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) {
    throw new WebhookVerificationError('missing webhook-id, webhook-timestamp or webhook-signature');
  }
  const sentAt = Number(timestamp);
  const now = (options.now ?? (() => new Date()))().getTime() / 1000;
  const tolerance = options.toleranceSeconds ?? 300;
  if (!Number.isInteger(sentAt) || Math.abs(now - sentAt) > tolerance) {
    throw new WebhookVerificationError('webhook-timestamp is not within ' + tolerance + ' seconds of now');
  }
  const subtle = options.subtle ?? globalThis.crypto?.subtle;
  if (!subtle) {
    throw new WebhookVerificationError('no Web Crypto: pass options.subtle (node:crypto webcrypto.subtle)');
  }
  const key = await subtle.importKey('raw', base64ToBytes(secret.replace(/^whsec_/, '')),
    { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signed = await subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  const expected = bytesToBase64(signed);
  const matches = signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2);
    return version === 'v1' && signature !== undefined && sameText(signature, expected);
  });
  if (!matches) {
    throw new WebhookVerificationError('no signature matches the secret');
  }
  return JSON.parse(body) as WebhookMessage;
}
