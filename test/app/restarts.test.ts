// Issue 14, "Safe by default": twenty restarts of the demo host, each with fresh simulator
// instances, end with positions equal to the sum of the venues' own fills. Before the fix, fills
// were de-duplicated on (venue, fill id) and every simulator start counted fill ids from 1 again,
// so after 20 restarts 2,302 filled orders left only 274 fills in the journal.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCore, type RunningCore } from '../../electron/app/bootstrap';
import { isTerminal } from '../../electron/orders/types';
import type { VenueFill } from '../../electron/venues/common/adapter';
import type { FillView, OrderView, PositionView } from '../../shared/contract/orders';
import { formatBig, parseBig } from '../../shared/decimal';
import type { VenueId } from '../../shared/domain';

const ROUNDS = 20;
const SCALE = 12;
/** One BTC market on each of two crypto venues; both rest a book from the first tick. */
const MARKETS: { venue: VenueId; market: string }[] = [
  { venue: 'paxos', market: 'BTCUSD' },
  { venue: 'finery', market: 'BTC-USD' },
];
const caller = { host: 'web' as const, client: 'restarts-test' };
const dataDir = mkdtempSync(join(tmpdir(), 'crossbook-restarts-'));
const keychainService = `crossbook-restarts-test-${process.pid}-${Date.now()}`;
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const start = (round: number) =>
  startCore({
    dataDir,
    profile: 'demo',
    keychainService,
    // A different seed each round: fresh simulator instances, as a restarted host gets.
    simulators: { rate: 200, seed: round + 1 },
    host: { host: 'web', version: 'test', openWindow: async () => ({ url: 'about:blank' }) },
  });

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The latest event of a core stream, kept current while the subscription lasts. */
function follow<E>(running: RunningCore, stream: string, params: unknown, fold: (event: E) => void) {
  const sub = running.core.subscribe(
    stream,
    params,
    (e) => fold(e as E),
    () => undefined,
    caller,
  );
  if (!sub.ok) throw new Error(`${stream}: ${sub.error.message}`);
  return sub.unsubscribe;
}

const key = (venue: string, market: string) => `${venue}:${market}`;
const signed = (f: { side: string; size: string }) => (f.side === 'buy' ? 1n : -1n) * parseBig(f.size, SCALE);

describe('restarts with fresh simulators', () => {
  it('end with positions equal to the sum of the venues own fills', async () => {
    // What the venues themselves reported, as each adapter emitted it off the wire: a record
    // kept outside the core's journal and its de-duplication. (The simulators' own account state
    // would be more independent still, but the demo simulators run on a worker thread that
    // answers only start, stop and close.)
    const venueFills: VenueFill[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const running = await start(round);
      try {
        const adapters = running.venueManager.all();
        const roundFills: VenueFill[] = [];
        for (const { venue } of MARKETS) adapters.get(venue)!.on('fill', (f) => void roundFills.push(f));
        let orders: OrderView[] = [];
        const unsubscribe = follow<{ working: OrderView[]; recent: OrderView[] }>(
          running,
          'orders',
          { recentLimit: 1000 },
          (e) => (orders = [...e.working, ...e.recent]),
        );
        const mine: string[] = [];
        for (const { venue, market } of MARKETS) {
          const book = await until(`${venue} book`, () =>
            running.marketData
              .bookStats()
              .find(
                (b) =>
                  b.venue === venue && b.market === market && b.state === 'live' && b.bestBid && b.bestAsk,
              ),
          );
          const info = running.marketData.market(venue, market)!;
          const size = info.minSize ?? info.lotSize;
          // Marketable IOC limits half a percent through the touch (the touch seen here may be
          // half a second old), well inside the 10 % price band: each fills and then ends.
          const tick = parseBig(info.tickSize, SCALE);
          const ask = (parseBig(book.bestAsk!, SCALE) * 1005n) / 1000n;
          const bid = (parseBig(book.bestBid!, SCALE) * 995n) / 1000n;
          for (const [side, price] of [
            ['buy', formatBig(((ask + tick - 1n) / tick) * tick, SCALE)],
            ['sell', formatBig((bid / tick) * tick, SCALE)],
          ] as const) {
            const placed = await running.core.invoke(
              'orders.place',
              { venue, market, side, type: 'limit', size, price, timeInForce: 'IOC' },
              caller,
            );
            expect(placed).toMatchObject({ ok: true, result: { status: 'accepted' } });
            mine.push((placed as { result: { order: OrderView } }).result.order.clientOrderId);
          }
        }
        // Every order ended, and every fill the venue reported for it has arrived.
        await until('orders ended with their fills', () => {
          const done = mine.every((id) => {
            const o = orders.find((x) => x.clientOrderId === id);
            if (!o || !isTerminal(o.status)) return false;
            const got = roundFills
              .filter((f) => f.venue === o.venue && f.venueOrderId === o.venueOrderId)
              .reduce((s, f) => s + parseBig(f.size, SCALE), 0n);
            return got === parseBig(o.filled, SCALE);
          });
          return done ? true : undefined;
        });
        unsubscribe();
        // Both venues filled something this round, so every round's ids meet the journal.
        expect(new Set(roundFills.map((f) => f.venue)).size).toBe(MARKETS.length);
        venueFills.push(...roundFills);
      } finally {
        await running.close();
      }
    }

    const running = await start(ROUNDS);
    try {
      let positions: PositionView[] | undefined;
      let journal: FillView[] | undefined;
      follow<{ positions: PositionView[] }>(running, 'positions', {}, (e) => (positions = e.positions));
      follow<{ snapshot: boolean; fills: FillView[] }>(running, 'fills', { recentLimit: 1000 }, (e) => {
        if (e.snapshot) journal = e.fills;
      });
      await until('positions and fills', () => (positions && journal ? true : undefined));
      const expected = new Map<string, bigint>();
      for (const f of venueFills)
        expected.set(key(f.venue, f.market), (expected.get(key(f.venue, f.market)) ?? 0n) + signed(f));
      const actual = new Map<string, bigint>();
      for (const p of positions!) {
        const value = parseBig(p.position, SCALE);
        if (value !== 0n || expected.has(key(p.venue, p.market))) actual.set(key(p.venue, p.market), value);
      }
      for (const k of expected.keys()) if (!actual.has(k)) actual.set(k, 0n);
      const show = (m: Map<string, bigint>) =>
        Object.fromEntries([...m].sort().map(([k, v]) => [k, formatBig(v, SCALE)]));
      // Both assertions catch fill ids reused across simulator starts: with fills keyed on
      // (venue, fill id) alone, the later rounds' fills collide with the first round's and are
      // dropped as duplicates, so the journal holds fewer fills and the positions fall short.
      expect(journal!.length).toBe(venueFills.length);
      expect(show(actual)).toEqual(show(expected));
    } finally {
      await running.close();
    }
  }, 240_000);
});
