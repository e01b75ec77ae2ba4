// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstrumentInfo } from '../../../shared/contract';
import { savePresets } from '../../../renderer/src/market/quantity-presets';
import OrderTicket from '../../../renderer/src/orders/OrderTicket.vue';
import { FakeApi } from '../support/fake-api';
import { BTC_PAXOS, mountWith, settle } from '../support/mount';
import { order } from '../support/orders-fixtures';
import { installVenueCaps } from '../support/venue-capabilities';

installVenueCaps();

const SBER: InstrumentInfo = {
  id: 'alor:SBER',
  label: 'SBER · ALOR',
  ref: { venue: 'alor', market: 'SBER' },
  canonical: 'SBER',
  priceDecimals: 2,
  sizeDecimals: 0,
  tickSize: '0.01',
  lotSize: '1',
  venues: ['alor'],
};

describe('OrderTicket', () => {
  let api: FakeApi;
  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi().on('markets.list', () => ({ instruments: [BTC_PAXOS, SBER] }));
  });
  afterEach(() => (document.body.innerHTML = ''));

  async function open(instrument = 'paxos:BTCUSD') {
    const { wrapper } = mountWith(OrderTicket, { instrument }, api);
    await settle();
    return wrapper;
  }

  it('keeps Send disabled while the form is invalid, with the reason beside the field and the button', async () => {
    const w = await open();
    const send = () => w.get('[data-testid="ticket-send"]').element as HTMLButtonElement;
    expect(send().disabled).toBe(true);
    expect(w.get('[data-testid="ticket-price-error"]').text()).toMatch(/Price is required/);
    expect(w.get('[data-testid="ticket-send-reason"]').text()).toMatch(/Price is required/);
    await w.get('[data-testid="ticket-price"]').setValue('100.005');
    expect(send().disabled).toBe(true);
    expect(w.get('[data-testid="ticket-send-reason"]').text()).toMatch(/more than 2 decimal places/);
    await w.get('[data-testid="ticket-price"]').setValue('100.01');
    expect(send().disabled).toBe(false);
    expect(w.find('[data-testid="ticket-send-reason"]').exists()).toBe(false);
    expect(w.find('[data-testid="ticket-price-error"]').exists()).toBe(false);
  });

  it("resets quantity and price to the new instrument's defaults when the instrument changes", async () => {
    const w = await open('alor:SBER');
    expect((w.get('[data-testid="ticket-size"]').element as HTMLInputElement).value).toBe('1');
    await w.get('[data-testid="ticket-size"]').setValue('15');
    await w.get('[data-testid="ticket-price"]').setValue('301.5');
    await w.get('[data-testid="ticket-instrument"]').setValue('paxos:BTCUSD');
    await settle();
    expect((w.get('[data-testid="ticket-size"]').element as HTMLInputElement).value).toBe('0.001');
    expect((w.get('[data-testid="ticket-price"]').element as HTMLInputElement).value).toBe('');
    expect(w.get('[data-testid="ticket-send"]').text()).not.toMatch(/15/);
  });

  it("starts from the trader's first ladder preset for the instrument when there is one", async () => {
    savePresets(localStorage, 'paxos:BTCUSD', ['0.02', '0.1']);
    const w = await open('alor:SBER');
    await w.get('[data-testid="ticket-instrument"]').setValue('paxos:BTCUSD');
    await settle();
    expect((w.get('[data-testid="ticket-size"]').element as HTMLInputElement).value).toBe('0.02');
  });

  it('follows the sent order: accepted, then working, then rejected in red with the venue reason', async () => {
    const sent = order({ status: 'pending', size: '0.5', price: '100.01' });
    api.on('orders.place', () => ({ status: 'accepted', order: sent }));
    const w = await open();
    await w.get('[data-testid="ticket-size"]').setValue('0.5');
    await w.get('[data-testid="ticket-price"]').setValue('100.01');
    await w.get('form').trigger('submit');
    await settle();
    const line = () => w.get('[data-testid="ticket-message"]');
    expect(line().text()).toMatch(/^Accepted: buy 0.5 BTCUSD at 100.01/);
    expect(line().classes()).not.toContain('error');

    api.push('orders', { working: [{ ...sent, status: 'working' }], recent: [], parents: [] });
    await settle();
    expect(line().text()).toMatch(/^Working at Paxos/);
    expect(line().classes()).toContain('ok');

    const reason = 'Paxos: insufficient funds';
    api.push('orders', { working: [], recent: [{ ...sent, status: 'rejected', reason }], parents: [] });
    await settle();
    expect(line().text()).toMatch(/^Rejected by Paxos: buy 0.5 BTCUSD at 100.01: insufficient funds/);
    expect(line().classes()).toContain('error');
    expect(line().classes()).not.toContain('ok');
  });

  it('shows a fill in green with its average price', async () => {
    const sent = order({ status: 'pending', size: '0.5', price: '100.01' });
    api.on('orders.place', () => ({ status: 'accepted', order: sent }));
    const w = await open();
    await w.get('[data-testid="ticket-size"]').setValue('0.5');
    await w.get('[data-testid="ticket-price"]').setValue('100.01');
    await w.get('form').trigger('submit');
    await settle();
    api.push('orders', {
      working: [],
      recent: [{ ...sent, status: 'filled', filled: '0.5', averagePrice: '100' }],
      parents: [],
    });
    await settle();
    const line = w.get('[data-testid="ticket-message"]');
    expect(line.text()).toMatch(/^Filled at Paxos: buy 0.5 BTCUSD at 100.01, average 100/);
    expect(line.classes()).toContain('ok');
  });
});
