// Feeds the ladder header: position, P&L and working orders from the orders store, venue feeds
// from the venues store, spread and last trade from the frames. A frame updates the header only
// when what it shows there changed, so a busy book does not re-render the window every frame.
import { computed, ref, type Ref } from 'vue';
import { formatScaled } from '../../../shared/decimal';
import { VENUE_NAMES, type VenueId } from '../../../shared/domain';
import type { LadderFrame } from '../../../shared/ladder-frame';
import { useVenuesStore } from '../connections/venues-store';
import { useOrdersStore } from '../orders/orders-store';
import { crossMark, positionSummary, venueFeeds, workingOrders, type FrameCross } from './ladder-summary';
import type { LadderTarget } from './ladder-trader';

export interface FrameQuote {
  spread: string | null;
  last: string | null;
  /** The frame's venues, in the order its venue colours follow. */
  venues: string[];
  stale: string[];
  down: string[];
  cross: FrameCross;
  priceScale: number;
}

const NO_CROSS: FrameCross = { crossed: [], locked: [], best: null };

export function useLadderHeader(target: Ref<LadderTarget | null>) {
  const orders = useOrdersStore();
  const venues = useVenuesStore();
  const quote = ref<FrameQuote>({
    spread: null,
    last: null,
    venues: [],
    stale: [],
    down: [],
    cross: NO_CROSS,
    priceScale: 0,
  });

  function onFrame(f: LadderFrame) {
    const both = Number.isFinite(f.bestBid) && Number.isFinite(f.bestAsk);
    const spread = both ? formatScaled(f.bestAsk - f.bestBid, f.priceScale) : null;
    const t = f.lastTrade;
    const venue = t && f.venues.length > 1 ? f.venues[t.venue] : undefined;
    const last = t
      ? `${formatScaled(t.price, f.priceScale, f.priceScale)} × ${formatScaled(t.size, f.sizeScale)}${
          venue ? ` ${VENUE_NAMES[venue as VenueId] ?? venue}` : ''
        }`
      : null;
    const stale = f.venues.filter((_, i) => (f.staleMask >> i) & 1);
    const down = f.venues.filter((_, i) => (f.downMask >> i) & 1);
    const cross: FrameCross = {
      crossed: f.venues.filter((_, i) => (f.crossedMask >> i) & 1),
      locked: f.venues.filter((_, i) => (f.lockedMask >> i) & 1),
      best: !both ? null : f.bestBid > f.bestAsk ? 'crossed' : f.bestBid === f.bestAsk ? 'locked' : null,
    };
    const q = quote.value;
    if (
      q.spread !== spread ||
      q.last !== last ||
      q.priceScale !== f.priceScale ||
      q.venues.join() !== f.venues.join() ||
      q.stale.join() !== stale.join() ||
      q.down.join() !== down.join() ||
      q.cross.crossed.join() !== cross.crossed.join() ||
      q.cross.locked.join() !== cross.locked.join() ||
      q.cross.best !== cross.best
    )
      quote.value = { spread, last, venues: f.venues, stale, down, cross, priceScale: f.priceScale };
  }

  const header = computed(() => {
    const t = target.value;
    const q = quote.value;
    const inView = q.venues.length ? q.venues : (t?.venues.map((v) => v.venue) ?? []);
    return {
      summary: t ? positionSummary(orders.positions, t, q.priceScale) : { position: '0' },
      working: t ? workingOrders(orders.working, t).length : 0,
      spread: q.spread,
      last: q.last,
      feeds: venueFeeds(inView, venues.venues, q),
      /** CROSSED / LOCKED while a book in view is; gone with the first frame that is not. */
      cross: crossMark(q.cross, t?.consolidated ?? q.venues.length > 1),
      /** The ladder's best bid at or above its best ask (between venues too): the spread says so. */
      spreadCrossed: q.cross.best !== null,
      /** Venue colours need a legend where a row can show several venues. */
      legend: q.venues.length > 1,
    };
  });

  return { header, onFrame };
}
