// ALOR points issue 16 settles: a 200 on delete only accepts the command (the orders stream says
// when the order is cancelled), and each symbol is subscribed on its own board.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { createLogger } from '../../../../electron/base/log';
import type { VenueOrderUpdate } from '../../../../electron/venues/common/adapter';
import type { AlorAdapterConfig } from '../../../../electron/venues/alor/adapter/options';
import { Trading, type TradingDeps } from '../../../../electron/venues/alor/adapter/trading';
import { DataFeed } from '../../../../electron/venues/alor/adapter/ws';

const WORKING: VenueOrderUpdate = {
  venue: 'alor',
  market: 'SBER',
  venueOrderId: '18995978560',
  side: 'buy',
  type: 'limit',
  price: '271.15',
  size: '1',
  filled: '0',
  status: 'working',
  at: 1,
};

function trading(state: { order: VenueOrderUpdate }) {
  const sent: Record<string, unknown>[] = [];
  const deps = {
    cfg: { cancelConfirmMs: 150, exchange: 'MOEX', portfolio: 'D1' } as AlorAdapterConfig,
    ctx: { exchange: 'MOEX', portfolio: 'D1', stopLifetimeSeconds: 86_400, now: Date.now },
    desk: {
      command: async (body: Record<string, unknown>) => {
        sent.push(body);
        return {
          requestGuid: String(body.guid),
          httpCode: 200,
          message: 'ok',
          orderNumber: WORKING.venueOrderId,
        };
      },
    },
    http: {},
    portfolio: { get: () => state.order },
    grids: new Map(),
    blocked: () => undefined,
  } as unknown as TradingDeps;
  return { t: new Trading(deps), sent };
}

const cancel = {
  clientOrderId: 'c1',
  venueOrderId: WORKING.venueOrderId,
  idempotencyKey: 'g-1',
  market: 'SBER',
};

describe('ALOR cancel', () => {
  it('is not cancelled on the 200 alone: the order stays as the orders stream reports it', async () => {
    const state = { order: WORKING };
    const { t, sent } = trading(state);
    const r = await t.cancelOrder(cancel);
    expect(sent[0]).toMatchObject({ opcode: 'delete:limit', orderId: WORKING.venueOrderId });
    expect(r.status).toBe('working');
  });

  it('is cancelled once the orders stream says canceled', async () => {
    const state = { order: WORKING };
    const { t } = trading(state);
    setTimeout(() => (state.order = { ...WORKING, status: 'cancelled', at: 2 }), 30);
    const r = await t.cancelOrder(cancel);
    expect(r.status).toBe('cancelled');
  });
});

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  sent: Record<string, unknown>[] = [];
  send(text: string): void {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }
}

describe('ALOR subscriptions', () => {
  it('subscribe each symbol with its own board, the configured one only for unknown symbols', async () => {
    const boards: Record<string, string> = { SiH6: 'RFUD', SBER: 'TQBR' };
    const feed = new DataFeed({
      log: createLogger('test'),
      sink: { frame() {}, bindStream() {}, unbindStream() {}, resetBook() {}, trade() {} },
      exchange: 'MOEX',
      board: 'TQBR',
      boardOf: (m) => boards[m],
      portfolio: 'D1',
      depth: 5,
      frequencyMs: 25,
      tradesHistory: 0,
      staleAfterMs: 60_000,
      token: async () => 'tok',
      changed() {},
      refused() {},
      count() {},
      order() {},
      stop() {},
      fill() {},
      position() {},
    });
    const ws = new FakeSocket();
    feed.attach(ws as unknown as WebSocket);
    await feed.subscribe({ key: 'book:SiH6', kind: 'book', market: 'SiH6' });
    await feed.subscribe({ key: 'trades:SiH6', kind: 'trades', market: 'SiH6' });
    await feed.subscribe({ key: 'book:GAZP', kind: 'book', market: 'GAZP' });
    expect(ws.sent.map((m) => [m.code, m.instrumentGroup])).toEqual([
      ['SiH6', 'RFUD'],
      ['SiH6', 'RFUD'],
      ['GAZP', 'TQBR'],
    ]);
    feed.detach();
  });
});
