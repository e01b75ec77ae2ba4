import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatScaled } from '../../shared/decimal';
import type { LadderFrame } from '../../shared/ladder-frame';
import {
  LADDER_VERSION,
  decodeLadderFrame,
  encodeLadderFrame,
  ladderFrameTimes,
} from '../../shared/ladder-frame';
import { RefBook, errorsOf, makeEngine, paxosBook, paxosTrade } from './helpers';

// Paxos BTCUSD: tick 0.01, sizes 1e-8. Finery BTC-USD: tick 0.05, sizes 1e-6 (wire 1e-8).
// Canonical BTC-USD: tick 0.01, sizes 1e-8 ⇒ Finery tick t is canonical 5t, size ×100.
const MID = 6_000_000;
const FMID = MID / 5;

interface Src {
  ref: RefBook;
  mul: number; // canonical ticks per venue tick
  sizeMul: number;
  trades: [number, number][]; // [venue tick, size]
  own: { tick: number; isBid: boolean; size: number }[];
}

function finery(type: 'S' | 'M', bids: unknown[], asks: unknown[]): string {
  return JSON.stringify(['F', 'BTC-USD', type, [bids, asks]]);
}

/** What a view must show, computed the slow obvious way from the reference books. */
function expected(srcs: Src[], top: number, rows: number, g: number) {
  const z = () => new Array<number>(rows).fill(0);
  const r = {
    bid: z(),
    ask: z(),
    cumBid: z(),
    cumAsk: z(),
    volume: z(),
    ownBid: z(),
    ownAsk: z(),
    venueBid: srcs.map(z),
    venueAsk: srcs.map(z),
  };
  srcs.forEach((s, si) => {
    for (const [t, size] of s.ref.bids) {
      const key = Math.floor((t * s.mul) / g);
      for (let row = 0; row < rows; row++) if (top - row <= key) r.cumBid[row] += size * s.sizeMul;
      if (key <= top && key > top - rows) {
        r.bid[top - key] += size * s.sizeMul;
        r.venueBid[si]![top - key] += size * s.sizeMul;
      }
    }
    for (const [t, size] of s.ref.asks) {
      const key = Math.ceil((t * s.mul) / g);
      for (let row = 0; row < rows; row++) if (top - row >= key) r.cumAsk[row] += size * s.sizeMul;
      if (key <= top && key > top - rows) {
        r.ask[top - key] += size * s.sizeMul;
        r.venueAsk[si]![top - key] += size * s.sizeMul;
      }
    }
    for (const [t, size] of s.trades) {
      const key = Math.floor((t * s.mul) / g);
      if (key <= top && key > top - rows) r.volume[top - key] += size * s.sizeMul;
    }
    for (const o of s.own) {
      const key = o.isBid ? Math.floor((o.tick * s.mul) / g) : Math.ceil((o.tick * s.mul) / g);
      if (key <= top && key > top - rows) (o.isBid ? r.ownBid : r.ownAsk)[top - key] += o.size * s.sizeMul;
    }
  });
  return r;
}

function shown(f: LadderFrame) {
  const a = (x: Float64Array) => [...x];
  return {
    bid: a(f.bid),
    ask: a(f.ask),
    cumBid: a(f.cumBid),
    cumAsk: a(f.cumAsk),
    volume: a(f.volume),
    ownBid: a(f.ownBid),
    ownAsk: a(f.ownAsk),
    venueBid: f.venueBid.map(a),
    venueAsk: f.venueAsk.map(a),
  };
}

const lvl = (lo: number, hi: number, maxSize: number) =>
  fc.array(fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: 0, max: maxSize })), {
    maxLength: 8,
  });

