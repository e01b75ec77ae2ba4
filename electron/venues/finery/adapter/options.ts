// Adapter options, validated at the edge: a bad option is a clear error before anything connects.
import { z } from 'zod';
import type { BackoffOptions } from '../../common/backoff';
import type { MarketDataSink } from '../../common/adapter';
import { VenueError } from '../../common/adapter';
import type { NonceSource } from './auth';

export interface FineryAdapterOptions {
  /** WebSocket URL (`wss://trade.finerymarkets.com/ws`); or give the profile's `endpoints`. */
  wsUrl?: string;
  /** REST base (`…/api`); accepted for the profile shape, all methods travel over the WebSocket. */
  restUrl?: string;
  /** The finery entry of a vault profile's endpoints: `{ ws, rest }`. */
  endpoints?: { ws: string; rest: string };
  key: string;
  secret: string;
  sink: MarketDataSink;
  /** Cancel-on-disconnect for resting orders; default on. */
  cod?: boolean;
  /** WebSocket ping cadence; the venue closes connections idle for 80 s. Default 20 000. */
  pingIntervalMs?: number;
  /** Nothing heard (frames or pongs) for this long: reconnect. Default 60 000. */
  deadAfterMs?: number;
  /** Socket open (signed upgrade) deadline. Default 10 000. */
  openTimeoutMs?: number;
  /** After the upgrade, how long to wait for ["X",0,"Z",…]. Default 10 000. */
  statusTimeoutMs?: number;
  /** How long a non-zero X status is tolerated on an open socket before reconnecting. Default 60 000. */
  backendWaitMs?: number;
  /**
   * Longest silence of a subscribed book feed (F) that is still normal. Finery's firm books on
   * liquid pairs change several times a second, so 30 s of silence on an open socket means a
   * frozen feed, not a quiet market. Default 30 000.
   */
  bookSilenceMs?: number;
  /** Per-send reply deadline for requests (an `add` is resent with the same id after it). Default 5 000. */
  replyTimeoutMs?: number;
  /** Overall deadline of placeOrder including resends and reconnects. Default 30 000. */
  orderTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** First retry after the venue refused our key (6, 7, 14); doubles up to 15 min. Default 60 000. */
  authRetryMs?: number;
  /** Nonce source; default the process-wide one (strictly increasing across adapters). */
  nonces?: NonceSource;
}

export type ResolvedOptions = Required<
  Omit<FineryAdapterOptions, 'endpoints' | 'restUrl' | 'backoff' | 'nonces' | 'wsUrl'>
> & { wsUrl: string; restUrl?: string; backoff: BackoffOptions; nonces?: NonceSource };

const url = (schemes: string[]) =>
  z.string().refine(
    (s) => {
      try {
        return schemes.includes(new URL(s).protocol.replace(':', ''));
      } catch {
        return false;
      }
    },
    `must be a ${schemes.join('/')} URL`,
  );
const ms = z.number().int().positive().max(3_600_000);

const schema = z.object({
  wsUrl: url(['ws', 'wss']).optional(),
  restUrl: url(['http', 'https']).optional(),
  endpoints: z.object({ ws: url(['ws', 'wss']), rest: url(['http', 'https']) }).optional(),
  key: z.string().min(1, 'API key is required').max(256),
  secret: z.string().min(1, 'API secret is required').max(256),
  sink: z.custom<MarketDataSink>(
    (s) =>
      typeof s === 'object' &&
      s !== null &&
      ['frame', 'resetBook', 'trade'].every((k) => typeof (s as Record<string, unknown>)[k] === 'function'),
    'sink must implement frame, resetBook and trade',
  ),
  cod: z.boolean().optional(),
  pingIntervalMs: ms.optional(),
  deadAfterMs: ms.optional(),
  openTimeoutMs: ms.optional(),
  statusTimeoutMs: ms.optional(),
  backendWaitMs: ms.optional(),
  bookSilenceMs: ms.optional(),
  replyTimeoutMs: ms.optional(),
  orderTimeoutMs: ms.optional(),
  authRetryMs: ms.optional(),
});

export function resolveOptions(o: FineryAdapterOptions): ResolvedOptions {
  const r = schema.safeParse(o);
  if (!r.success) {
    // Issue paths and messages only: the values (a secret among them) never reach the error.
    const why = r.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    throw new VenueError('invalid', `Finery adapter options: ${why}`);
  }
  const wsUrl = o.wsUrl ?? o.endpoints?.ws;
  if (!wsUrl) throw new VenueError('invalid', 'Finery adapter options: wsUrl (or endpoints.ws) is required');
  const pingIntervalMs = o.pingIntervalMs ?? 20_000;
  return {
    wsUrl,
    ...((o.restUrl ?? o.endpoints?.rest) ? { restUrl: o.restUrl ?? o.endpoints?.rest } : {}),
    key: o.key,
    secret: o.secret,
    sink: o.sink,
    cod: o.cod ?? true,
    pingIntervalMs,
    deadAfterMs: o.deadAfterMs ?? Math.max(60_000, pingIntervalMs * 3),
    openTimeoutMs: o.openTimeoutMs ?? 10_000,
    statusTimeoutMs: o.statusTimeoutMs ?? 10_000,
    backendWaitMs: o.backendWaitMs ?? 60_000,
    bookSilenceMs: o.bookSilenceMs ?? 30_000,
    replyTimeoutMs: o.replyTimeoutMs ?? 5_000,
    orderTimeoutMs: o.orderTimeoutMs ?? 30_000,
    authRetryMs: o.authRetryMs ?? 60_000,
    backoff: o.backoff ?? {},
    ...(o.nonces ? { nonces: o.nonces } : {}),
  };
}
