// Paxos REST v2 marks every Order field optional (paxos.md §11.2): a reply without amount_filled,
// volume_weighted_average_price or created_at is still an order we can read, never "unreadable".
import { describe, expect, it } from 'vitest';
import { orderUpdate } from '../../../../electron/venues/paxos/adapter/map';
import { orderSchema } from '../../../../electron/venues/paxos/wire/paxos-wire';

const bare = {
  id: '5f1c6b1e-0000-4000-8000-000000000001',
  ref_id: 'cb-1',
  status: 'OPEN',
  side: 'BUY',
  market: 'BTCUSD',
  type: 'LIMIT',
  base_amount: '0.5',
  price: '60000.25',
};

describe('Paxos orders with optional fields missing', () => {
  it('parses an order without amount_filled, volume_weighted_average_price, created_at or modified_at', () => {
    const r = orderSchema.safeParse(bare);
    expect(r.success).toBe(true);
    const u = orderUpdate(r.data!);
    expect(u).toMatchObject({ status: 'working', filled: '0', size: '0.5', idempotencyKey: 'cb-1' });
    expect(u.averagePrice).toBeUndefined();
    expect(u.at).toBeGreaterThan(0);
  });

  it('takes the fill from the executions when the reply leaves amount_filled out', () => {
    const u = orderUpdate(orderSchema.parse(bare), undefined, '0.2');
    expect(u).toMatchObject({ status: 'partially_filled', filled: '0.2' });
  });

  it('reads a FILLED order without amount_filled as filled in full', () => {
    const u = orderUpdate(orderSchema.parse({ ...bare, status: 'FILLED' }));
    expect(u).toMatchObject({ status: 'filled', filled: '0.5' });
  });
});
