import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffSide } from '../../../../electron/venues/finery/sim/books';
import { applyBookSide, type FmClient } from './client';
import { BTC_ID, startRig, type Rig } from './helpers';

let rig: Rig;
let c: FmClient;
beforeEach(async () => {
  rig = await startRig();
  c = await rig.open();
});
afterEach(async () => {
  await rig.close();
});

type Level = [number, number];
const wireBook = (depth = 25): [Level[], Level[]] => {
  const s = rig.sim.markets.get('BTC-USD')!.snapshot(depth);
  return [s.bids.map((l) => [l.price, l.size]), s.asks.map((l) => [l.price, l.size])];
};

describe('account-wide feeds', () => {
  it('I: currencies and instruments snapshot, then unbind', async () => {
    const s = await c.bind('I');
    expect(s.slice(0, 3)).toEqual(['I', 0, 'S']);
    const [currencies, instruments] = s[3] as [unknown[][], unknown[][]];
    expect(instruments).toContainEqual(['BTC-USD', BTC_ID, 'BTC', 'USD']);
    expect(instruments.map((i) => i[0])).toContain('ETH-USD');
    const usd = currencies.find((x) => x[0] === 'USD')!;
    expect(usd.slice(2, 4)).toEqual([1_000_000, 100_000_000]);
    expect(currencies.every((x) => x.length >= 4 && typeof x[1] === 'number')).toBe(true);
    expect(await c.unbind('I')).toEqual(['I', 0, 'U', 0]);
  });

  it('P, G, L, M, R, N, S snapshots have the documented shapes', async () => {
    // The next id starts at the simulator's start epoch (simkit/ids.ts), not at 1.
    expect(await c.bind('P')).toEqual(['P', 0, 'S', [expect.any(Number), [], [], []]]);
    const g = await c.bind('G');
    expect((g[3] as unknown[][]).every((l) => l.length === 6)).toBe(true);
    // L and M carry one limit per currency towards the simulated counterparty (settlement-feeds.test.ts).
    const l = await c.bind('L');
    expect((l[3] as unknown[][]).every((x) => x.length === 8)).toBe(true);
    const m = await c.bind('M');
    expect((m[3] as unknown[][]).every((x) => x.length === 8)).toBe(true);
    expect(await c.bind('R')).toEqual(['R', 0, 'S', [[], []]]);
    expect(await c.bind('N')).toEqual(['N', 0, 'S', [expect.any(Number), [], []]]);
    expect(await c.bind('S', 'USD')).toEqual(['S', 'USD', 'S', []]);
    for (const f of ['P', 'G', 'L', 'M', 'R', 'N']) expect(await c.unbind(f)).toEqual([f, 0, 'U', 0]);
    expect(await c.unbind('S', 'USD')).toEqual(['S', 'USD', 'U', 0]);
  });

  it('O and K bind with and without feedId and echo it', async () => {
    expect(await c.bind('O', 'BTC-USD')).toEqual(['O', 'BTC-USD', 'S', []]);
    expect(await c.bind('O')).toEqual(['O', 0, 'S', []]);
    expect(await c.bind('K', 'USD')).toEqual(['K', 'USD', 'S', []]);
    expect(await c.bind('K')).toEqual(['K', 0, 'S', []]);
    expect(await c.unbind('O', 'BTC-USD')).toEqual(['O', 'BTC-USD', 'U', 0]);
    expect(await c.unbind('K', 'USD')).toEqual(['K', 'USD', 'U', 0]);
  });
});

