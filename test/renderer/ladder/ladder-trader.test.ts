// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LadderFrame } from '../../../shared/ladder-frame';
import type { OrderView } from '../../../shared/contract';
import type { Confirm } from '../../../renderer/src/common/confirm';
import { LadderTrader, type LadderTarget } from '../../../renderer/src/ladder/ladder-trader';
import { FakeApi } from '../support/fake-api';
import { makeFrame } from '../support/frames';
import { order } from '../support/orders-fixtures';
import { installVenueCaps } from '../support/venue-capabilities';

// As the markets store does when the core's markets.list arrives.
installVenueCaps();

const paxos: LadderTarget = {
  venue: 'paxos',
  market: 'BTCUSD',
  canonical: 'BTC-USD',
  consolidated: false,
  venues: [{ venue: 'paxos', market: 'BTCUSD' }],
  lotSize: '0.001',
  sizeDecimals: 3,
};

describe('LadderTrader', () => {
  let api: FakeApi;
  let armed: boolean;
  let frame: LadderFrame;
  let working: OrderView[];
  let target: LadderTarget;
  let messages: { text: string | null; kind?: string }[];
  let confirm: ReturnType<typeof vi.fn<Confirm>>;
  let trader: LadderTrader;

  beforeEach(() => {
    api = new FakeApi();
    armed = false;
    // rows 100.19 … 100.00
    frame = makeFrame({ rows: 20, top: 10_019, bestBid: 10_009, bestAsk: 10_010 });
    working = [];
    target = paxos;
    messages = [];
    confirm = vi.fn<Confirm>(async () => true);
    api.on('orders.place', (p) => ({ status: 'accepted', order: order({ side: p.side, price: p.price }) }));
    trader = new LadderTrader({
      api,
      armed: () => armed,
      target: () => target,
      quantity: () => '0.5',
      frame: () => frame,
      working: () => working,
      confirm,
      report: (text, kind) => messages.push({ text, kind }),
    });
  });

  it('sends nothing while disarmed and says how to arm', async () => {
    await trader.act({ kind: 'place', side: 'buy', price: 10_016 });
    await trader.atBest('sell');
    expect(api.callsTo('orders.place')).toHaveLength(0);
    expect(messages.at(-1)).toMatchObject({ kind: 'error' });
    expect(messages.at(-1)!.text).toMatch(/disarmed/);
  });

  it('clicking the bid column while armed places a one-click buy limit at the row price', async () => {
    armed = true;
    await trader.act({ kind: 'place', side: 'buy', price: 10_016 });
    expect(api.callsTo('orders.place')).toEqual([
      {
        venue: 'paxos',
        market: 'BTCUSD',
        side: 'buy',
        type: 'limit',
        size: '0.5',
        price: '100.16',
        timeInForce: 'GTC',
        oneClick: true,
      },
    ]);
  });

  it('uses the venue resting default (DAY on ALOR)', async () => {
    armed = true;
    target = { ...paxos, venue: 'alor', market: 'SBER', lotSize: '1', sizeDecimals: 0 };
    trader = new LadderTrader({
      api,
      armed: () => true,
      target: () => target,
      quantity: () => '10',
      frame: () => frame,
      working: () => [],
      confirm,
      report: () => {},
    });
    await trader.place('sell', 10_000);
    expect(api.callsTo('orders.place')[0]).toMatchObject({ timeInForce: 'DAY', price: '100', side: 'sell' });
  });

  it('refuses a quantity off the lot grid without sending', async () => {
    armed = true;
    trader = new LadderTrader({
      api,
      armed: () => true,
      target: () => target,
      quantity: () => '0.0005',
      frame: () => frame,
      working: () => [],
      confirm,
      report: (text, kind) => messages.push({ text, kind }),
    });
    await trader.place('buy', 10_000);
    expect(api.callsTo('orders.place')).toHaveLength(0);
    expect(messages.at(-1)!.text).toMatch(/Quantity/);
  });

  it('buy at best lifts the best ask; sell at best hits the best bid', async () => {
    armed = true;
    await trader.atBest('buy');
    await trader.atBest('sell');
    expect(api.callsTo('orders.place').map((p) => [p.side, p.price])).toEqual([
      ['buy', '100.1'],
      ['sell', '100.09'],
    ]);
  });

  it('asks for confirmation on a soft-limit warning and resends with confirm: true', async () => {
    armed = true;
    let first = true;
    api.on('orders.place', (p) => {
      if (first) {
        first = false;
        return { status: 'needs_confirmation', warnings: ['above the soft size limit'] };
      }
      return { status: 'accepted', order: order({ price: p.price }) };
    });
    await trader.place('buy', 10_001);
    expect(confirm).toHaveBeenCalledWith(expect.any(String), ['above the soft size limit']);
    const calls = api.callsTo('orders.place');
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ confirm: true, price: '100.01' });
  });

  it('does not resend when the trader declines the warning', async () => {
    armed = true;
    confirm.mockResolvedValue(false);
    api.on('orders.place', () => ({ status: 'needs_confirmation', warnings: ['w'] }));
    await trader.place('buy', 10_001);
    expect(api.callsTo('orders.place')).toHaveLength(1);
  });

  it('shows an invoke error in plain words', async () => {
    armed = true;
    api.on('orders.place', () => {
      throw new (class extends Error {})('price outside the band');
    });
    await trader.place('buy', 10_001);
    expect(messages.at(-1)).toEqual({ text: 'Order: price outside the band', kind: 'error' });
  });

  it('cancels our orders at a clicked row (even when disarmed), and only those', async () => {
    working = [
      order({ side: 'sell', price: '100.14' }),
      order({ side: 'sell', price: '100.13' }),
      order({ side: 'sell', price: '100.14', market: 'ETHUSD' }),
    ];
    api.on('orders.cancel', () => ({ order: working[0]! }));
    await trader.act({ kind: 'cancel', side: 'sell', price: 10_014, row: 5 });
    expect(api.callsTo('orders.cancel')).toEqual([{ clientOrderId: working[0]!.clientOrderId }]);
  });

  it('drag-to-modify sends orders.modify with the drop row price as a decimal string', async () => {
    armed = true;
    working = [order({ side: 'buy', price: '100.05' })]; // row 14
    api.on('orders.modify', () => ({ order: working[0]! }));
    await trader.moveOrders('buy', 10_005, 10_007);
    expect(api.callsTo('orders.modify')).toEqual([
      { clientOrderId: working[0]!.clientOrderId, price: '100.07' },
    ]);
  });

  it('cancel-all on a consolidated ladder covers every venue leg', async () => {
    target = {
      ...paxos,
      consolidated: true,
      venues: [
        { venue: 'paxos', market: 'BTCUSD' },
        { venue: 'finery', market: 'BTC-USD' },
      ],
    };
    api.on('orders.cancelAll', () => ({ cancelled: [{ venue: 'paxos', venueOrderId: 'v1' }], failed: [] }));
    await trader.cancelAll();
    expect(api.callsTo('orders.cancelAll')).toEqual([
      { venue: 'paxos', market: 'BTCUSD' },
      { venue: 'finery', market: 'BTC-USD' },
    ]);
    expect(messages.at(-1)!.text).toMatch(/Cancelled 2/);
  });
});
