// Our orders and generated flow interleaved at random: the book must stay sound and the change
// stream must describe it exactly, our liquidity included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createMarketGenerator,
  type LevelChange,
  type SimMarketSpec,
  type SimOrderState,
} from '../../../electron/venues/simkit';

const SPEC: SimMarketSpec = {
  symbol: 'ETHUSD',
  priceDecimals: 2,
  sizeDecimals: 4,
  tickSize: 5,
  lotSize: 100,
  initialMid: 300_000,
  depth: 15,
  typicalLevelSize: 20_000,
};

const action = fc.oneof(
  fc.record({ kind: fc.constant('step' as const), n: fc.integer({ min: 1, max: 400 }) }),
  fc.record({
    kind: fc.constant('place' as const),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    type: fc.constantFrom('limit' as const, 'limit' as const, 'market' as const),
    offsetTicks: fc.integer({ min: -20, max: 20 }),
    lots: fc.integer({ min: 1, max: 400 }),
    tif: fc.constantFrom('GTC' as const, 'GTC' as const, 'IOC' as const, 'FOK' as const),
    postOnly: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('modify' as const),
    pick: fc.nat(),
    offsetTicks: fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 3 })),
    lots: fc.integer({ min: 1, max: 400 }),
  }),
);

describe('our orders mixed with generated flow', () => {
  it('keeps the book sound, reports our liquidity in the change stream and conserves fills', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.array(action, { minLength: 1, maxLength: 60 }),
        (seed, actions) => {
          const g = createMarketGenerator([SPEC], { seed, levelUpdatesPerSecond: 0, clock: () => 7n });
          const m = g.markets.get('ETHUSD')!;
          const book = { bid: new Map<number, number>(), ask: new Map<number, number>() };
          for (const l of m.snapshot(1e9).bids) book.bid.set(l.price, l.size);
          for (const l of m.snapshot(1e9).asks) book.ask.set(l.price, l.size);
          m.onChanges((cs: LevelChange[]) => {
            for (const c of cs) {
              if (c.size === 0) book[c.side].delete(c.price);
              else book[c.side].set(c.price, c.size);
            }
          });
          const filledByEvents = new Map<string, number>();
          m.onOrderEvent((e) => {
            if (e.kind === 'fill')
              filledByEvents.set(e.fill.orderId, (filledByEvents.get(e.fill.orderId) ?? 0) + e.fill.size);
          });
          const placed: string[] = [];
          let next = 0;
          for (const a of actions) {
            const top = m.top();
            const ref = top.bid?.price ?? top.ask?.price ?? SPEC.initialMid;
            if (a.kind === 'step') g.step(a.n);
            else if (a.kind === 'place') {
              const id = `o${next++}`;
              const res = m.place({
                orderId: id,
                owner: 'me',
                side: a.side,
                type: a.type,
                price: ref + a.offsetTicks * SPEC.tickSize,
                size: a.lots * SPEC.lotSize,
                timeInForce: a.tif,
                postOnly: a.postOnly,
              });
              placed.push(id);
              filledByEvents.set(
                id,
                res.fills.reduce((s, f) => s + f.size, 0),
              );
            } else if (placed.length > 0) {
              const id = placed[a.pick % placed.length]!;
              if (a.kind === 'cancel') m.cancel(id);
              else {
                const res = m.modify(id, {
                  price: (m.order(id)?.price ?? ref) + a.offsetTicks * SPEC.tickSize,
                  size: a.lots * SPEC.lotSize,
                });
                if ('fills' in res)
                  filledByEvents.set(
                    id,
                    (filledByEvents.get(id) ?? 0) + res.fills.reduce((s, f) => s + f.size, 0),
                  );
              }
            }
            const snap = m.snapshot(1e9);
            if (snap.bids[0] && snap.asks[0]) expect(snap.bids[0].price).toBeLessThan(snap.asks[0].price);
            expect([...book.bid].sort((x, y) => y[0] - x[0])).toEqual(
              snap.bids.map((l) => [l.price, l.size]),
            );
            expect([...book.ask].sort((x, y) => x[0] - y[0])).toEqual(
              snap.asks.map((l) => [l.price, l.size]),
            );
            // Every open order of ours is inside the size shown at its price.
            const ours = new Map<string, number>();
            for (const o of m.orders()) {
              const key = `${o.side}:${o.price}`;
              ours.set(key, (ours.get(key) ?? 0) + o.size - o.filled);
              expect(['open', 'partially_filled']).toContain(o.status);
            }
            for (const [key, size] of ours) {
              const [side, price] = key.split(':');
              expect(book[side === 'buy' ? 'bid' : 'ask'].get(Number(price))).toBeGreaterThanOrEqual(size);
            }
          }
          for (const id of placed) {
            const o = m.order(id) as SimOrderState;
            expect(o.filled).toBe(filledByEvents.get(id) ?? 0);
            expect(o.filled).toBeLessThanOrEqual(o.size);
            if (o.filled > 0) expect(o.averagePrice).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
