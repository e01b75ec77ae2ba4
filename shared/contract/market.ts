// Contract entries for market data: the instrument list, ladder views (binary frames, layout in
// shared/ladder-frame.ts) and public trades. A ladder subscription opens an engine view; the
// frames it receives carry that view's id, which is what recenter names.
import { z } from 'zod';
import { VenueId } from '../domain';

const Symbol = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9._:/-]+$/, 'must be an instrument symbol');
const Decimal = z
  .string()
  .max(40)
  .regex(/^\d+(\.\d+)?$/, 'must be a decimal string');

export const InstrumentRef = z.union([
  z.object({ venue: VenueId, market: Symbol }).strict(),
  z.object({ canonical: Symbol }).strict(),
]);
export type InstrumentRef = z.infer<typeof InstrumentRef>;

const TimeInForceName = z.enum(['GTC', 'IOC', 'FOK', 'DAY']);

/** What a venue's order entry accepts, as its adapter declares it (the core enforces the same). */
export const VenueCapabilitiesInfo = z.object({
  orderTypes: z.array(z.enum(['market', 'limit', 'stop', 'stopLimit'])),
  timeInForce: z.array(TimeInForceName),
  postOnly: z.boolean(),
  modify: z.boolean(),
  cancelsOnDisconnect: z.boolean(),
  defaultTimeInForce: TimeInForceName.optional(),
  marketTimeInForce: z.array(TimeInForceName).optional(),
  notes: z.array(z.string().max(300)).max(10).optional(),
});
export type VenueCapabilitiesInfo = z.infer<typeof VenueCapabilitiesInfo>;

export const InstrumentInfo = z.object({
  /** Stable id used in window parameters: "venue:market" or "canonical". */
  id: z.string(),
  label: z.string(),
  ref: InstrumentRef,
  canonical: z.string(),
  priceDecimals: z.number().int(),
  sizeDecimals: z.number().int(),
  tickSize: z.string(),
  lotSize: z.string(),
  /** Venues quoting it (one for a venue market, all for a consolidated one). */
  venues: z.array(VenueId),
  /** A venue market's order entry (absent on consolidated instruments, which route by SOR). */
  capabilities: VenueCapabilitiesInfo.optional(),
});
export type InstrumentInfo = z.infer<typeof InstrumentInfo>;

export const MarketTrade = z.object({
  venue: VenueId,
  market: z.string(),
  canonical: z.string(),
  price: z.string(),
  size: z.string(),
  side: z.enum(['buy', 'sell']).optional(),
  time: z.number(),
});
export type MarketTrade = z.infer<typeof MarketTrade>;

export const marketRequestSchemas = {
  'markets.list': {
    request: z.object({}).strict(),
    response: z.object({ instruments: z.array(InstrumentInfo) }),
  },
  'ladder.recenter': {
    request: z.object({ viewId: z.number().int().nonnegative(), center: Decimal.nullable() }).strict(),
    response: z.object({}),
  },
  // A ladder window's display timing: send this view's frames at slotAt + k × intervalMs (wall
  // clock, ms since the epoch), chosen by the window so that a frame arrives just before one of
  // its animation frames instead of waiting up to a whole display interval for its paint.
  'ladder.pace': {
    request: z
      .object({
        viewId: z.number().int().nonnegative(),
        slotAt: z.number().finite().positive(),
        intervalMs: z.number().min(4).max(100),
      })
      .strict(),
    response: z.object({}),
  },
} as const;

export const marketStreamSchemas = {
  'market.ladder': {
    binary: true,
    params: z
      .object({
        instrument: InstrumentRef,
        rows: z.number().int().min(5).max(400),
        groupTicks: z.number().int().min(1).max(10_000).optional(),
        center: Decimal.nullable().optional(),
        maxFps: z.number().int().min(1).max(120).optional(),
      })
      .strict(),
    event: z.instanceof(ArrayBuffer),
  },
  'market.trades': {
    binary: false,
    params: z.object({ canonical: Symbol.optional() }).strict(),
    event: z.object({ trades: z.array(MarketTrade) }),
  },
} as const;