describe('ladder views and the consolidated book', () => {
  it('frames decode to the reference view; consolidated = sum of venue books at every checkpoint', () => {
    const step = fc.record({
      pb: lvl(MID - 120, MID - 1, 1e9),
      pa: lvl(MID + 1, MID + 120, 1e9),
      fb: lvl(FMID - 24, FMID - 1, 1e7),
      fa: lvl(FMID + 1, FMID + 24, 1e7),
      trade: fc.option(
        fc.tuple(fc.integer({ min: MID - 30, max: MID + 30 }), fc.integer({ min: 1, max: 1e8 })),
      ),
    });
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(1, 3, 5, 10),
        fc.integer({ min: 5, max: 61 }),
        (steps, g, rows) => {
          const { engine, events } = makeEngine();
          engine.handle({
            type: 'defineCanonical',
            canonical: 'BTC-USD',
            priceDecimals: 2,
            sizeDecimals: 8,
            tickSize: '0.01',
          });
          engine.handle({
            type: 'defineMarket',
            market: {
              venue: 'paxos',
              market: 'BTCUSD',
              canonical: 'BTC-USD',
              priceDecimals: 2,
              sizeDecimals: 8,
              tickSize: '0.01',
            },
          });
          engine.handle({
            type: 'defineMarket',
            market: {
              venue: 'finery',
              market: 'BTC-USD',
              canonical: 'BTC-USD',
              priceDecimals: 2,
              sizeDecimals: 6,
              tickSize: '0.05',
            },
          });
          const pax: Src = { ref: new RefBook(), mul: 1, sizeMul: 1, trades: [], own: [] };
          const fin: Src = { ref: new RefBook(), mul: 5, sizeMul: 100, trades: [], own: [] };
          engine.handle({
            type: 'frame',
            venue: 'paxos',
            text: paxosBook('SNAPSHOT', 1, [], []),
            receivedAt: 0,
          });
          engine.handle({ type: 'frame', venue: 'finery', text: finery('S', [], []), receivedAt: 0 });
          pax.own = [
            { tick: MID - 3, isBid: true, size: 7 },
            { tick: MID + 2, isBid: false, size: 9 },
          ];
          engine.handle({
            type: 'ownOrders',
            venue: 'paxos',
            market: 'BTCUSD',
            orders: pax.own.map((o) => ({
              price: formatScaled(o.tick, 2),
              side: o.isBid ? 'buy' : 'sell',
              remaining: formatScaled(o.size, 8),
            })),
          });
          const center = formatScaled(MID + 2, 2);
          engine.handle({
            type: 'openView',
            viewId: 1,
            instrument: { canonical: 'BTC-USD' },
            rows,
            center,
            groupTicks: g,
          });
          engine.handle({
            type: 'openView',
            viewId: 2,
            instrument: { venue: 'paxos', market: 'BTCUSD' },
            rows,
            center,
            groupTicks: g,
          });
          expect(errorsOf(events)).toEqual([]);
          let now = 0;
          const latest = new Map<number, LadderFrame>();
          for (const [i, s] of steps.entries()) {
            engine.handle({
              type: 'frame',
              venue: 'paxos',
              text: paxosBook('UPDATE', 10 + i, s.pb, s.pa),
              receivedAt: now,
            });
            for (const [t, z] of s.pb) pax.ref.set(true, t, z);
            for (const [t, z] of s.pa) pax.ref.set(false, t, z);
            // Finery as absolute sizes expressed with + / M / - against the reference.
            const acts = (isBid: boolean, l: [number, number][]) => {
              const out: unknown[] = [];
              const m = fin.ref.side(isBid);
              for (const [t, z] of l) {
                if (z === 0) {
                  if (m.has(t)) out.push(['-', t * 5e6, 0]);
                } else out.push([m.has(t) ? 'M' : '+', t * 5e6, z * 100]);
                fin.ref.set(isBid, t, z);
              }
              return out;
            };
            const uniq = (l: [number, number][]) => [...new Map(l).entries()];
            const fb = acts(true, uniq(s.fb));
            const fa = acts(false, uniq(s.fa));
            if (fin.ref.bids.size > 25 || fin.ref.asks.size > 25) return; // Finery's 25-level cap: out of scope here
            engine.handle({ type: 'frame', venue: 'finery', text: finery('M', fb, fa), receivedAt: now });
            if (s.trade) {
              engine.handle({
                type: 'frame',
                venue: 'paxos',
                text: paxosTrade(s.trade[0], s.trade[1], 100 + i),
                receivedAt: now,
              });
              pax.trades.push(s.trade);
            }
            now += 1000;
            engine.flush(now);
            for (const e of events)
              if (e.type === 'ladderFrame') latest.set(e.viewId, decodeLadderFrame(e.buffer));
            events.length = 0;
            const top = Math.round((MID + 2) / g) + (rows >> 1);
            const cons = latest.get(1)!;
            expect(cons.venues).toEqual(['paxos', 'finery']);
            expect(shown(cons)).toEqual(expected([pax, fin], top, rows, g));
            expect([...cons.price]).toEqual(Array.from({ length: rows }, (_, r) => (top - r) * g));
            const bids = [...pax.ref.bids.keys(), ...[...fin.ref.bids.keys()].map((t) => t * 5)];
            const asks = [...pax.ref.asks.keys(), ...[...fin.ref.asks.keys()].map((t) => t * 5)];
            expect(cons.bestBid).toBe(bids.length ? Math.max(...bids) : NaN);
            expect(cons.bestAsk).toBe(asks.length ? Math.min(...asks) : NaN);
            expect(cons.lastTrade?.price ?? null).toBe(pax.trades.at(-1)?.[0] ?? null);
            expect(cons.sessionVolume).toBe(pax.trades.reduce((a, [, z]) => a + z, 0));
            // The venue-only view and the consolidated one agree on Paxos' share.
            expect(shown(latest.get(2)!).bid).toEqual(shown(cons).venueBid[0]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('emits only when the view changed and at most once per display interval', () => {
    const { engine, events } = makeEngine();
    engine.handle({
      type: 'defineMarket',
      market: { venue: 'paxos', market: 'BTCUSD', priceDecimals: 2, sizeDecimals: 8, tickSize: '0.01' },
    });
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('SNAPSHOT', 1, [[MID - 1, 5]], [[MID + 1, 5]]),
      receivedAt: 0,
    });
    engine.handle({
      type: 'openView',
      viewId: 7,
      instrument: { venue: 'paxos', market: 'BTCUSD' },
      rows: 11,
      maxFps: 10,
    });
    const frames = () => events.filter((e) => e.type === 'ladderFrame').length;
    engine.flush(0);
    expect(frames()).toBe(1); // first frame, centred on the mid
    engine.flush(50);
    expect(frames()).toBe(1); // nothing changed
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('UPDATE', 2, [[MID - 2, 5]], []),
      receivedAt: 0,
    });
    engine.flush(60);
    expect(frames()).toBe(1); // changed, but within 100 ms of the last frame
    engine.flush(100);
    expect(frames()).toBe(2);
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('UPDATE', 3, [[MID - 500, 5]], []),
      receivedAt: 0,
    });
    engine.flush(300);
    // A far bid below the view still changes nothing visible (cumulative depth runs from the best down).
    expect(frames()).toBe(2);
    engine.handle({ type: 'recenter', viewId: 7, center: formatScaled(MID - 500, 2) });
    engine.flush(400);
    expect(frames()).toBe(3);
    const last = events.filter((e) => e.type === 'ladderFrame').at(-1)!;
    const f = decodeLadderFrame((last as { buffer: ArrayBuffer }).buffer);
    expect(f.price[5]).toBe(MID - 500);
    expect(f.bid[5]).toBe(5);
    expect(f.cumBid[5]).toBe(15);
  });

  it('encode/decode round trip and refusal of foreign buffers', () => {
    const col = (k: number) => Float64Array.from({ length: 3 }, (_, i) => i + k);
    const frame: LadderFrame = {
      viewId: 9,
      seq: 4,
      priceScale: 2,
      sizeScale: 8,
      rowStep: 1,
      center: 100,
      bestBid: 99,
      bestAsk: NaN,
      venues: ['paxos', 'finery'],
      staleMask: 2,
      downMask: 1,
      crossedMask: 1,
      lockedMask: 2,
      lastTrade: { price: 100, size: 3, time: 1.5, venue: 1 },
      sessionVolume: 12,
      sourceTime: 1_700_000_000_123.5,
      newestTime: 1_700_000_000_140.25,
      price: col(0),
      bid: col(1),
      ask: col(2),
      cumBid: col(3),
      cumAsk: col(4),
      volume: col(5),
      ownBid: col(6),
      ownAsk: col(7),
      ownBidCount: col(8),
      ownAskCount: col(9),
      venueBid: [col(10), col(11)],
      venueAsk: [col(12), col(13)],
    };
    const back = decodeLadderFrame(encodeLadderFrame(frame));
    expect(back).toEqual(frame);
    expect(() => decodeLadderFrame(new ArrayBuffer(8))).toThrow(/shorter/);
    expect(() => decodeLadderFrame(new ArrayBuffer(200))).toThrow(/not a ladder frame/);
    expect(ladderFrameTimes(encodeLadderFrame(frame))).toEqual({
      source: 1_700_000_000_123.5,
      newest: 1_700_000_000_140.25,
    });
    expect(ladderFrameTimes(new ArrayBuffer(200)).source).toBeNaN();
    // Another version is refused, not misread (the header grew by sourceTime in v2, newestTime in v3).
    for (const version of [LADDER_VERSION - 1, LADDER_VERSION + 1]) {
      const buf = encodeLadderFrame(frame);
      new DataView(buf).setUint16(4, version, true);
      expect(() => decodeLadderFrame(buf)).toThrow(/unsupported ladder frame version/);
      expect(ladderFrameTimes(buf).source).toBeNaN();
    }
  });

  it('sourceTime is the earliest receipt among the changes a frame first shows', () => {
    const { engine, events } = makeEngine();
    engine.handle({
      type: 'defineMarket',
      market: { venue: 'paxos', market: 'BTCUSD', priceDecimals: 2, sizeDecimals: 8, tickSize: '0.01' },
    });
    const book = (type: 'SNAPSHOT' | 'UPDATE', seq: number, bids: [number, number][], receivedAt: number) =>
      engine.handle({ type: 'frame', venue: 'paxos', text: paxosBook(type, seq, bids, []), receivedAt });
    book('SNAPSHOT', 1, [[MID - 1, 5]], 1000);
    engine.handle({
      type: 'openView',
      viewId: 1,
      instrument: { venue: 'paxos', market: 'BTCUSD' },
      rows: 11,
      maxFps: 10,
    });
    const frames = () =>
      events.flatMap((e) => (e.type === 'ladderFrame' ? [decodeLadderFrame(e.buffer)] : []));
    engine.flush(0);
    expect(frames().map((f) => f.sourceTime)).toEqual([1000]);
    // Two changes before the view is due: the older one is what the next frame must account for,
    // even though the books' change marks were cleared in between.
    book('UPDATE', 2, [[MID - 2, 5]], 2000);
    engine.flush(50);
    book('UPDATE', 3, [[MID - 3, 5]], 3000);
    engine.flush(100);
    expect(frames().map((f) => f.sourceTime)).toEqual([1000, 2000]);
    expect(frames().map((f) => f.newestTime)).toEqual([1000, 3000]);
    // A change the view cannot show does not age its next frame.
    book('UPDATE', 4, [[MID - 500, 5]], 4000);
    engine.flush(200);
    book('UPDATE', 5, [[MID - 4, 5]], 5000);
    engine.flush(300);
    expect(frames().map((f) => f.sourceTime)).toEqual([1000, 2000, 5000]);
    // A recentre with no new venue data carries none.
    engine.handle({ type: 'recenter', viewId: 1, center: formatScaled(MID - 2, 2) });
    engine.flush(400);
    expect(frames().at(-1)!.sourceTime).toBeNaN();
    expect(frames().at(-1)!.newestTime).toBeNaN();
    // A trade print counts as a change too.
    engine.handle({ type: 'frame', venue: 'paxos', text: paxosTrade(MID - 2, 1, 10), receivedAt: 6000 });
    engine.flush(500);
    expect(frames().at(-1)!.sourceTime).toBe(6000);
  });
});
