// The engine's typed contract: commands in, events out. Used by the worker shell, the client and
// tests calling the engine directly. Non-hot commands are validated with zod; the hot `frame(s)`
// commands are checked by hand (their text is validated by the venue scanners anyway).
import { z } from 'zod';
import type { BookStats } from '../book/book';
import type { DepthLevel } from './depth';
import { VenueId } from '../../shared/domain';
import { RecordedMarket, RecordingTarget } from '../replay/recording/format';

const venue = VenueId;
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal string');
const name = z.string().min(1).max(200);

export const marketDefSchema = z.object({
  venue,
  market: name,
  canonical: name.optional(),
  priceDecimals: z.number().int().min(0).max(12),
  sizeDecimals: z.number().int().min(0).max(12),
  tickSize: decimal,
  maxDepth: z.number().int().min(0).optional(),
});

const instrument = z.union([
  z.object({ venue, market: name }).strict(),
  z.object({ canonical: name }).strict(),
]);

export const commandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('defineMarket'), market: marketDefSchema }),
  z.object({
    type: z.literal('defineCanonical'),
    canonical: name,
    priceDecimals: z.number().int().min(0).max(12),
    sizeDecimals: z.number().int().min(0).max(12),
    tickSize: decimal,
  }),
  z.object({ type: z.literal('bindStream'), venue, key: name, market: name }),
  z.object({ type: z.literal('unbindStream'), venue, key: name }),
  z.object({ type: z.literal('frame'), venue, text: z.string(), receivedAt: z.number() }),
  z.object({ type: z.literal('frames'), venue, texts: z.array(z.string()), receivedAt: z.number() }),
  z.object({
    type: z.literal('trade'),
    trade: z.object({
      venue,
      market: name,
      price: decimal,
      size: decimal,
      time: z.number().finite(),
      side: z.enum(['buy', 'sell']).optional(),
      /** A replayed (history) print: sets last trade if newer, never counts into volume. */
      history: z.boolean().optional(),
    }),
  }),
  z.object({ type: z.literal('resetBook'), venue, market: name }),
  /**
   * A venue's feed as the core's status board sees it: a non-live venue's books never show as
   * live (left out of consolidated views and depth), and a down venue's books are cleared.
   */
  z.object({ type: z.literal('venueFeed'), venue, state: z.enum(['live', 'stale', 'down']) }),
  /** Profile switch: every book of the old profile goes before the new one's first frame. */
  z.object({ type: z.literal('clearBooks') }),
  z.object({ type: z.literal('resetSession'), venue: venue.optional(), market: name.optional() }),
  z.object({
    type: z.literal('openView'),
    viewId: z.number().int().min(0).max(0xffffffff),
    instrument,
    rows: z.number().int().min(1).max(2000),
    /** Decimal price to centre on; omitted/null = the mid once there is one. */
    center: decimal.nullable().optional(),
    groupTicks: z.number().int().min(1).max(1_000_000).optional(),
    maxFps: z.number().min(1).max(240).optional(),
  }),
  z.object({ type: z.literal('recenter'), viewId: z.number().int(), center: decimal.nullable().optional() }),
  /** Send this view's frames at slotAt + k × a multiple of intervalMs (see LadderView.pace). */
  z.object({
    type: z.literal('paceView'),
    viewId: z.number().int(),
    slotAt: z.number().finite(),
    intervalMs: z.number().min(4).max(100),
  }),
  z.object({ type: z.literal('closeView'), viewId: z.number().int() }),
  z.object({
    type: z.literal('ownOrders'),
    venue,
    market: name,
    orders: z.array(z.object({ price: decimal, side: z.enum(['buy', 'sell']), remaining: decimal })),
  }),
  z.object({ type: z.literal('stats'), requestId: z.number().optional() }),
  /** Consolidated depth for the smart order router (answered by a `depth` event). */
  z.object({
    type: z.literal('depth'),
    requestId: z.number(),
    canonical: name,
    side: z.enum(['bid', 'ask']),
    maxLevels: z.number().int().min(1).max(10_000),
  }),
]);

export type EngineCommand = z.infer<typeof commandSchema>;

/**
 * Commands for the market recorder beside the engine on its worker (electron/replay/recording/):
 * it sees the same batches the engine reads, so recording costs the main thread nothing.
 */
export const recorderCommandSchema = z.discriminatedUnion('type', [
  /** Starts recording into a profile's folder, or (null) stops and completes the file. */
  z.object({ type: z.literal('recording'), target: RecordingTarget.nullable() }),
  /** The venue market infos replay answers markets() from (more than the engine's definitions). */
  z.object({ type: z.literal('recordMarkets'), markets: z.array(RecordedMarket) }),
]);
export type RecorderCommand = z.input<typeof recorderCommandSchema>;
/** What the engine worker accepts: engine commands and recorder commands. */
export type WorkerCommand = EngineCommand | RecorderCommand;
export type FeedState = Extract<EngineCommand, { type: 'venueFeed' }>['state'];
export type NormalisedTrade = Extract<EngineCommand, { type: 'trade' }>['trade'];
export type MarketDefInput = z.infer<typeof marketDefSchema>;

export type EngineEvent =
  | { type: 'ladderFrame'; viewId: number; buffer: ArrayBuffer }
  | { type: 'resync'; venue: string; market: string; reason: string }
  | { type: 'frameRejected'; venue: string; market: string | null; reason: string }
  | { type: 'bookStats'; books: BookStats[]; requestId?: number }
  | { type: 'depth'; requestId: number; canonical: string; side: 'bid' | 'ask'; levels: DepthLevel[] }
  | { type: 'error'; message: string; command?: string };

export type { BookStats, DepthLevel };
