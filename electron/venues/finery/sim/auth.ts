// Verifies EFX-Key / EFX-Sign / EFX-Content (WS handshake) and signed REST bodies (reference §2).
import { timingSafeEqual } from 'node:crypto';
import {
  ErrorCode,
  efxAuthFieldsSchema,
  efxSign,
  parseJsonExact,
  restSignPayload,
} from '../wire/finery-wire';

export type NonceRule = 'increasing' | 'window';

export interface AuthOptions {
  key: string;
  secret: string;
  maxTimestampSkewMs: number;
  /**
   * Open question 2 (nonce rule): the reference recommends the stricter older rule, strictly
   * increasing per key, with the newer "unique within 2 minutes" behind a switch.
   */
  nonceRule: NonceRule;
  now?: () => number;
}

export type AuthResult = { ok: true } | { ok: false; code: number; reason: string };

const NONCE_WINDOW_MS = 120_000;

export class KeyAuthority {
  private revoked = false;
  private lastNonce = -1n;
  private readonly recent = new Map<bigint, number>();
  private readonly now: () => number;

  constructor(private readonly opts: AuthOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Finery keys do not expire; revocation disables the key for every new handshake or REST call. */
  revoke(): void {
    this.revoked = true;
  }

  verifyHandshake(headers: Record<string, string | string[] | undefined>): AuthResult {
    const key = header(headers, 'efx-key');
    const sign = header(headers, 'efx-sign');
    const content = header(headers, 'efx-content');
    if (!key || !sign || content === undefined) {
      return { ok: false, code: ErrorCode.notAuthorised, reason: 'missing EFX-Key, EFX-Sign or EFX-Content' };
    }
    return this.verify(key, sign, content, content);
  }

  /** REST: the signature covers methodName + body; nonce and timestamp live in the body itself. */
  verifyRest(
    method: string,
    headers: Record<string, string | string[] | undefined>,
    body: string,
  ): AuthResult {
    const key = header(headers, 'efx-key');
    const sign = header(headers, 'efx-sign');
    if (!key || !sign)
      return { ok: false, code: ErrorCode.notAuthorised, reason: 'missing EFX-Key or EFX-Sign' };
    return this.verify(key, sign, restSignPayload(method, body), body);
  }

  private verify(key: string, sign: string, signed: string, fieldsJson: string): AuthResult {
    // An unknown or revoked key cannot produce a valid signature: answered as 14 (invalid
    // signature), the code the docs' troubleshooting page gives for a wrong key/secret pair.
    if (this.revoked || !sameText(key, this.opts.key)) {
      return { ok: false, code: ErrorCode.invalidSignature, reason: 'unknown or revoked key' };
    }
    if (!sameText(sign, efxSign(this.opts.secret, signed))) {
      return { ok: false, code: ErrorCode.invalidSignature, reason: 'signature mismatch' };
    }
    let fields;
    try {
      fields = efxAuthFieldsSchema.parse(parseJsonExact(fieldsJson));
    } catch {
      return {
        ok: false,
        code: ErrorCode.invalidNonceOrSignature,
        reason: 'content lacks a valid nonce/timestamp',
      };
    }
    const now = this.now();
    if (Math.abs(now - fields.timestamp) > this.opts.maxTimestampSkewMs) {
      return { ok: false, code: ErrorCode.invalidTimestamp, reason: 'timestamp outside the allowed skew' };
    }
    const nonce = BigInt(fields.nonce);
    if (this.opts.nonceRule === 'increasing') {
      if (nonce <= this.lastNonce)
        return { ok: false, code: ErrorCode.invalidNonceOrSignature, reason: 'nonce not increasing' };
      this.lastNonce = nonce;
    } else {
      for (const [n, at] of this.recent) if (now - at > NONCE_WINDOW_MS) this.recent.delete(n);
      if (this.recent.has(nonce))
        return { ok: false, code: ErrorCode.invalidNonceOrSignature, reason: 'nonce reused' };
      this.recent.set(nonce, now);
    }
    return { ok: true };
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
