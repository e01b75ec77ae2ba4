// What the ladder header says about "where am I" on this instrument: our position and its average
// price, open P&L, how many of our orders work here, and each venue's feed. Decimal strings in and
// out; a consolidated ladder adds its venues up (the average weighted by each venue's position).
import type { OrderView, PositionView } from '../../../shared/contract';
import { addDecimals, compareDecimals, divDecimals, mulDecimals } from '../../../shared/decimal';
import { VENUE_NAMES, type VenueId, type VenueStatus } from '../../../shared/domain';
import type { FeedState } from '../../../shared/feed-state';
import { venueFeedState } from './feed-state';
import type { LadderTarget } from './ladder-trader';

export interface PositionSummary {
  /** Signed, in the instrument's units ("0" when flat). */
  position: string;
  averagePrice?: string;
  /** Unrealised P&L; absent while no venue knows a mid. */
  openPnl?: string;
}

const ACTIVE = new Set<OrderView['status']>([
  'new',
  'pending',
  'working',
  'partially_filled',
  'modify_pending',
  'cancel_pending',
]);

/** Whether an order or position belongs to this ladder (by canonical on a consolidated one). */
export function onLadder(t: LadderTarget, x: { venue: string; market: string; canonical: string }): boolean {
  return t.consolidated ? x.canonical === t.canonical : x.venue === t.venue && x.market === t.market;
}

export function positionSummary(
  positions: PositionView[],
  t: LadderTarget,
  priceDecimals: number,
): PositionSummary {
  const mine = positions.filter((p) => onLadder(t, p));
  const position = mine.length ? addDecimals(mine.map((p) => p.position)) : '0';
  const pnl = mine.map((p) => p.unrealizedPnl).filter((v): v is string => v !== undefined);
  const openPnl = pnl.length ? addDecimals(pnl) : undefined;
  if (compareDecimals(position, '0') === 0) return { position: '0', openPnl };
  const priced = mine.filter((p) => p.averagePrice !== undefined && compareDecimals(p.position, '0') !== 0);
  if (priced.length === 0) return { position, openPnl };
  const held = addDecimals(priced.map((p) => p.position));
  const cost = addDecimals(priced.map((p) => mulDecimals(p.position, p.averagePrice!)));
  const averagePrice = compareDecimals(held, '0') === 0 ? undefined : divDecimals(cost, held, priceDecimals);
  return { position, averagePrice, openPnl };
}

/** Our orders still working (or being changed) on this ladder's instrument. */
export function workingOrders(working: OrderView[], t: LadderTarget): OrderView[] {
  return working.filter((o) => ACTIVE.has(o.status) && onLadder(t, o));
}

export interface VenueFeed {
  venue: string;
  name: string;
  state: FeedState;
  reason?: string;
}

/** The feed of each venue in view, decided as the feed banner decides it (one rule for both). */
export function venueFeeds(
  venues: string[],
  statuses: VenueStatus[],
  frame: { stale: readonly string[]; down: readonly string[] },
): VenueFeed[] {
  return venues.map((venue) => {
    const { state, status } = venueFeedState(venue, frame, statuses);
    return { venue, name: VENUE_NAMES[venue as VenueId] ?? venue, state, reason: status?.reason };
  });
}
