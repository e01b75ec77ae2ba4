// Consolidated depth for the smart order router: the best `maxLevels` canonical prices of one
// side across the venue books of a canonical instrument, each with the size every venue shows, as
// decimal strings (money leaves the engine as strings). Stale or not-yet-live books, and the books
// of a venue whose feed is stale or down, are left out:
// routing into a book we know is wrong would be worse than routing around it.
import { formatScaled } from '../../shared/decimal';
import type { InstrumentGrid, Source } from './view';

export interface DepthLevel {
  price: string;
  perVenue: { venue: string; market: string; size: string }[];
}

export function consolidatedDepth(
  sources: Source[],
  grid: InstrumentGrid,
  isBid: boolean,
  maxLevels: number,
): DepthLevel[] {
  // canonical tick → (source index → size in that venue's lots); integers until formatting.
  const byTick = new Map<number, Map<number, number>>();
  sources.forEach((s, si) => {
    const book = s.book;
    if (book.state !== 'live' || s.feed.state !== 'live') return;
    const side = isBid ? book.bids : book.asks;
    let taken = 0;
    let lastKey = NaN;
    for (let t = side.bestTick(); t === t; t = side.nextWorse(t)) {
      const key = isBid ? Math.floor((t * s.num) / s.den) : Math.ceil((t * s.num) / s.den);
      // Several venue ticks can share a canonical tick; count canonical levels, not venue ones.
      if (key !== lastKey && ++taken > maxLevels) break;
      lastKey = key;
      let m = byTick.get(key);
      if (!m) byTick.set(key, (m = new Map()));
      m.set(si, (m.get(si) ?? 0) + side.get(t));
    }
  });
  return [...byTick.entries()]
    .sort((a, b) => (isBid ? b[0] - a[0] : a[0] - b[0]))
    .slice(0, maxLevels)
    .map(([key, m]) => ({
      price: formatScaled(key * grid.tickUnits, grid.priceScale),
      perVenue: [...m.entries()].map(([si, size]) => {
        const spec = sources[si]!.book.spec;
        return { venue: spec.venue, market: spec.market, size: formatScaled(size, spec.sizeDecimals) };
      }),
    }));
}
