// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstrumentInfo } from '../../../shared/contract';
import TicketWindow from '../../../renderer/src/windows/TicketWindow.vue';
import { FakeApi } from '../support/fake-api';
import { BTC_PAXOS, mountWindow, settle } from '../support/mount';
import { order } from '../support/orders-fixtures';
import { installVenueCaps } from '../support/venue-capabilities';

// As the markets store does when the core's markets.list arrives.
installVenueCaps();

const CONSOLIDATED: InstrumentInfo = {
  ...BTC_PAXOS,
  id: 'BTC-USD',
  label: 'BTC-USD',
  ref: { canonical: 'BTC-USD' },
  venues: ['paxos', 'finery'],
};
const FINERY: InstrumentInfo = {
  ...BTC_PAXOS,
  id: 'finery:BTC-USD',
  ref: { venue: 'finery', market: 'BTC-USD' },
  venues: ['finery'],
};

describe('TicketWindow', () => {
  let api: FakeApi;
  beforeEach(() => {
    sessionStorage.clear();
    api = new FakeApi().on('markets.list', () => ({ instruments: [BTC_PAXOS, FINERY, CONSOLIDATED] }));
  });
  afterEach(() => (document.body.innerHTML = ''));

  it('shows grid errors in plain words and sends nothing until they are fixed', async () => {
    api.on('orders.place', (p) => ({ status: 'accepted', order: order({ price: p.price, size: p.size }) }));
    const { wrapper } = mountWindow(TicketWindow, { instrument: 'paxos:BTCUSD' }, api);
    await settle();
    await wrapper.get('[data-testid="ticket-size"]').setValue('0.0005');
    await wrapper.get('[data-testid="ticket-price"]').setValue('100.005');
    await wrapper.get('[data-testid="ticket-send"]').trigger('submit');
    await settle();
    expect(wrapper.get('[data-testid="ticket-size-error"]').text()).toMatch(/more than 3 decimal places/);
    expect(wrapper.get('[data-testid="ticket-price-error"]').text()).toMatch(/more than 2 decimal places/);
    expect(api.callsTo('orders.place')).toHaveLength(0);
    await wrapper.get('[data-testid="ticket-size"]').setValue('0.5');
    await wrapper.get('[data-testid="ticket-price"]').setValue('100.01');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(api.callsTo('orders.place')).toEqual([
      {
        venue: 'paxos',
        market: 'BTCUSD',
        side: 'buy',
        type: 'limit',
        size: '0.5',
        price: '100.01',
        timeInForce: 'GTC',
      },
    ]);
  });

  it('offers only the order types the venue takes', async () => {
    const { wrapper } = mountWindow(TicketWindow, { instrument: 'finery:BTC-USD' }, api);
    await settle();
    const types = wrapper
      .get('[data-testid="ticket-type"]')
      .findAll('option')
      .map((o) => o.element.value);
    expect(types).toEqual(['market', 'limit']);
  });

  it('confirms a soft-limit warning before resending', async () => {
    let n = 0;
    api.on('orders.place', (p) =>
      n++ === 0
        ? { status: 'needs_confirmation', warnings: ['size above soft limit 1'] }
        : { status: 'accepted', order: order({ size: p.size }) },
    );
    const { wrapper } = mountWindow(TicketWindow, { instrument: 'paxos:BTCUSD' }, api);
    await settle();
    await wrapper.get('[data-testid="ticket-size"]').setValue('2');
    await wrapper.get('[data-testid="ticket-price"]').setValue('100');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('[data-testid="confirm-dialog"]').text()).toMatch(/size above soft limit 1/);
    await wrapper.get('[data-testid="confirm-ok"]').trigger('click');
    await settle();
    expect(api.callsTo('orders.place').map((p) => p.confirm)).toEqual([undefined, true]);
  });

  it('previews SOR routing on a consolidated instrument, then sends through sor.send', async () => {
    const preview = {
      canonical: 'BTC-USD',
      side: 'buy' as const,
      requested: '1',
      fillable: '1',
      shortfall: '0',
      averagePrice: '100.02',
      worstPrice: '100.05',
      legs: [
        { venue: 'paxos' as const, market: 'BTCUSD', size: '0.6', averagePrice: '100', worstPrice: '100.01' },
        {
          venue: 'finery' as const,
          market: 'BTC-USD',
          size: '0.4',
          averagePrice: '100.05',
          worstPrice: '100.05',
        },
      ],
    };
    api.on('sor.preview', () => preview);
    api.on('sor.send', () => ({
      status: 'accepted',
      parent: {
        parentId: 'p',
        canonical: 'BTC-USD',
        side: 'buy',
        size: '1',
        filled: '0',
        status: 'working',
        done: false,
        children: [],
        createdAt: 1,
      },
      preview,
      children: [order(), order({ venue: 'finery' })],
      refused: [],
    }));
    const { wrapper } = mountWindow(TicketWindow, { instrument: 'BTC-USD' }, api);
    await settle();
    expect((wrapper.get('[data-testid="ticket-route"]').element as HTMLSelectElement).value).toBe('sor');
    await wrapper.get('[data-testid="ticket-size"]').setValue('1');
    await wrapper.get('[data-testid="ticket-price"]').setValue('100.05');
    await wrapper.get('[data-testid="ticket-preview"]').trigger('click');
    await settle();
    const shown = wrapper.get('[data-testid="sor-preview"]').text();
    expect(shown).toMatch(/average 100.02/);
    expect(shown).toMatch(/worst 100.05/);
    expect(api.callsTo('sor.preview')).toEqual([
      { canonical: 'BTC-USD', side: 'buy', size: '1', limitPrice: '100.05' },
    ]);
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(api.callsTo('sor.send')).toEqual([
      { canonical: 'BTC-USD', side: 'buy', size: '1', limitPrice: '100.05', timeInForce: 'IOC' },
    ]);
    expect(wrapper.get('[data-testid="ticket-message"]').text()).toMatch(/Routed 2 child/);
  });
});
