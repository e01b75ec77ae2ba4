// What createAlorAdapter accepts, validated once so a bad configuration fails at construction
// with a message that names the field (never its value: one of them is the refresh token).
import { z } from 'zod';
import type { BackoffOptions } from '../../common/backoff';
import type { MarketDataSink } from '../../common/adapter';
import { VenueError } from '../../common/adapter';
import { ALOR_MIN_FREQUENCY } from '../wire/alor-wire';

const url = (schemes: string[]) =>
  z.string().refine(
    (s) => {
      try {
        return schemes.includes(new URL(s).protocol.replace(':', ''));
      } catch {
        return false;
      }
    },
    { error: `must be a ${schemes.join(' or ')} URL` },
  );

const backoff = z
  .object({
    initialMs: z.number().positive().optional(),
    maxMs: z.number().positive().optional(),
    factor: z.number().min(1).optional(),
  })
  .optional();

const schema = z
  .object({
    wsUrl: url(['ws', 'wss']),
    cwsUrl: url(['ws', 'wss']),
    /** Token server base (the simulator's `oauth`); `/refresh` is appended. */
    oauthUrl: url(['http', 'https']).optional(),
    /** The full refresh URL (a vault profile's `refresh`); wins over oauthUrl. */
    refreshUrl: url(['http', 'https']).optional(),
    apiUrl: url(['http', 'https']),
    refreshToken: z.string().min(1),
    portfolio: z.string().min(1).max(64),
    exchange: z.enum(['MOEX', 'SPBX']).default('MOEX'),
    board: z.string().min(1).max(16).default('TQBR'),
    symbols: z
      .array(z.string().regex(/^[A-Za-z0-9._-]{1,32}$/))
      .min(1)
      .default(['SBER', 'GAZP']),
    bookDepth: z.number().int().min(1).max(50).default(20),
    /** Conflation interval requested from ALOR (Simple format: at least 25 ms). */
    bookFrequencyMs: z.number().int().min(ALOR_MIN_FREQUENCY.Simple).default(100),
    /** Book silence that marks the feed stale; default max(3 s, 30 × frequency). */
    bookStaleAfterMs: z.number().int().positive().optional(),
    tradesHistory: z.number().int().min(0).max(5000).default(20),
    /** Re-mint this long before `exp`, or at `tokenRenewFraction` of the lifetime if earlier. */
    tokenRenewBeforeMs: z
      .number()
      .int()
      .positive()
      .default(5 * 60_000),
    tokenRenewFraction: z
      .number()
      .positive()
      .max(0.9)
      .default(1 / 6),
    commandTimeoutMs: z.number().int().positive().default(10_000),
    /** How long cancelOrder waits for the orders stream to show the cancel it asked for. */
    cancelConfirmMs: z.number().int().min(0).default(2_000),
    httpTimeoutMs: z.number().int().positive().default(10_000),
    pingIntervalMs: z.number().int().positive().default(5_000),
    /** Conditional orders on ALOR need an expiry; ours live this long. */
    stopLifetimeSeconds: z.number().int().positive().default(86_400),
    backoff,
    authBackoff: backoff,
  })
  .refine((o) => o.oauthUrl !== undefined || o.refreshUrl !== undefined, {
    error: 'oauthUrl or refreshUrl is required',
    path: ['oauthUrl'],
  });

export type AlorAdapterConfig = z.infer<typeof schema> & { refresh: string; bookStaleAfterMs: number };

export interface AlorAdapterOptions extends z.input<typeof schema> {
  sink: MarketDataSink;
  backoff?: BackoffOptions;
  authBackoff?: BackoffOptions;
}

/** The alor entry of a vault profile's endpoints (electron/vault/profiles.ts). */
export interface AlorProfileEndpoints {
  ws: string;
  cws: string;
  http: string;
  refresh: string;
}

export function optionsFromProfile(
  endpoints: AlorProfileEndpoints,
  rest: Omit<AlorAdapterOptions, 'wsUrl' | 'cwsUrl' | 'apiUrl' | 'refreshUrl' | 'oauthUrl'>,
): AlorAdapterOptions {
  return {
    ...rest,
    wsUrl: endpoints.ws,
    cwsUrl: endpoints.cws,
    apiUrl: endpoints.http,
    refreshUrl: endpoints.refresh,
  };
}

export function parseOptions(options: AlorAdapterOptions): AlorAdapterConfig {
  if (!options || typeof options !== 'object')
    throw new VenueError('invalid', 'ALOR adapter options are missing');
  const sink = options.sink as Partial<MarketDataSink> | undefined;
  if (!sink || typeof sink.frame !== 'function' || typeof sink.trade !== 'function')
    throw new VenueError('invalid', 'ALOR adapter options: sink must be a MarketDataSink');
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`);
    throw new VenueError('invalid', `ALOR adapter options: ${issues.join('; ')}`);
  }
  const o = parsed.data;
  const refresh = o.refreshUrl ?? `${o.oauthUrl!.replace(/\/+$/, '')}/refresh`;
  return {
    ...o,
    apiUrl: o.apiUrl.replace(/\/+$/, ''),
    refresh,
    bookStaleAfterMs: o.bookStaleAfterMs ?? Math.max(3_000, 30 * o.bookFrequencyMs),
  };
}
