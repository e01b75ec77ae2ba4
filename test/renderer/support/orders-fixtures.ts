import type { OrderView } from '../../../shared/contract';

let n = 0;
export function order(over: Partial<OrderView> = {}): OrderView {
  n++;
  return {
    clientOrderId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    venue: 'paxos',
    market: 'BTCUSD',
    canonical: 'BTC-USD',
    side: 'buy',
    type: 'limit',
    timeInForce: 'GTC',
    size: '1',
    price: '100.05',
    filled: '0',
    status: 'working',
    oneClick: true,
    adopted: false,
    createdAt: 1,
    updatedAt: 1,
    ...over,
  };
}
