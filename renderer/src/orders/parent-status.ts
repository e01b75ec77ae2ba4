// The status line of a routed (SOR) order: how the parent stands and, when a child failed, which
// one and why, in the words the ticket shows where the order was entered.
import type { ParentView } from '../../../shared/contract';
import { VENUE_NAMES, type VenueId } from '../../../shared/domain';
import type { StatusLine } from './order-status';

type Leg = NonNullable<ParentView['legs']>[number];
/** A leg the core refused before sending (a risk limit), as sor.send reports it. */
export interface RefusedLeg {
  venue: VenueId;
  market: string;
  reason: string;
}

export const PARENT_STATUS_TEXT: Record<ParentView['status'], string> = {
  working: 'working',
  partially_filled: 'partially filled',
  filled: 'filled',
  cancelled: 'cancelled',
  rejected: 'rejected',
};

/** The venue's name once: adapters often prefix a reason with it. */
function legReason(venue: VenueId, reason: string | undefined): string {
  const name = VENUE_NAMES[venue];
  const r = reason?.startsWith(`${name}: `) ? reason.slice(name.length + 2) : reason;
  return r || 'no reason given';
}

function describeFailed(l: Leg): string {
  return `${VENUE_NAMES[l.venue]} ${l.market} ${l.size} ${l.status}: ${legReason(l.venue, l.reason)}`;
}

/** `sent`: how many child orders the core said it sent (a parent may not list them yet). */
export function parentStatusLine(p: ParentView, refused: readonly RefusedLeg[] = [], sent = 0): StatusLine {
  const legs = p.legs ?? [];
  const failed = [
    ...legs.filter((l) => l.status === 'rejected').map(describeFailed),
    ...refused.map((r) => `${VENUE_NAMES[r.venue]} ${r.market} refused: ${r.reason}`),
  ];
  const n = legs.length || p.children.length || sent;
  const head = `Routed ${n} child order(s) — ${PARENT_STATUS_TEXT[p.status]}: ${p.side} ${p.size} ${p.canonical}`;
  const filled = p.status === 'filled' || p.filled === '0' ? '' : `, ${p.filled} filled`;
  if (failed.length === 0 && p.status === 'rejected')
    return { text: `${head}${filled}. No reason given.`, kind: 'error' };
  const text = `${head}${filled}.${failed.length ? ` Failed: ${failed.join('; ')}.` : ''}`;
  if (failed.length || p.status === 'rejected') return { text, kind: 'error' };
  return { text, kind: p.status === 'cancelled' ? 'warn' : 'ok' };
}
