// What Paxos order entry accepts (paxos.md §11); the ticket and the order manager read these.
import type { VenueCapabilities } from '../../common/adapter';

export const paxosCapabilities: VenueCapabilities = {
  // Market orders: sells only (buys are quote-sized at Paxos); stops: sells only (§11.1).
  orderTypes: ['limit', 'market', 'stop', 'stopLimit'],
  timeInForce: ['GTC', 'IOC', 'FOK'],
  postOnly: true,
  modify: false,
  cancelAll: true,
  cancelsOnDisconnect: false,
  defaultTimeInForce: 'GTC',
  notes: [
    'Market orders and stops are sells only at Paxos.',
    'Paxos has no modify: a move cancels the order, then places what is left at the new terms.',
  ],
};
