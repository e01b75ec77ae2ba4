import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MarketFlow } from '../../../electron/venues/simkit/flow';
import { SimMarketImpl } from '../../../electron/venues/simkit/market';
import { Prng } from '../../../electron/venues/simkit/prng';
import {
  autoTickMs,
  createMarketGenerator,
  type BookSnapshot,
  type LevelChange,
  type SimMarket,
  type SimMarketSpec,
} from '../../../electron/venues/simkit';

const BTC: SimMarketSpec = {
  symbol: 'BTCUSD',
  priceDecimals: 2,
  sizeDecimals: 8,
  tickSize: 1,
  lotSize: 1000,
  initialMid: 6_000_000,
  depth: 50,
  typicalLevelSize: 50_000_000,
};
const COARSE: SimMarketSpec = {
  symbol: 'SBER',
  priceDecimals: 2,
  sizeDecimals: 0,
  tickSize: 5,
  lotSize: 10,
  initialMid: 30_000,
  depth: 20,
  typicalLevelSize: 500,
};
const ALL = 1_000_000_000;
const fixedClock = () => 42n;

function gen(seed: number, specs = [BTC, COARSE]) {
  return createMarketGenerator(specs, { seed, levelUpdatesPerSecond: 0, clock: fixedClock });
}

function record(market: SimMarket) {
  const changes: LevelChange[] = [];
  const trades: number[] = [];
  market.onChanges((cs) => changes.push(...cs));
  market.onTrade((t) => trades.push(t.price, t.size));
  return { changes, trades };
}

function checkBook(book: BookSnapshot, spec: SimMarketSpec): void {
  for (const side of [book.bids, book.asks]) {
    for (const l of side) {
      expect(l.price % spec.tickSize).toBe(0);
      expect(l.price).toBeGreaterThan(0);
      expect(l.size % spec.lotSize).toBe(0);
      expect(l.size).toBeGreaterThan(0);
    }
  }
  for (let i = 1; i < book.bids.length; i++)
    expect(book.bids[i]!.price).toBeLessThan(book.bids[i - 1]!.price);
  for (let i = 1; i < book.asks.length; i++)
    expect(book.asks[i]!.price).toBeGreaterThan(book.asks[i - 1]!.price);
  if (book.bids[0] && book.asks[0]) expect(book.bids[0].price).toBeLessThan(book.asks[0].price);
}

function replay(start: BookSnapshot, changes: LevelChange[]): BookSnapshot {
  const sides = {
    bid: new Map(start.bids.map((l) => [l.price, l.size])),
    ask: new Map(start.asks.map((l) => [l.price, l.size])),
  };
  for (const c of changes) {
    if (c.size === 0) sides[c.side].delete(c.price);
    else sides[c.side].set(c.price, c.size);
  }
  const toLevels = (m: Map<number, number>, desc: boolean) =>
    [...m]
      .map(([price, size]) => ({ price, size }))
      .sort((a, b) => (desc ? b.price - a.price : a.price - b.price));
  return { bids: toLevels(sides.bid, true), asks: toLevels(sides.ask, false) };
}

