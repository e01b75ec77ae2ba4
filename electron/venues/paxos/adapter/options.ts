// Options of the Paxos adapter, validated once at construction so a bad configuration is a clear
// error and never a half-started adapter. Endpoints come either one by one or in the shape of the
// vault profile (electron/vault/profiles.ts: { ws, oauthToken, rest }).
import { z } from 'zod';
import type { MarketDataSink } from '../../common/adapter';
import { VenueError } from '../../common/adapter';
import { SCOPE_MARKET_DATA_STREAM, SCOPE_READ_ORDER, SCOPE_WRITE_ORDER } from '../wire/paxos-wire';

/**
 * Every number that decides a timeout, a cadence or a retry. Defaults and why:
 * - heartbeatSilenceMs 15000: Paxos does not document the heartbeat interval (§5.4, open); the
 *   bound starts generous and grows to four observed gaps. Silence only marks the socket stale:
 *   liveness is judged by protocol ping/pong (pongTimeoutMs), which Paxos does promise (§3).
 * - pongTimeoutMs 30000: three of our 10 s pings unanswered → the socket is dead and reopened.
 * - marketSilenceMs 15000: market_data only speaks on change. An aggregated BTC/ETH book changes
 *   many times a second, so 15 s of silence while heartbeats flow means a frozen feed; on a truly
 *   quiet market the cost of a false alarm is one resubscribe (a fresh SNAPSHOT revives it).
 * - topOfBookLagMs 3000: a top_of_book frame announces a BBO change that must also reach us as a
 *   market_data UPDATE; if the book feed has been silent this long while top_of_book moves,
 *   the book is frozen and is resynced.
 * - resyncRetryMs 5000 / maxResyncs 3: a resubscribe that brings no SNAPSHOT is retried; after
 *   three in a row the socket itself is suspect and is reopened.
 * - pollIntervalMs 1000: no private order stream on the SOR socket, so working orders are polled
 *   (REST default limit is 50 req/s per endpoint; one list per second stays far below it).
 * - tokenRenewFraction 0.8: renew at 80 % of expires_in (≈48 min of a 1 h token), and never more
 *   often than minTokenRenewMs because the token endpoint allows 1 request per second.
 * - pingIntervalMs 10000: Paxos pings us and needs nothing back but pongs; our own protocol ping
 *   every 10 s times the round trip (roundTripMs), and its pongs are the socket's liveness.
 * - reconnect backoff 500 ms → 30 s; after an authorisation failure 30 s → 10 min, since wrong
 *   credentials will not fix themselves and the token endpoint throttles for 5 minutes.
 */
export interface PaxosTiming {
  requestTimeoutMs: number;
  handshakeTimeoutMs: number;
  heartbeatSilenceMs: number;
  marketSilenceMs: number;
  topOfBookLagMs: number;
  resyncRetryMs: number;
  maxResyncs: number;
  pollIntervalMs: number;
  tokenRenewFraction: number;
  minTokenRenewMs: number;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
  authRetryInitialMs: number;
  authRetryMaxMs: number;
  /** Resends of a create/cancel whose reply was not seen (always with the same ref_id). */
  commandRetries: number;
  /** How long cancelOrder waits for the acknowledged cancel to show as CANCELLED. */
  cancelConfirmMs: number;
  /** Our WebSocket ping cadence on the SOR socket, for the round-trip time. */
  pingIntervalMs: number;
  /** Silence after which unanswered pings mean a dead socket (reconnect). */
  pongTimeoutMs: number;
}

export const DEFAULT_TIMING: PaxosTiming = {
  requestTimeoutMs: 10_000,
  handshakeTimeoutMs: 10_000,
  heartbeatSilenceMs: 15_000,
  marketSilenceMs: 15_000,
  topOfBookLagMs: 3_000,
  resyncRetryMs: 5_000,
  maxResyncs: 3,
  pollIntervalMs: 1_000,
  tokenRenewFraction: 0.8,
  minTokenRenewMs: 1_000,
  reconnectInitialMs: 500,
  reconnectMaxMs: 30_000,
  authRetryInitialMs: 30_000,
  authRetryMaxMs: 600_000,
  commandRetries: 2,
  cancelConfirmMs: 2_000,
  pingIntervalMs: 10_000,
  pongTimeoutMs: 30_000,
};

