// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import WorkingOrdersPanel from '../../../renderer/src/orders/WorkingOrdersPanel.vue';
import { FakeApi } from '../support/fake-api';
import { BTC_PAXOS, mountWith, settle } from '../support/mount';
import { order } from '../support/orders-fixtures';

describe('WorkingOrdersPanel', () => {
  afterEach(() => (document.body.innerHTML = ''));

  function setup() {
    const api = new FakeApi()
      .on('risk.kill', () => ({
        cancelled: [{ venue: 'paxos', venueOrderId: 'v1', clientOrderId: 'c1' }],
        failed: [{ venue: 'alor', clientOrderId: 'c2', reason: 'venue not connected' }],
        state: { armed: false, killed: true },
        at: 1,
      }))
      .on('orders.cancelAll', () => ({ cancelled: [], failed: [] }))
      .on('orders.cancel', () => ({ order: order() }));
    const m = mountWith(WorkingOrdersPanel, {}, api);
    return { ...m, api };
  }

  it('asks before pulling the kill switch and reports what was and was not cancelled', async () => {
    const { wrapper, api } = setup();
    await wrapper.get('[data-testid="kill-switch"]').trigger('click');
    await settle();
    expect(api.callsTo('risk.kill')).toHaveLength(0);
    await wrapper.get('[data-testid="confirm-ok"]').trigger('click');
    await settle();
    expect(api.callsTo('risk.kill')).toHaveLength(1);
    const report = wrapper.get('[data-testid="cancel-report"]').text();
    expect(report).toMatch(/cancelled 1/);
    expect(report).toMatch(/1 could not be cancelled/);
    expect(report).toMatch(/ALOR c2: venue not connected/);
  });

  it('does nothing when the kill switch confirmation is cancelled', async () => {
    const { wrapper, api } = setup();
    await wrapper.get('[data-testid="kill-switch"]').trigger('click');
    await settle();
    await wrapper.get('[data-testid="confirm-cancel"]').trigger('click');
    await settle();
    expect(api.callsTo('risk.kill')).toHaveLength(0);
    expect(wrapper.find('[data-testid="confirm-dialog"]').exists()).toBe(false);
  });

  it('cancels one order from its row action', async () => {
    const { wrapper, api } = setup();
    const o = order({ side: 'sell', price: '101' });
    api.push('orders', { working: [o], recent: [], parents: [] });
    await settle();
    await (wrapper.vm as unknown as { cancelOne: (o: unknown) => Promise<void> }).cancelOne(o);
    expect(api.callsTo('orders.cancel')).toEqual([{ clientOrderId: o.clientOrderId }]);
    expect(wrapper.get('[data-testid="orders-message"]').text()).toMatch(/Cancel sent/);
  });

  it('modifies a price edited in the grid, after checking it on the tick grid', async () => {
    const { wrapper, api } = setup();
    api
      .on('markets.list', () => ({ instruments: [BTC_PAXOS] }))
      .on('orders.modify', () => ({ order: order() }));
    const { useMarketsStore } = await import('../../../renderer/src/market/markets-store');
    await useMarketsStore().load(api);
    const o = order({ price: '100' });
    const vm = wrapper.vm as unknown as { modify: (e: unknown) => Promise<void> };
    await vm.modify({ data: o, colDef: { field: 'price' }, newValue: '100.005' });
    await settle();
    expect(api.callsTo('orders.modify')).toHaveLength(0);
    expect(wrapper.get('[data-testid="orders-message"]').text()).toMatch(/more than 2 decimal places/);
    await vm.modify({ data: o, colDef: { field: 'price' }, newValue: '100.5' });
    expect(api.callsTo('orders.modify')).toEqual([{ clientOrderId: o.clientOrderId, price: '100.5' }]);
  });
});
