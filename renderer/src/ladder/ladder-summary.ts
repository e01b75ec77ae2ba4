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

/** What the frame says about crossed books: each venue's own, and the ladder's best prices. */
export interface FrameCross {
  /** The frame's venues whose own book is crossed (best bid above best ask). */
  crossed: readonly string[];
  /** The frame's venues whose own book is locked (best bid equal to best ask). */
  locked: readonly string[];
  /** The ladder's best bid against its best ask, wherever they come from. */
  best: 'crossed' | 'locked' | null;
}

export interface CrossMark {
  label: string;
  title: string;
}

const CROSS_TITLE =
  "Best bid at or above best ask. Paxos's aggregated book and ALOR's auction book can be in this state; " +
  'their levels are shown as the venue sends them, and nothing here is tradeable at those prices as it looks.';

/**
 * The header's CROSSED / LOCKED mark for a venue's own book, null while none is. A single-venue
 * ladder says only the state; a consolidated one names the venue. One venue's bid above another's
 * ask is not marked here: it comes and goes with every arbitrage and a mark would make the header
 * jump under the pointer; the spread turns negative and red instead (`best`).
 */
export function crossMark(cross: FrameCross, consolidated: boolean): CrossMark | null {
  const name = (v: string) => VENUE_NAMES[v as VenueId] ?? v;
  const parts: string[] = [];
  if (consolidated) {
    if (cross.crossed.length) parts.push(`CROSSED ${cross.crossed.map(name).join(', ')}`);
    if (cross.locked.length) parts.push(`LOCKED ${cross.locked.map(name).join(', ')}`);
  } else if (cross.crossed.length) parts.push('CROSSED');
  else if (cross.locked.length) parts.push('LOCKED');
  return parts.length ? { label: parts.join(' · '), title: CROSS_TITLE } : null;
}
