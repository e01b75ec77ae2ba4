// The ticket's status line for an order it sent: what the venue has done with it so far, in the
// words and colour a trader reads at a glance (red for a rejection, with the venue's reason).
import type { OrderView } from '../../../shared/contract';
import { VENUE_NAMES } from '../../../shared/domain';

export interface StatusLine {
  text: string;
  kind: 'error' | 'info' | 'ok' | 'warn';
}

export function orderStatusLine(o: OrderView): StatusLine {
  const what = `${o.side} ${o.size} ${o.market}${o.price !== undefined ? ` at ${o.price}` : ''}`;
  const venue = VENUE_NAMES[o.venue];
  // Adapters often prefix the reason with their own name; the line names the venue already.
  const reason = o.reason?.startsWith(`${venue}: `) ? o.reason.slice(venue.length + 2) : o.reason;
  const why = reason ? `: ${reason}` : '';
  switch (o.status) {
    case 'new':
    case 'pending':
      return { text: `Accepted: ${what} — waiting for ${venue}.`, kind: 'info' };
    case 'working':
    case 'modify_pending':
      return { text: `Working at ${venue}: ${what}.`, kind: 'ok' };
    case 'partially_filled':
      return {
        text: `Partly filled at ${venue}: ${o.filled} of ${what}${o.averagePrice ? `, average ${o.averagePrice}` : ''}.`,
        kind: 'ok',
      };
    case 'filled':
      return {
        text: `Filled at ${venue}: ${what}${o.averagePrice ? `, average ${o.averagePrice}` : ''}.`,
        kind: 'ok',
      };
    case 'cancel_pending':
      return { text: `Cancelling at ${venue}: ${what}.`, kind: 'warn' };
    case 'cancelled':
      return { text: `Cancelled at ${venue}: ${what}${why}.`, kind: 'warn' };
    case 'expired':
      return { text: `Expired at ${venue}: ${what}${why}.`, kind: 'warn' };
    case 'rejected':
      return { text: `Rejected by ${venue}: ${what}${why || ' (no reason given)'}.`, kind: 'error' };
  }
}