describe('market generator', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const run = (seed: number) => {
      const g = gen(seed);
      const rec = record(g.markets.get('BTCUSD')!);
      g.step(20_000);
      return { changes: rec.changes, trades: rec.trades, book: g.markets.get('SBER')!.snapshot() };
    };
    const a = run(5);
    expect(run(5)).toEqual(a);
    expect(run(6).changes).not.toEqual(a.changes);
    expect(a.trades.length).toBeGreaterThan(0);
  });

  it('starts with spec.depth levels per side around the initial mid', () => {
    const m = gen(1).markets.get('BTCUSD')!;
    const snap = m.snapshot();
    expect(snap.bids).toHaveLength(50);
    expect(snap.asks).toHaveLength(50);
    expect(snap.bids[0]!.price).toBeLessThanOrEqual(BTC.initialMid);
    expect(snap.asks[0]!.price).toBeGreaterThan(BTC.initialMid);
    checkBook(snap, BTC);
  });

  it('keeps every book uncrossed, on the grid and equal to the replayed change stream', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 8 }),
        (seed, steps) => {
          const g = gen(seed);
          for (const spec of [BTC, COARSE]) {
            const m = g.markets.get(spec.symbol)!;
            const start = m.snapshot(ALL);
            const rec = record(m);
            for (const n of steps) {
              g.step(n);
              checkBook(m.snapshot(ALL), spec);
            }
            expect(replay(start, rec.changes)).toEqual(m.snapshot(ALL));
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('produces roughly 10% deletes and 10% new levels, mostly near the top', () => {
    const g = gen(11, [BTC]);
    const m = g.markets.get('BTCUSD')!;
    const present = {
      bid: new Set(m.snapshot(ALL).bids.map((l) => l.price)),
      ask: new Set(m.snapshot(ALL).asks.map((l) => l.price)),
    };
    let total = 0;
    let deletes = 0;
    let inserts = 0;
    let nearTop = 0;
    m.onChanges((cs) => {
      // Depth rank is measured against the book after the batch; one update per batch keeps that exact enough.
      const snap = m.snapshot(10);
      const top10 = {
        bid: new Set(snap.bids.map((l) => l.price)),
        ask: new Set(snap.asks.map((l) => l.price)),
      };
      for (const c of cs) {
        total++;
        if (c.size === 0) {
          deletes++;
          present[c.side].delete(c.price);
        } else if (!present[c.side].has(c.price)) {
          inserts++;
          present[c.side].add(c.price);
        }
        if (c.size === 0 || top10[c.side].has(c.price)) nearTop++;
      }
    });
    for (let i = 0; i < 50_000; i++) g.step(1);
    expect(deletes / total).toBeGreaterThan(0.07);
    expect(deletes / total).toBeLessThan(0.16);
    expect(inserts / total).toBeGreaterThan(0.07);
    expect(inserts / total).toBeLessThan(0.16);
    expect(nearTop / total).toBeGreaterThan(0.5);
  });

  it('moves the price, with larger sizes deeper in the book', () => {
    const g = gen(3, [BTC]);
    const m = g.markets.get('BTCUSD')!;
    let topSum = 0;
    let deepSum = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < 200; i++) {
      g.step(1000);
      const snap = m.snapshot();
      const mid = (snap.bids[0]!.price + snap.asks[0]!.price) / 2;
      lo = Math.min(lo, mid);
      hi = Math.max(hi, mid);
      for (const side of [snap.bids, snap.asks]) {
        topSum += side.slice(0, 5).reduce((s, l) => s + l.size, 0);
        deepSum += side.slice(-5).reduce((s, l) => s + l.size, 0);
      }
    }
    expect(hi - lo).toBeGreaterThan(100 * BTC.tickSize);
    expect(deepSum).toBeGreaterThan(1.5 * topSum);
  });

  it('has volatility bursts: fair value moves much more per update inside them', () => {
    const flow = new MarketFlow(new SimMarketImpl({ ...BTC }, fixedClock), new Prng(21));
    const move = { burst: 0, calm: 0 };
    const count = { burst: 0, calm: 0 };
    let fv = flow.fairValue();
    for (let i = 0; i < 100_000; i++) {
      flow.update();
      const key = flow.inBurst() ? 'burst' : 'calm';
      move[key] += Math.abs(flow.fairValue() - fv);
      count[key]++;
      fv = flow.fairValue();
    }
    expect(count.burst).toBeGreaterThan(1000);
    expect(count.calm).toBeGreaterThan(count.burst);
    expect(move.burst / count.burst).toBeGreaterThan(4 * (move.calm / count.calm));
  });

  it('generated flow fills our resting order at the touch', () => {
    const g = gen(9, [COARSE]);
    const m = g.markets.get('SBER')!;
    const bid = m.top().bid!;
    m.place({
      orderId: 'mine',
      owner: 'me',
      side: 'buy',
      type: 'limit',
      price: bid.price,
      size: 10,
      timeInForce: 'GTC',
    });
    const fills: number[] = [];
    m.onOrderEvent((e) => {
      if (e.kind === 'fill') fills.push(e.fill.size);
    });
    for (let i = 0; i < 200 && m.order('mine')!.status !== 'filled'; i++) g.step(1000);
    expect(m.order('mine')!.status).toBe('filled');
    expect(fills.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('runs in real time and follows setRate', async () => {
    const g = createMarketGenerator([COARSE], { seed: 1, levelUpdatesPerSecond: 2000, tickMs: 5 });
    const m = g.markets.get('SBER')!;
    let batches = 0;
    m.onChanges(() => batches++);
    g.start();
    g.start(); // idempotent
    await waitFor(() => batches >= 3);
    g.setRate(0);
    await new Promise((r) => setTimeout(r, 30));
    const frozen = batches;
    await new Promise((r) => setTimeout(r, 60));
    expect(batches).toBe(frozen);
    g.setRate(2000);
    await waitFor(() => batches > frozen);
    g.stop();
    const stopped = batches;
    await new Promise((r) => setTimeout(r, 50));
    expect(batches).toBe(stopped);
  });

  it('shortens its tick as the rate grows, unless the tick is fixed', () => {
    expect(autoTickMs(300, 3)).toBe(10);
    expect(autoTickMs(0, 3)).toBe(10);
    expect(autoTickMs(4000, 2)).toBe(2);
    expect(autoTickMs(33_333, 3)).toBe(1);
    const g = createMarketGenerator([BTC, COARSE], { seed: 1, levelUpdatesPerSecond: 300 });
    expect(g.tickMs).toBe(10);
    g.start();
    g.setRate(100_000);
    expect(g.tickMs).toBe(1);
    g.stop();
    const fixed = createMarketGenerator([BTC], { seed: 1, levelUpdatesPerSecond: 100_000, tickMs: 5 });
    expect(fixed.tickMs).toBe(5);
  });

  it('refuses bad options, specs and step counts with clear errors', () => {
    const opts = { seed: 1, levelUpdatesPerSecond: 0 };
    expect(() => createMarketGenerator([BTC, BTC], opts)).toThrow(/duplicate market symbol BTCUSD/);
    expect(() => createMarketGenerator([{ ...BTC, tickSize: 0 }], opts)).toThrow(/tickSize/);
    expect(() => createMarketGenerator([{ ...BTC, depth: 1.5 }], opts)).toThrow(/depth/);
    expect(() => createMarketGenerator([{ ...BTC, typicalLevelSize: 10 }], opts)).toThrow(/typicalLevelSize/);
    expect(() => createMarketGenerator([{ ...BTC, initialMid: 3 }], opts)).toThrow(/initialMid/);
    expect(() => createMarketGenerator([BTC], { seed: NaN, levelUpdatesPerSecond: 0 })).toThrow(/seed/);
    expect(() => createMarketGenerator([BTC], { seed: 1, levelUpdatesPerSecond: -1 })).toThrow(/rate/);
    const g = gen(1);
    expect(() => g.step(-1)).toThrow(/non-negative integer/);
    expect(() => g.step(1.5)).toThrow(/non-negative integer/);
    expect(() => g.setRate(Infinity)).toThrow(/rate/);
    g.step(0);
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
