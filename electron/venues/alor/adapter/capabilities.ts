// What ALOR order entry accepts on MOEX (alor.md §6); the ticket and the order manager read these.
import type { VenueCapabilities } from '../../common/adapter';

export const alorCapabilities: VenueCapabilities = {
  orderTypes: ['market', 'limit', 'stop', 'stopLimit'],
  timeInForce: ['DAY', 'IOC', 'FOK'],
  postOnly: true,
  modify: true,
  cancelAll: true,
  cancelsOnDisconnect: false,
  defaultTimeInForce: 'DAY',
  notes: [
    'MOEX shares trade DAY, IOC or FOK (no GTC); post-only needs a DAY limit.',
    'Quantities are in lots.',
  ],
};
