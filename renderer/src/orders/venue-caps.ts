// What each venue's order entry accepts, as its adapter declares it: the core sends the
// capabilities with every venue market (markets.list), and the markets store records them here,
// so the ticket and the ladder offer exactly what the venue takes. Until a venue is known (not
// connected yet) it offers nothing, and says so.
import { reactive } from 'vue';
import type { VenueCapabilitiesInfo } from '../../../shared/contract';
import { VENUES, type OrderType, type TimeInForce, type VenueId } from '../../../shared/domain';

export interface VenueCaps {
  orderTypes: OrderType[];
  timeInForce: TimeInForce[];
  /** Where narrower than timeInForce for market orders (Finery: IOC/FOK). */
  marketTimeInForce?: TimeInForce[];
  postOnly: boolean;
  modify: boolean;
  /** The resting default; ALOR shares have no GTC. */
  defaultTif: TimeInForce;
  /** Plain-words notes the ticket shows next to the venue. */
  notes: string[];
}

const unknown = (): VenueCaps => ({
  orderTypes: [],
  timeInForce: [],
  postOnly: false,
  modify: false,
  defaultTif: 'GTC',
  notes: ['This venue is not connected yet, so its order types are not known.'],
});

export const VENUE_CAPS: Record<VenueId, VenueCaps> = reactive(
  Object.fromEntries(VENUES.map((v) => [v, unknown()])) as Record<VenueId, VenueCaps>,
);

/** Records what a venue accepts, from the capabilities the core sent with its markets. */
export function setVenueCaps(venue: VenueId, caps: VenueCapabilitiesInfo): void {
  VENUE_CAPS[venue] = {
    orderTypes: [...caps.orderTypes],
    timeInForce: [...caps.timeInForce],
    ...(caps.marketTimeInForce ? { marketTimeInForce: [...caps.marketTimeInForce] } : {}),
    postOnly: caps.postOnly,
    modify: caps.modify,
    defaultTif:
      caps.defaultTimeInForce ?? (caps.timeInForce.includes('GTC') ? 'GTC' : (caps.timeInForce[0] ?? 'GTC')),
    notes: [...(caps.notes ?? [])],
  };
}

/** Time-in-force choices for one order type at one venue. */
export function tifChoices(venue: VenueId, type: OrderType): TimeInForce[] {
  const caps = VENUE_CAPS[venue];
  return type === 'market' && caps.marketTimeInForce ? caps.marketTimeInForce : caps.timeInForce;
}

/** Why post-only is not possible for this combination, or null when it is. */
export function postOnlyProblem(venue: VenueId, type: OrderType, tif: TimeInForce): string | null {
  if (!VENUE_CAPS[venue].postOnly) return 'this venue has no post-only orders';
  if (type !== 'limit') return 'post-only applies to limit orders only';
  if (tif !== VENUE_CAPS[venue].defaultTif) return `post-only needs ${VENUE_CAPS[venue].defaultTif}`;
  return null;
}