export interface PaxosAdapterOptions {
  oauthUrl?: string;
  wsUrl?: string;
  restUrl?: string;
  /** The vault profile's endpoint shape; individual URLs above win where both are given. */
  endpoints?: { ws: string; oauthToken: string; rest: string };
  clientId: string;
  clientSecret: string;
  /** Paxos profile orders are placed under; without it the adapter is market data only. */
  profileId?: string;
  sink: MarketDataSink;
  /** OAuth2 scopes requested; default market-data stream plus read/write orders. */
  scopes?: string[];
  timing?: Partial<PaxosTiming>;
  /** Injected for tests; default the global fetch. */
  fetch?: typeof fetch;
  random?: () => number;
}

export interface ResolvedOptions {
  oauthUrl: string;
  wsUrl: string;
  restUrl: string;
  clientId: string;
  clientSecret: string;
  profileId?: string;
  sink: MarketDataSink;
  scopes: string[];
  timing: PaxosTiming;
  fetch: typeof fetch;
  random: () => number;
}

function url(schemes: string[]) {
  return z.string().refine(
    (v) => {
      try {
        return schemes.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a ${schemes.join(' or ')} URL`,
  );
}

const timingSchema = z
  .object({
    requestTimeoutMs: z.number().int().min(1),
    handshakeTimeoutMs: z.number().int().min(1),
    heartbeatSilenceMs: z.number().int().min(1),
    marketSilenceMs: z.number().int().min(1),
    topOfBookLagMs: z.number().int().min(1),
    resyncRetryMs: z.number().int().min(1),
    maxResyncs: z.number().int().min(1),
    pollIntervalMs: z.number().int().min(1),
    tokenRenewFraction: z.number().gt(0).max(1),
    minTokenRenewMs: z.number().int().min(0),
    reconnectInitialMs: z.number().int().min(1),
    reconnectMaxMs: z.number().int().min(1),
    authRetryInitialMs: z.number().int().min(1),
    authRetryMaxMs: z.number().int().min(1),
    commandRetries: z.number().int().min(0).max(10),
    cancelConfirmMs: z.number().int().min(0),
    pingIntervalMs: z.number().int().min(1),
    pongTimeoutMs: z.number().int().min(1),
  })
  .partial()
  .strict();

const sinkSchema = z.custom<MarketDataSink>(
  (s) =>
    typeof s === 'object' &&
    s !== null &&
    ['frame', 'bindStream', 'unbindStream', 'resetBook', 'trade'].every(
      (k) => typeof (s as Record<string, unknown>)[k] === 'function',
    ),
  'sink must implement MarketDataSink',
);

const optionsSchema = z.object({
  oauthUrl: url(['http:', 'https:']).optional(),
  wsUrl: url(['ws:', 'wss:']).optional(),
  restUrl: url(['http:', 'https:']).optional(),
  endpoints: z
    .object({
      ws: url(['ws:', 'wss:']),
      oauthToken: url(['http:', 'https:']),
      rest: url(['http:', 'https:']),
    })
    .optional(),
  clientId: z.string().min(1, 'clientId is required').max(512),
  clientSecret: z.string().min(1, 'clientSecret is required').max(4096),
  profileId: z.string().min(1).max(64).optional(),
  sink: sinkSchema,
  scopes: z
    .array(z.string().regex(/^[\w:.-]+$/))
    .min(1)
    .optional(),
  timing: timingSchema.optional(),
  fetch: z.custom<typeof fetch>((f) => typeof f === 'function').optional(),
  random: z.custom<() => number>((f) => typeof f === 'function').optional(),
});

export function resolveOptions(raw: PaxosAdapterOptions): ResolvedOptions {
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    // Issue paths and messages only: never the offending value, which may be the secret.
    const what = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'} ${i.message}`).join('; ');
    throw new VenueError('invalid', `Paxos adapter options are invalid: ${what}`);
  }
  const o = parsed.data;
  const oauthUrl = o.oauthUrl ?? o.endpoints?.oauthToken;
  const wsUrl = o.wsUrl ?? o.endpoints?.ws;
  const restUrl = o.restUrl ?? o.endpoints?.rest;
  if (!oauthUrl || !wsUrl || !restUrl) {
    throw new VenueError('invalid', 'Paxos adapter options need the token, WebSocket and REST URLs');
  }
  return {
    oauthUrl,
    wsUrl,
    restUrl: restUrl.replace(/\/+$/, ''),
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    profileId: o.profileId,
    sink: o.sink,
    scopes: o.scopes ?? [SCOPE_MARKET_DATA_STREAM, SCOPE_READ_ORDER, SCOPE_WRITE_ORDER],
    timing: { ...DEFAULT_TIMING, ...(o.timing ?? {}) },
    fetch: o.fetch ?? ((input, init) => fetch(input, init)),
    random: o.random ?? Math.random,
  };
}
