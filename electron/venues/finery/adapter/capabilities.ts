// What Finery order entry accepts (finery-markets.md §7); the ticket and the order manager read these.
import type { VenueCapabilities } from '../../common/adapter';

/** `cod`: the session asks Finery to cancel our working orders when it drops. */
export function fineryCapabilities(cod: boolean): VenueCapabilities {
  return {
    orderTypes: ['market', 'limit'],
    timeInForce: ['GTC', 'IOC', 'FOK'],
    postOnly: true,
    modify: true,
    cancelAll: true,
    cancelsOnDisconnect: cod,
    defaultTimeInForce: 'GTC',
    marketTimeInForce: ['IOC', 'FOK'],
    notes: [
      'Finery market orders are IOC or FOK; post-only needs GTC.',
      ...(cod ? ['Working orders are cancelled by Finery if the connection drops.'] : []),
    ],
  };
}
