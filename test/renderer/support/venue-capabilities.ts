// The capabilities each adapter declares (electron/venues/<venue>/adapter), as the core sends them
// with markets.list; renderer tests install them the way the markets store does.
import type { VenueCapabilitiesInfo } from '../../../shared/contract';
import type { VenueId } from '../../../shared/domain';
import { setVenueCaps } from '../../../renderer/src/orders/venue-caps';

export const CAPABILITIES: Record<VenueId, VenueCapabilitiesInfo> = {
  paxos: {
    orderTypes: ['limit', 'market', 'stop', 'stopLimit'],
    timeInForce: ['GTC', 'IOC', 'FOK'],
    postOnly: true,
    modify: false,
    cancelsOnDisconnect: false,
    defaultTimeInForce: 'GTC',
    notes: [
      'Market orders and stops are sells only at Paxos.',
      'Paxos has no modify: a move cancels the order, then places what is left at the new terms.',
    ],
  },
  finery: {
    orderTypes: ['market', 'limit'],
    timeInForce: ['GTC', 'IOC', 'FOK'],
    postOnly: true,
    modify: true,
    cancelsOnDisconnect: true,
    defaultTimeInForce: 'GTC',
    marketTimeInForce: ['IOC', 'FOK'],
    notes: ['Finery market orders are IOC or FOK; post-only needs GTC.'],
  },
  alor: {
    orderTypes: ['market', 'limit', 'stop', 'stopLimit'],
    timeInForce: ['DAY', 'IOC', 'FOK'],
    postOnly: true,
    modify: true,
    cancelsOnDisconnect: false,
    defaultTimeInForce: 'DAY',
    notes: ['MOEX shares trade DAY, IOC or FOK (no GTC); post-only needs a DAY limit.'],
  },
};

export function installVenueCaps(): void {
  for (const [venue, caps] of Object.entries(CAPABILITIES)) setVenueCaps(venue as VenueId, caps);
}
