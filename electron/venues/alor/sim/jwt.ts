// Access tokens for the simulator: real JWTs (header.payload.signature, HS256 with a per-process
// secret) carrying the claims ALOR's documented sample has, so clients that decode the token (for
// `exp` or `portfolios`) see the same structure. Validity is decided here, not by the claims alone,
// so the expire/revoke faults can act on tokens already handed out.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { registerSecret } from '../../../base/log';

export interface AccessClaims {
  sub: string;
  ent: string;
  ein: string;
  clientid: string;
  azp: string;
  agreements: string;
  portfolios: string;
  scope: string;
  exp: number;
  iat: number;
  iss: string;
  aud: string;
}

interface Issued {
  expiresAtMs: number;
  forcedExpired: boolean;
  revoked: boolean;
  portfolios: string[];
}

export type TokenCheck = { ok: true; portfolios: string[]; expiresAtMs: number } | { ok: false };

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export class TokenAuthority {
  private readonly secret = randomBytes(32);
  private readonly issued = new Map<string, Issued>();
  private refreshToken: string;
  private refreshRevoked = false;

  constructor(
    refreshToken: string,
    private readonly login: string,
    private readonly portfolios: string[],
    private readonly lifetimeSeconds: number,
  ) {
    this.refreshToken = refreshToken;
    registerSecret(refreshToken);
  }

  /** Mints an access JWT, or undefined when the refresh token is wrong or revoked (HTTP 403). */
  mint(refreshToken: string, allowedPortfolios?: string[]): string | undefined {
    if (this.refreshRevoked || !safeEqual(refreshToken, this.refreshToken)) return undefined;
    const portfolios = allowedPortfolios?.length
      ? this.portfolios.filter((p) => allowedPortfolios.includes(p))
      : this.portfolios;
    const nowMs = Date.now();
    const iat = Math.floor(nowMs / 1000);
    const claims: AccessClaims = {
      sub: this.login,
      ent: 'client',
      ein: '12345',
      clientid: '98765',
      azp: 'crossbook-sim',
      agreements: '123456',
      portfolios: portfolios.join(' '),
      scope: 'OrdersRead OrdersCreate Trades Personal Stats',
      exp: iat + this.lifetimeSeconds,
      iat,
      iss: 'Alor.Identity',
      aud: 'Client ClientCalendar Notification SubscriptionsOrders Hyperion',
    };
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', cty: 'JWT' }));
    // A random nonce claim keeps two tokens minted in the same second distinct, so a fault that
    // hits "every token issued so far" never catches one issued afterwards.
    const payload = b64url(JSON.stringify({ ...claims, jti: randomBytes(8).toString('hex') }));
    const signature = this.sign(`${header}.${payload}`);
    const token = `${header}.${payload}.${signature}`;
    registerSecret(token);
    this.issued.set(signature, {
      expiresAtMs: nowMs + this.lifetimeSeconds * 1000,
      forcedExpired: false,
      revoked: false,
      portfolios,
    });
    return token;
  }

  check(token: unknown): TokenCheck {
    if (typeof token !== 'string') return { ok: false };
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false };
    const [header, payload, signature] = parts as [string, string, string];
    if (!safeEqual(signature, this.sign(`${header}.${payload}`))) return { ok: false };
    const record = this.issued.get(signature);
    if (!record || record.revoked || record.forcedExpired || Date.now() >= record.expiresAtMs)
      return { ok: false };
    return { ok: true, portfolios: record.portfolios, expiresAtMs: record.expiresAtMs };
  }

  expireAll(): void {
    for (const r of this.issued.values()) r.forcedExpired = true;
  }

  /** Revoking the refresh token is ALOR's only way to kill its access tokens (alor.md §2). */
  revokeAll(): void {
    this.refreshRevoked = true;
    for (const r of this.issued.values()) r.revoked = true;
  }

  private sign(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('base64url');
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
