// OAuth2 client_credentials for Paxos (§2): one cached token for the SOR socket and REST v2,
// renewed ahead of expiry and re-minted at once when the venue refuses it. The token endpoint
// allows 1 request/s and throttles offenders for 5 minutes (§7), so concurrent callers share one
// request in flight and a refused credential is never retried in a tight loop.
import { registerSecret } from '../../../base/log';
import type { Logger } from '../../../base/log';
import { VenueError } from '../../common/adapter';
import { tokenErrorSchema, tokenResponseSchema } from '../wire/paxos-wire';

export interface TokenDeps {
  url: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  fetch: typeof fetch;
  timeoutMs: number;
  renewFraction: number;
  minRenewMs: number;
  log: Logger;
  now?: () => number;
}

interface Held {
  value: string;
  expiresAt: number;
}

export class TokenManager {
  private held: Held | undefined;
  private inflight: Promise<string> | undefined;
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  private active = false;
  mints = 0;
  failures = 0;
  /** What the token endpoint last granted: lifetime in seconds and, where it says, the scopes. */
  lastGrant: { expiresInS: number; scope?: string } | undefined;

  constructor(private readonly deps: TokenDeps) {
    registerSecret(deps.clientSecret);
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Renewal timers run only while the adapter is connected. */
  start(): void {
    this.active = true;
    this.scheduleRenew();
  }

  stop(): void {
    this.active = false;
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.renewTimer = undefined;
  }

  /** A token that has not expired by our clock, minting one when needed. */
  get(): Promise<string> {
    const h = this.held;
    if (h && this.now() < h.expiresAt) return Promise.resolve(h.value);
    return this.mint();
  }

  /** The venue refused `value` (401, socket closed for expiry): forget it so the next get mints. */
  invalidate(value?: string): void {
    if (this.held && (value === undefined || this.held.value === value)) this.held = undefined;
  }

  mint(): Promise<string> {
    this.inflight ??= this.request().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private scheduleRenew(): void {
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.renewTimer = undefined;
    const h = this.held;
    if (!this.active || !h) return;
    const life = h.expiresAt - this.now();
    const delay = Math.max(this.deps.minRenewMs, life * this.deps.renewFraction);
    this.renewTimer = setTimeout(() => {
      this.renewTimer = undefined;
      // A failed renewal keeps the old token; the next get() after expiry mints again.
      this.mint().catch((err: unknown) =>
        this.deps.log.warn('token renewal failed', { reason: (err as Error).message }),
      );
    }, delay);
    this.renewTimer.unref?.();
  }

  private async request(): Promise<string> {
    this.mints++;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.deps.clientId,
      client_secret: this.deps.clientSecret,
      scope: this.deps.scopes.join(' '),
    });
    let res: Response;
    try {
      res = await this.deps.fetch(this.deps.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: body.toString(),
        signal: AbortSignal.timeout(this.deps.timeoutMs),
      });
    } catch (err) {
      this.failures++;
      const timedOut = (err as Error).name === 'TimeoutError';
      throw new VenueError(
        timedOut ? 'timeout' : 'unavailable',
        timedOut
          ? `the Paxos token endpoint did not answer within ${this.deps.timeoutMs} ms`
          : 'cannot reach the Paxos token endpoint',
        true,
      );
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      json = undefined;
    }
    if (res.ok) {
      const t = tokenResponseSchema.safeParse(json);
      if (!t.success) {
        this.failures++;
        throw new VenueError('unavailable', 'the Paxos token endpoint sent an unreadable token reply', true);
      }
      registerSecret(t.data.access_token);
      this.lastGrant = {
        expiresInS: t.data.expires_in,
        ...(t.data.scope !== undefined ? { scope: t.data.scope } : {}),
      };
      const issuedAt = this.now();
      this.held = { value: t.data.access_token, expiresAt: issuedAt + t.data.expires_in * 1000 };
      this.scheduleRenew();
      return t.data.access_token;
    }
    this.failures++;
    throw tokenFailure(res.status, tokenErrorSchema.safeParse(json).data?.error, this.deps.scopes);
  }
}

/** Plain words for a refused token request; `unauthorized` ones are not worth a quick retry. */
export function tokenFailure(status: number, code: string | undefined, scopes: string[]): VenueError {
  if (status === 401 || code === 'invalid_client')
    return new VenueError(
      'unauthorized',
      'Paxos refused the API credentials: wrong client id or secret',
      false,
      status,
    );
  if (code === 'invalid_scope' || code === 'unauthorized_client')
    return new VenueError(
      'unauthorized',
      `the Paxos API key is not allowed the requested permissions (${scopes.join(', ')})`,
      false,
      status,
    );
  if (status === 429)
    return new VenueError(
      'unavailable',
      'the Paxos token endpoint is rate limiting us; waiting',
      true,
      status,
    );
  return new VenueError('unavailable', `the Paxos token endpoint answered HTTP ${status}`, true, status);
}
