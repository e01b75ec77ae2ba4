// A market recording: what the venues sent, as the core's MarketDataSink saw it, one JSON object
// per line in gzip files. Lines rather than a binary layout: frames are already text (the venues'
// own JSON), a line is greppable after `zcat`, and a torn last line (a crash mid-write) costs that
// line only. Every file starts with a header, the markets and the live stream bindings, so each
// file can be read on its own after older ones were deleted to respect the disk cap.
import { z } from 'zod';
import { VenueId } from '../../../shared/domain';

export const RECORDING_VERSION = 1;

const name = z.string().min(1).max(200);
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal string');

/** VenueMarketInfo as recorded (the replay adapters answer markets() from it). */
export const RecordedMarket = z.object({
  venue: VenueId,
  market: name,
  canonical: name,
  priceDecimals: z.number().int().min(0).max(12),
  sizeDecimals: z.number().int().min(0).max(12),
  tickSize: decimal,
  lotSize: decimal,
  minSize: decimal.optional(),
});
export type RecordedMarket = z.infer<typeof RecordedMarket>;

export const RecordedTrade = z.object({
  venue: VenueId,
  market: name,
  price: decimal,
  size: decimal,
  side: z.enum(['buy', 'sell']).optional(),
  time: z.number().finite(),
  history: z.boolean().optional(),
});

/** One sink event; `t` is the core's receipt time in epoch milliseconds. */
export const RecordedEvent = z.discriminatedUnion('k', [
  z.object({ k: z.literal('frame'), t: z.number(), v: VenueId, x: z.string() }),
  z.object({ k: z.literal('bind'), t: z.number(), v: VenueId, key: name, m: name }),
  z.object({ k: z.literal('unbind'), t: z.number(), v: VenueId, key: name }),
  z.object({ k: z.literal('reset'), t: z.number(), v: VenueId, m: name }),
  z.object({ k: z.literal('trade'), t: z.number(), trade: RecordedTrade }),
  z.object({ k: z.literal('markets'), t: z.number(), markets: z.array(RecordedMarket) }),
]);
export type RecordedEvent = z.infer<typeof RecordedEvent>;

export const RecordingHeader = z.object({
  k: z.literal('header'),
  version: z.literal(RECORDING_VERSION),
  profile: z.string().min(1).max(40),
  /** One run of the recorder (a core start or a switch back on): its files replay as one piece. */
  session: z.string().regex(/^[0-9TZ-]+$/),
  /** This file's place in its session, from 0. */
  part: z.number().int().min(0),
  startedAt: z.number(),
});
export type RecordingHeader = z.infer<typeof RecordingHeader>;

/** Where the recorder writes and when it rotates; the core fills it per profile. */
export const RecordingTarget = z.object({
  dir: z.string().min(1),
  profile: z.string().min(1).max(40),
  /** A file is closed and a new one begun past this much text (before compression; ~10× less on disk)... */
  maxFileBytes: z.number().int().min(1024),
  /** ...or after this long. */
  maxFileMs: z.number().int().min(1000),
  /** The profile's recordings are trimmed, oldest file first, to stay under this. */
  maxTotalBytes: z.number().int().min(1024),
  /** A sync flush this often makes the file being written readable up to the last flush. */
  flushMs: z.number().int().min(50).default(1000),
});
export type RecordingTarget = z.input<typeof RecordingTarget>;

/** File name of one part: sortable by session, then part. */
export function recordingFileName(session: string, part: number): string {
  return `${session}-${String(part).padStart(5, '0')}.ndjson.gz`;
}

const FILE_NAME = /^([0-9TZ-]+)-(\d{5})\.ndjson\.gz$/;

export function parseRecordingFileName(file: string): { session: string; part: number } | undefined {
  const m = FILE_NAME.exec(file);
  return m ? { session: m[1]!, part: Number(m[2]) } : undefined;
}

/** A session id from a start time: 20261207T041500123Z (sorts as it reads). */
export function sessionId(at: number): string {
  return new Date(at).toISOString().replace(/[-:.]/g, '');
}
