// Refresh token → 30-minute access JWT (alor.md §2). One token is shared by /ws requests, the
// /cws authorization and HTTP calls; it is re-minted ahead of `exp` (read from the JWT payload)
// so nothing ever sends an expired token on purpose, and on demand after ALOR refuses one.
import { z } from 'zod';
import { decodeJwtClaims } from '../../../base/jwt';
import { registerSecret, type Logger } from '../../../base/log';
import { Backoff } from '../../common/backoff';
import { alorRefreshResponseSchema } from '../wire/alor-wire';

/** ALOR refused a credential: the refresh token (403 on /refresh) or a fresh access token. */
export class AuthRefused extends Error {
  override name = 'AuthRefused';
  constructor(
    readonly credential: 'refresh' | 'access',
    message: string,
  ) {
    super(message);
  }
}

const claimsSchema = z.object({ exp: z.number(), iat: z.number().optional() });
/** Used when a token's payload cannot be read: ALOR documents a 30-minute lifetime. */
const ASSUMED_LIFETIME_MS = 30 * 60_000;

export interface TokenOptions {
  refreshUrl: string;
  refreshToken: string;
  renewBeforeMs: number;
  renewFraction: number;
  httpTimeoutMs: number;
  log: Logger;
  now?: () => number;
}

interface Held {
  token: string;
  expiresAt: number;
  renewAt: number;
}

export class TokenManager {
  private held: Held | undefined;
  private inflight: Promise<string> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<(token: string) => void>();
  private readonly failureListeners = new Set<(err: unknown) => void>();
  private readonly retry = new Backoff({ initialMs: 500, maxMs: 30_000 });
  private readonly now: () => number;
  private stopped = false;
  mints = 0;

  constructor(private readonly options: TokenOptions) {
    this.now = options.now ?? Date.now;
    registerSecret(options.refreshToken);
  }

  /** A token valid for a while yet, minting one when none is held or renewal is due. */
  get(): Promise<string> {
    const h = this.held;
    if (h && this.now() < h.renewAt) return Promise.resolve(h.token);
    return this.mint();
  }

  /** Mints a new token whatever is held (after ALOR refused the held one). */
  remint(): Promise<string> {
    this.held = undefined;
    return this.mint();
  }

  /** Forgets the held token so the next get() mints. */
  invalidate(): void {
    this.held = undefined;
  }

  onToken(listener: (token: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Scheduled renewal failed for good (refresh token refused, or the token ran out first). */
  onFailure(listener: (err: unknown) => void): () => void {
    this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
  }

  start(): void {
    this.stopped = false;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private mint(): Promise<string> {
    this.inflight ??= this.request().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async request(): Promise<string> {
    let res: Response;
    try {
      res = await fetch(this.options.refreshUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: this.options.refreshToken }),
        signal: AbortSignal.timeout(this.options.httpTimeoutMs),
      });
    } catch (err) {
      throw new Error(`ALOR token server unreachable (${errorName(err)})`, { cause: err });
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new AuthRefused('refresh', 'ALOR refused the refresh token (wrong, expired or revoked)');
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new Error(`ALOR token server answered HTTP ${res.status}`);
    }
    const parsed = alorRefreshResponseSchema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new Error('ALOR token server sent an unreadable reply');
    const token = parsed.data.AccessToken;
    registerSecret(token);
    const now = this.now();
    const { expiresAt, lifetime } = readExpiry(token, now);
    const lead = Math.min(this.options.renewBeforeMs, lifetime * this.options.renewFraction);
    this.held = { token, expiresAt, renewAt: expiresAt - lead };
    this.mints++;
    this.retry.reset();
    this.schedule(this.held.renewAt - now);
    for (const l of [...this.listeners]) l(token);
    return token;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.renew(), Math.max(0, delayMs));
    this.timer.unref?.();
  }

  private async renew(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    const expiresAt = this.held?.expiresAt ?? 0;
    try {
      await this.remint();
    } catch (err) {
      if (this.stopped) return;
      const delay = this.retry.next();
      if (err instanceof AuthRefused || this.now() + delay >= expiresAt) {
        for (const l of [...this.failureListeners]) l(err);
        return;
      }
      this.options.log.warn('ALOR token renewal failed; retrying', { reason: errorName(err), inMs: delay });
      this.schedule(delay);
    }
  }
}

function readExpiry(token: string, now: number): { expiresAt: number; lifetime: number } {
  // An opaque token (alor.md §2 says clients must not rely on its claims) gets the documented lifetime.
  const claims = claimsSchema.safeParse(decodeJwtClaims(token));
  if (claims.success) {
    const expiresAt = claims.data.exp * 1000;
    const lifetime = claims.data.iat !== undefined ? expiresAt - claims.data.iat * 1000 : expiresAt - now;
    if (expiresAt > now && lifetime > 0) return { expiresAt, lifetime };
  }
  return { expiresAt: now + ASSUMED_LIFETIME_MS, lifetime: ASSUMED_LIFETIME_MS };
}

export function errorName(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
