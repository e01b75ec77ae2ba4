// What each venue accepts, mirrored from the adapters' declared capabilities so the ticket offers
// only what the venue will take. The contract does not carry capabilities yet; until it does, the
// core remains the judge and refuses anything this table gets wrong with a plain message.
import type { VenueId } from '../../shared/domain';

export type OrderType = 'market' | 'limit' | 'stop' | 'stopLimit';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'DAY';

export interface VenueCaps {
  orderTypes: OrderType[];
  timeInForce: TimeInForce[];
  postOnly: boolean;
  modify: boolean;
  /** The resting default; ALOR shares have no GTC. */
  defaultTif: TimeInForce;
  /** Plain-words notes the ticket shows next to the venue. */
  notes: string[];
}

export const VENUE_CAPS: Record<VenueId, VenueCaps> = {
  paxos: {
    orderTypes: ['limit', 'market', 'stop', 'stopLimit'],
    timeInForce: ['GTC', 'IOC', 'FOK'],
    postOnly: true,
    modify: false,
    defaultTif: 'GTC',
    notes: ['Market orders and stops are sells only at Paxos.', 'Paxos cannot modify: cancel and re-enter.'],
  },
  finery: {
    orderTypes: ['market', 'limit'],
    timeInForce: ['GTC', 'IOC', 'FOK'],
    postOnly: true,
    modify: true,
    defaultTif: 'GTC',
    notes: ['Finery market orders are IOC or FOK; post-only needs GTC.'],
  },
  alor: {
    orderTypes: ['market', 'limit', 'stop', 'stopLimit'],
    timeInForce: ['DAY', 'IOC', 'FOK'],
    postOnly: true,
    modify: true,
    defaultTif: 'DAY',
    notes: ['MOEX shares trade DAY, IOC or FOK; post-only needs a DAY limit.'],
  },
};

/** Time-in-force choices for one order type at one venue. */
export function tifChoices(venue: VenueId, type: OrderType): TimeInForce[] {
  const caps = VENUE_CAPS[venue];
  if (venue === 'finery' && type === 'market') return ['IOC', 'FOK'];
  return caps.timeInForce;
}

/** Why post-only is not possible for this combination, or null when it is. */
export function postOnlyProblem(venue: VenueId, type: OrderType, tif: TimeInForce): string | null {
  if (!VENUE_CAPS[venue].postOnly) return 'this venue has no post-only orders';
  if (type !== 'limit') return 'post-only applies to limit orders only';
  if (tif !== VENUE_CAPS[venue].defaultTif) return `post-only needs ${VENUE_CAPS[venue].defaultTif}`;
  return null;
}
