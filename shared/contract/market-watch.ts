// Contract entry for the market watch: top of book, last, change and session volume per venue
// market and per consolidated instrument, with each row's feed state. The core sends the whole
// table (a few dozen rows) at most a few times a second, so a window needs no merge logic.
import { z } from 'zod';
import { VenueId } from '../domain';

const Price = z
  .string()
  .max(40)
  .regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string');

/** live: book current; awaiting: no snapshot yet; stale: feed quiet or resyncing; down: venue not connected. */
export const FeedState = z.enum(['live', 'awaiting', 'stale', 'down']);
export type FeedState = z.infer<typeof FeedState>;

export const MarketWatchRow = z.object({
  /** The instrument id the ladder and ticket take: "venue:market" or the canonical name. */
  id: z.string(),
  canonical: z.string(),
  /** Absent on the consolidated row. */
  venue: VenueId.optional(),
  market: z.string(),
  consolidated: z.boolean(),
  priceDecimals: z.number().int(),
  sizeDecimals: z.number().int(),
  /** Null when that side is empty or the feed is down: a down venue's prices are never current. */
  bid: Price.nullable(),
  ask: Price.nullable(),
  /** Size resting at the bid and ask; on the consolidated row, summed over the venues at that price. */
  bidSize: Price.nullable(),
  askSize: Price.nullable(),
  spread: Price.nullable(),
  last: Price.nullable(),
  /** last minus the first trade seen since the session began. */
  change: Price.nullable(),
  /** Traded size since the session began. */
  volume: Price,
  state: FeedState,
  /** Venues feeding it and their states (the consolidated row lists each venue). */
  feeds: z.array(z.object({ venue: VenueId, state: FeedState })),
});
export type MarketWatchRow = z.infer<typeof MarketWatchRow>;

export const marketWatchStreamSchemas = {
  'market.watch': {
    binary: false,
    params: z.object({}).strict(),
    event: z.object({ rows: z.array(MarketWatchRow), at: z.number() }),
  },
} as const;
