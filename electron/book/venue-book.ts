// What the engine needs to know about one venue's market data: how to read its frames and the few
// rules its books follow. Each venue declares one of these in electron/venues/<venue>/book/.
import type { VenueId } from '../../shared/domain';
import type { MarketSpec } from './market';
import type { ScanResult } from './ops';
import { recanonicalised } from './canonical-json';

/** Looks a frame's market key (symbol, or ALOR subscription guid) up among the defined markets. */
export type Resolve = (key: string) => MarketSpec | undefined;

/** Scans one raw frame into out; returns null on success or the reason it was refused. */
export type Scanner = (text: string, resolve: Resolve, out: ScanResult) => string | null;

/** Venue-specific wire numbers: integers in a fixed power of ten instead of decimal strings. */
export interface FixedPointWire {
  /** Decimals every wire price and size carries (Finery: 8). */
  readonly decimals: number;
}

/**
 * How a venue's book frames follow each other:
 * - `buffer-until-snapshot`: updates before the (timestamped) snapshot are buffered, those not newer
 *   than it dropped, the rest applied in arrival order (Paxos);
 * - `snapshot-first`: an update before the snapshot is refused (Finery);
 * - `full-book-frames`: every book frame is the whole book and replaces ours (ALOR).
 */
export type BookSequencing = 'buffer-until-snapshot' | 'snapshot-first' | 'full-book-frames';

export interface VenueBookRules {
  readonly venue: VenueId;
  /** How the venue is named in a definition error. */
  readonly name: string;
  readonly scan: Scanner;
  readonly sequencing: BookSequencing;
  /** Levels per side above which a book is impossible when a definition does not say (0 = unlimited). */
  readonly defaultMaxDepth: number;
  /**
   * Whether the venue's book can legitimately cross or lock (an aggregated cross-venue book, an
   * exchange auction): such a book is shown and marked crossed instead of rejected and resynced.
   */
  readonly crossable?: boolean;
  /** Set when the venue sends prices and sizes as fixed-point integers. */
  readonly fixedPointWire?: FixedPointWire;
}

/**
 * A scanner that never refuses a frame for its layout: what the venue's scanner cannot read as
 * sent is read again in canonical form (canonical-json.ts). Only refused frames pay for it.
 */
export function layoutFree(scan: Scanner): Scanner {
  return (text, resolve, out) => {
    const err = scan(text, resolve, out);
    if (err === null) return null;
    const canon = recanonicalised(text);
    return canon === null ? err : scan(canon, resolve, out);
  };
}
