// Handshake signing, nonces and the venue idempotency key (finery-markets.md §2, §5).
import CryptoJS from 'crypto-js';
import { createHash } from 'node:crypto';
import { efxContent } from '../wire/finery-wire';

/** base64(HMAC-SHA384(secret, payload)), computed with crypto-js exactly as the venue's own example. */
export function signEfx(secret: string, payload: string): string {
  return CryptoJS.HmacSHA384(payload, secret).toString(CryptoJS.enc.Base64);
}

/** Optional persistence of the last nonce, for a machine whose clock may step backwards. */
export interface NonceStore {
  load(): bigint | undefined;
  save(nonce: bigint): void;
}

/**
 * Strictly increasing nonces, shared by every adapter of this process (the venue's older rule is
 * "greater than the previous one per key", §2.4). The value is microseconds since the epoch, max'ed
 * with last + 1: a restarted process starts above anything it sent before as long as the clock did
 * not step back by more than the process was down; a NonceStore covers that case too.
 */
export class NonceSource {
  private last = 0n;

  constructor(
    private readonly nowMicros: () => bigint = () => BigInt(Date.now()) * 1000n,
    private readonly store?: NonceStore,
  ) {
    const saved = store?.load();
    if (saved !== undefined && saved > this.last) this.last = saved;
  }

  next(): bigint {
    const now = this.nowMicros();
    this.last = now > this.last ? now : this.last + 1n;
    this.store?.save(this.last);
    return this.last;
  }

  peek(): bigint {
    return this.last;
  }
}

const processNonces = new NonceSource();

/** The process-wide source, so two adapters on one key can never race each other backwards. */
export function sharedNonceSource(): NonceSource {
  return processNonces;
}

export interface HandshakeHeaders {
  'EFX-Key': string;
  'EFX-Sign': string;
  'EFX-Content': string;
}

/** Headers for the WebSocket upgrade: the signed string is exactly the EFX-Content header. */
export function handshakeHeaders(
  key: string,
  secret: string,
  nonce: bigint,
  timestamp: number,
): HandshakeHeaders {
  const content = efxContent(nonce, timestamp);
  return { 'EFX-Key': key, 'EFX-Sign': signEfx(secret, content), 'EFX-Content': content };
}

/**
 * The signed upgrade headers for one new connection: the next nonce of `nonces` (the process-wide
 * source unless a caller brings its own) and the current time. Every Finery connection we open,
 * the adapter's sessions and the login check alike, is signed here.
 */
export function signedHandshake(
  key: string,
  secret: string,
  nonces: NonceSource = sharedNonceSource(),
): HandshakeHeaders {
  return handshakeHeaders(key, secret, nonces.next(), Date.now());
}

const INT63_MASK = (1n << 63n) - 1n;

/**
 * Finery clientOrderId for our order UUID: the first 8 bytes of SHA-256("crossbook:" + uuid) read
 * big-endian, top bit cleared (so it fits a signed int64), and 0 mapped to 1 (0 means "no id").
 * Deterministic, so a restarted process re-derives the key it persisted; collisions need ~2^31
 * orders. Returned as a decimal string because the value exceeds 2^53.
 */
export function clientOrderIdFor(clientOrderId: string): string {
  if (typeof clientOrderId !== 'string' || clientOrderId.trim() === '')
    throw new TypeError('clientOrderId must be a non-empty string');
  const digest = createHash('sha256').update(`crossbook:${clientOrderId}`, 'utf8').digest();
  const value = digest.readBigUInt64BE(0) & INT63_MASK;
  return (value === 0n ? 1n : value).toString();
}

/** Parses a key produced by clientOrderIdFor (or any 1…2^63−1 decimal); undefined when invalid. */
export function parseClientOrderId(text: string): bigint | undefined {
  if (typeof text !== 'string' || !/^[1-9]\d{0,18}$/.test(text)) return undefined;
  const v = BigInt(text);
  return v <= INT63_MASK ? v : undefined;
}
