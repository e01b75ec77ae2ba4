// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { InstrumentInfo, ParentView } from '../../../shared/contract';
import { parentStatusLine } from '../../../renderer/src/orders/parent-status';
import RoutedOrdersPanel from '../../../renderer/src/orders/RoutedOrdersPanel.vue';
import { useOrdersStore } from '../../../renderer/src/orders/orders-store';
import OrderTicket from '../../../renderer/src/orders/OrderTicket.vue';
import { FakeApi } from '../support/fake-api';
import { BTC_PAXOS, mountWith, settle } from '../support/mount';
import { installVenueCaps } from '../support/venue-capabilities';

// As the markets store does when the core's markets.list arrives.
installVenueCaps();

const parent = (over: Partial<ParentView> = {}): ParentView => ({
  parentId: 'p1',
  canonical: 'BTC-USD',
  side: 'buy',
  size: '1',
  filled: '0.6',
  status: 'partially_filled',
  done: false,
  children: ['c1', 'c2'],
  legs: [
    { clientOrderId: 'c1', venue: 'paxos', market: 'BTCUSD', size: '0.6', filled: '0.6', status: 'filled' },
    {
      clientOrderId: 'c2',
      venue: 'finery',
      market: 'BTC-USD',
      size: '0.4',
      filled: '0',
      status: 'rejected',
      reason: 'Finery Markets: insufficient balance',
    },
  ],
  createdAt: 1,
  ...over,
});

describe('parentStatusLine', () => {
  it('names the child that failed and why, in red', () => {
    const line = parentStatusLine(parent());
    expect(line.kind).toBe('error');
    expect(line.text).toBe(
      'Routed 2 child order(s) — partially filled: buy 1 BTC-USD, 0.6 filled. Failed: Finery Markets BTC-USD 0.4 rejected: insufficient balance.',
    );
  });

  it('reads a clean fill as done and a refused leg as a failure', () => {
    const filled = parent({ status: 'filled', filled: '1', legs: [parent().legs![0]!] });
    expect(parentStatusLine(filled)).toEqual({
      text: 'Routed 1 child order(s) — filled: buy 1 BTC-USD.',
      kind: 'ok',
    });
    const refused = parentStatusLine(filled, [
      { venue: 'alor', market: 'X', reason: 'over the hard size limit' },
    ]);
    expect(refused.kind).toBe('error');
    expect(refused.text).toContain('ALOR X refused: over the hard size limit');
  });

  it('says so when a rejected parent gives no reason', () => {
    const p = parent({ status: 'rejected', filled: '0', legs: [] });
    expect(parentStatusLine(p, [], 2)).toEqual({
      text: 'Routed 2 child order(s) — rejected: buy 1 BTC-USD. No reason given.',
      kind: 'error',
    });
  });
});

describe('RoutedOrdersPanel', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('lists each child with venue, size, status and reason; finished parents only on request', async () => {
    const { wrapper } = mountWith(RoutedOrdersPanel, { showFinished: false });
    const orders = useOrdersStore();
    orders.parents = [parent(), parent({ parentId: 'p2', status: 'filled', done: true })];
    await settle();
    const rows = wrapper.findAll('[data-testid="routed-row"]');
    expect(rows).toHaveLength(1);
    const legs = rows[0]!
      .findAll('[data-testid="parent-leg"]')
      .map((r) => r.findAll('td').map((td) => td.text()));
    expect(legs).toEqual([
      ['Paxos', 'BTCUSD', '0.6', '0.6', 'filled', ''],
      ['Finery Markets', 'BTC-USD', '0.4', '0', 'rejected', 'Finery Markets: insufficient balance'],
    ]);
    await wrapper.setProps({ showFinished: true });
    expect(wrapper.findAll('[data-testid="routed-row"]')).toHaveLength(2);
  });
});

describe('the ticket after a routed order', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('says in red which child failed and why, and shows the children', async () => {
    const consolidated: InstrumentInfo = {
      ...BTC_PAXOS,
      id: 'BTC-USD',
      label: 'BTC-USD',
      ref: { canonical: 'BTC-USD' },
      venues: ['paxos', 'finery'],
    };
    const preview = {
      canonical: 'BTC-USD',
      side: 'buy' as const,
      requested: '1',
      fillable: '1',
      shortfall: '0',
      legs: [],
    };
    const api = new FakeApi()
      .on('markets.list', () => ({ instruments: [BTC_PAXOS, consolidated] }))
      .on('sor.send', () => ({
        status: 'accepted',
        parent: parent({ status: 'working', filled: '0' }),
        preview,
        children: [],
        refused: [],
      }));
    const { wrapper } = mountWith(OrderTicket, { instrument: 'BTC-USD' }, api);
    await settle();
    await wrapper.get('[data-testid="ticket-size"]').setValue('1');
    await wrapper.get('[data-testid="ticket-price"]').setValue('100.05');
    await wrapper.get('form').trigger('submit');
    await settle();
    const status = wrapper.get('[data-testid="ticket-message"]');
    expect(status.classes()).toContain('error');
    expect(status.text()).toContain('Failed: Finery Markets BTC-USD 0.4 rejected: insufficient balance');
    expect(wrapper.findAll('[data-testid="ticket-routed"] [data-testid="parent-leg"]')).toHaveLength(2);
    // The orders stream moves the parent on: the ticket follows it.
    useOrdersStore().parents = [parent({ status: 'cancelled', done: true })];
    await settle();
    expect(wrapper.get('[data-testid="ticket-message"]').text()).toMatch(
      /— cancelled: buy 1 BTC-USD, 0.6 filled/,
    );
  });
});