describe('bind failures', () => {
  it('answers 100, 101, 102, 103 as [feed, feedId, "Z", code]', async () => {
    expect(await c.bind('Q')).toEqual(['Q', 0, 'Z', 102]);
    expect(await c.bind('F', 'DOGE-USD')).toEqual(['F', 'DOGE-USD', 'Z', 103]);
    expect(await c.bind('B')).toEqual(['B', 0, 'Z', 103]);
    expect(await c.bind('K', 'XYZ')).toEqual(['K', 'XYZ', 'Z', 103]);
    expect(await c.bind('I', 'BTC-USD')).toEqual(['I', 'BTC-USD', 'Z', 103]);
    expect((await c.bind('F', 'BTC-USD'))[2]).toBe('S');
    expect(await c.bind('F', 'BTC-USD')).toEqual(['F', 'BTC-USD', 'Z', 100]);
    expect(await c.unbind('B', 'BTC-USD')).toEqual(['B', 'BTC-USD', 'Z', 101]);
    expect(await c.unbind('F', 'BTC-USD')).toEqual(['F', 'BTC-USD', 'U', 0]);
    expect(await c.unbind('F', 'BTC-USD')).toEqual(['F', 'BTC-USD', 'Z', 101]);
  });
});

describe('book feeds', () => {
  it('F and B (numeric id) snapshots + applied updates equal the SimMarket book', async () => {
    const f = await c.bind('F', 'BTC-USD');
    const b = await c.bind('B', BTC_ID);
    expect(f[3]).toEqual(wireBook());
    expect(b.slice(0, 3)).toEqual(['B', BTC_ID, 'S']);
    let fBook = f[3] as [Level[], Level[]];
    let bBook = b[3] as [Level[], Level[]];
    expect(fBook[0].length).toBe(25);
    const from = c.messages.length;
    for (let i = 0; i < 400; i++) rig.gen.step(5);
    await c.request('positions'); // round trip: every update sent before it has arrived
    let updates = 0;
    for (const m of c.messages.slice(from)) {
      if (!Array.isArray(m) || m[2] !== 'M') continue;
      const [bids, asks] = m[3] as [unknown[][], unknown[][]];
      if (m[0] === 'F') fBook = [applyBookSide(fBook[0], bids, true), applyBookSide(fBook[1], asks, false)];
      if (m[0] === 'B') {
        expect(m[1]).toBe(BTC_ID);
        bBook = [applyBookSide(bBook[0], bids, true), applyBookSide(bBook[1], asks, false)];
      }
      updates++;
    }
    expect(updates).toBeGreaterThan(10);
    expect(fBook).toEqual(wireBook());
    expect(bBook).toEqual(wireBook());
  });

  it('a sweep of several levels is sent as "~" and still applies exactly', async () => {
    let book = (await c.bind('F', 'BTC-USD'))[3] as [Level[], Level[]];
    const from = c.messages.length;
    const asks = wireBook()[1];
    const size = asks[0]![1] + asks[1]![1] + asks[2]![1];
    const r = await c.request('add', { instrument: 'BTC-USD', size, side: 'bid', type: 'marketIOC' });
    expect(r.reply).toBeDefined();
    const ms = c.messages
      .slice(from)
      .filter((m) => Array.isArray(m) && m[0] === 'F' && m[2] === 'M') as unknown[][];
    const all = ms.flatMap((m) => (m[3] as unknown[][][])[1]!);
    expect(all.some((u) => u[0] === '~')).toBe(true);
    for (const m of ms) {
      const [b, a] = m[3] as [unknown[][], unknown[][]];
      book = [applyBookSide(book[0], b, true), applyBookSide(book[1], a, false)];
    }
    expect(book).toEqual(wireBook());
  });

  it('diffSide: emptied side is ["~",0,0]; removals precede additions', () => {
    expect(diffSide([[5, 1]], [], true)).toEqual([['~', 0, 0]]);
    expect(
      diffSide(
        [
          [5, 1],
          [4, 1],
        ],
        [
          [4, 2],
          [3, 1],
        ],
        true,
      ),
    ).toEqual([
      ['-', 5, 0],
      ['M', 4, 2],
      ['+', 3, 1],
    ]);
    expect(
      diffSide(
        [
          [1, 1],
          [2, 1],
          [3, 1],
        ],
        [[3, 5]],
        false,
      ),
    ).toEqual([['~', 3, 5]]);
  });
});
