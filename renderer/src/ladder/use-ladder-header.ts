// Feeds the ladder header: position, P&L and working orders from the orders store, venue feeds
// from the venues store, spread and last trade from the frames.
// A busy book sends a frame nearly every display frame, and its spread or last trade differs in
// almost every one. The header must not re-render the tile for that: the book state it marks
// (venues in view, stale and down feeds, a venue's own book crossed or locked) changes rarely and
// shows at once, compared on the frame's masks so an unchanged frame costs no allocation. The
// spread and last trade are text for the eye, written at most every QUOTE_INTERVAL_MS with the
// newest frame's values, into a ref only the header's own template reads (`quote`). Whether the
// ladder's best bid is at or above its best ask goes with the spread (it colours the spread): it
// comes and goes with every arbitrage between venues, so it is not a rare change.
import { computed, onBeforeUnmount, shallowRef, type Ref } from 'vue';
import { formatScaled } from '../../../shared/decimal';
import { VENUE_NAMES, type VenueId } from '../../../shared/domain';
import type { LadderFrame } from '../../../shared/ladder-frame';
import { useVenuesStore } from '../connections/venues-store';
import { useOrdersStore } from '../orders/orders-store';
import {
  crossMark,
  positionSummary,
  venueFeeds,
  workingOrders,
  type CrossMark,
  type FrameCross,
  type PositionSummary,
  type VenueFeed,
} from './ladder-summary';
import { keepIfSame } from './keep-if-same';
import type { LadderTarget } from './ladder-trader';

/** The longest the header's spread and last trade lag the newest frame (5 updates a second). */
export const QUOTE_INTERVAL_MS = 200;

export interface FrameBookState {
  /** The frame's venues, in the order its venue colours follow. */
  venues: string[];
  stale: string[];
  down: string[];
  cross: FrameCross;
  priceScale: number;
}

/** What the header shows apart from the quote; it changes with orders, positions and feeds. */
export interface HeaderView {
  summary: PositionSummary;
  working: number;
  feeds: VenueFeed[];
  /** CROSSED / LOCKED while a venue's own book in view is; gone with the first frame that is not. */
  cross: CrossMark | null;
  /** Venue colours need a legend where a row can show several venues. */
  legend: boolean;
}

export interface HeaderQuote {
  spread: string | null;
  last: string | null;
  /** The ladder's best bid at or above its best ask (between venues too): the spread says so. */
  crossed: boolean;
}

const NO_CROSS: FrameCross = { crossed: [], locked: [], best: null };

type Best = FrameCross['best'];

function bestOf(f: LadderFrame): Best {
  if (!Number.isFinite(f.bestBid) || !Number.isFinite(f.bestAsk)) return null;
  return f.bestBid > f.bestAsk ? 'crossed' : f.bestBid === f.bestAsk ? 'locked' : null;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const inMask = (venues: string[], mask: number) => venues.filter((_, i) => (mask >> i) & 1);

function quoteOf(f: LadderFrame): HeaderQuote {
  const both = Number.isFinite(f.bestBid) && Number.isFinite(f.bestAsk);
  const spread = both ? formatScaled(f.bestAsk - f.bestBid, f.priceScale) : null;
  const t = f.lastTrade;
  const venue = t && f.venues.length > 1 ? f.venues[t.venue] : undefined;
  const last = t
    ? `${formatScaled(t.price, f.priceScale, f.priceScale)} × ${formatScaled(t.size, f.sizeScale)}${
        venue ? ` ${VENUE_NAMES[venue as VenueId] ?? venue}` : ''
      }`
    : null;
  return { spread, last, crossed: bestOf(f) !== null };
}

export function useLadderHeader(target: Ref<LadderTarget | null>) {
  const orders = useOrdersStore();
  const venues = useVenuesStore();
  const book = shallowRef<FrameBookState>({
    venues: [],
    stale: [],
    down: [],
    cross: NO_CROSS,
    priceScale: 0,
  });
  const quote = shallowRef<HeaderQuote>({ spread: null, last: null, crossed: false });
  // The masks the book state was made from: a frame with the same ones changes nothing there.
  let seen = { stale: 0, down: 0, crossed: 0, locked: 0 };

  /** Updates the rarely changing book state from f; true when it changed. */
  function takeBookState(f: LadderFrame): boolean {
    const b = book.value;
    if (
      b.priceScale === f.priceScale &&
      sameList(b.venues, f.venues) &&
      seen.stale === f.staleMask &&
      seen.down === f.downMask &&
      seen.crossed === f.crossedMask &&
      seen.locked === f.lockedMask
    )
      return false;
    seen = { stale: f.staleMask, down: f.downMask, crossed: f.crossedMask, locked: f.lockedMask };
    book.value = {
      venues: f.venues,
      stale: inMask(f.venues, f.staleMask),
      down: inMask(f.venues, f.downMask),
      // `best` is the quote's (`crossed`): the mark is about each venue's own book only.
      cross: { crossed: inMask(f.venues, f.crossedMask), locked: inMask(f.venues, f.lockedMask), best: null },
      priceScale: f.priceScale,
    };
    return true;
  }

  // Written at once when no write happened in the last interval; otherwise the newest frame waits
  // for the interval's end, so what the header shows is never older than QUOTE_INTERVAL_MS.
  let waiting: LadderFrame | null = null;
  let cooling: ReturnType<typeof setTimeout> | undefined;
  function writeQuote(f: LadderFrame) {
    waiting = null;
    if (cooling !== undefined) clearTimeout(cooling);
    cooling = setTimeout(() => {
      cooling = undefined;
      if (waiting) writeQuote(waiting);
    }, QUOTE_INTERVAL_MS);
    const q = quoteOf(f);
    const was = quote.value;
    if (q.spread !== was.spread || q.last !== was.last || q.crossed !== was.crossed) quote.value = q;
  }

  function onFrame(f: LadderFrame) {
    // A new crossed mark or feed state comes with the spread of the same frame: the two agree.
    if (takeBookState(f) || cooling === undefined) writeQuote(f);
    else waiting = f;
  }
  onBeforeUnmount(() => {
    if (cooling !== undefined) clearTimeout(cooling);
    waiting = null;
  });

  const header = computed((prev?: HeaderView): HeaderView => {
    const t = target.value;
    const b = book.value;
    const inView = b.venues.length ? b.venues : (t?.venues.map((v) => v.venue) ?? []);
    return keepIfSame(prev, {
      summary: t ? positionSummary(orders.positions, t, b.priceScale) : { position: '0' },
      working: t ? workingOrders(orders.working, t).length : 0,
      feeds: venueFeeds(inView, venues.venues, b),
      cross: crossMark(b.cross, t?.consolidated ?? b.venues.length > 1),
      legend: b.venues.length > 1,
    });
  });

  // Both go to the header as refs: only its template reads them, so a change re-renders only it.
  // The header view changes more often than it seems: the venues store carries each venue's
  // message rate and age, updated every second or so.
  return {
    header: header as Readonly<Ref<HeaderView>>,
    quote: quote as Readonly<Ref<HeaderQuote>>,
    /** Stale and down venues of the newest frame (the feed banner's input). */
    stale: computed(() => book.value.stale),
    down: computed(() => book.value.down),
    onFrame,
  };
}
