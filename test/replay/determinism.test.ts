// Replaying one recording twice builds the same books, frame for frame, and the same books the
// live frames built when they were recorded: the replay thread hands out the recording's events in
// order whatever its pace, and the engine reads them with the venues' own scanners.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalGrid } from '../../electron/app/market-data';
import type { EngineEvent } from '../../electron/engine/protocol';
import { feedSink } from '../../electron/replay/feed';
import type { RecordedEvent, RecordedMarket } from '../../electron/replay/recording/format';
import { listRecordings } from '../../electron/replay/recording/reader';
import { RecordingWriter, type SinkCommand } from '../../electron/replay/recording/writer';
import { startReplayThread, type ReplayClockState } from '../../electron/replay/thread/replay-thread';
import { Prng } from '../../electron/venues/simkit/prng';
import type { MarketDataSink } from '../../electron/venues/common/adapter';
import {
  FINERY_DEF,
  PAXOS_DEF,
  finerySnapshot,
  fineryUpdate,
  makeEngine,
  paxosBook,
  paxosTrade,
} from '../engine/helpers';

const MARKETS: RecordedMarket[] = [
  { ...PAXOS_DEF, lotSize: '0.00000001' },
  { ...FINERY_DEF, lotSize: '0.00000001' },
];
const MID = 6_000_000;

/** What the adapters sent while recording: snapshots, then seeded random updates and prints. */
function liveSession(): SinkCommand[] {
  const rng = new Prng(19);
  const out: SinkCommand[] = [];
  const at = (i: number) => 1_700_000_000_000 + i * 7;
  const ladder = (side: number) =>
    Array.from({ length: 10 }, (_, k) => [MID + side * (k + 1), 1e8 * (k + 1)] as [number, number]);
  out.push({
    type: 'frame',
    venue: 'paxos',
    text: paxosBook('SNAPSHOT', 1, ladder(-1), ladder(1)),
    receivedAt: at(0),
  });
  out.push({
    type: 'frame',
    venue: 'finery',
    text: finerySnapshot(ladder(-1), ladder(1)),
    receivedAt: at(0),
  });
  const finery = new Set([...ladder(-1), ...ladder(1)].map(([t]) => t));
  for (let i = 1; i < 300; i++) {
    const bid = rng.next() < 0.5;
    const tick = MID + (bid ? -1 : 1) * (1 + Math.floor(rng.next() * 12));
    const size = Math.floor(rng.next() * 4) * 25_000_000;
    if (rng.next() < 0.5) {
      const level: [number, number][] = [[tick, size]];
      out.push({
        type: 'frame',
        venue: 'paxos',
        text: paxosBook('UPDATE', i * 1000, bid ? level : [], bid ? [] : level),
        receivedAt: at(i),
      });
    } else {
      // Finery's update actions say whether a level is new, changed or gone.
      const had = finery.has(tick);
      if (size === 0 && !had) continue;
      const action: ['+' | 'M' | '-', number, number] =
        size === 0 ? ['-', tick, 0] : [had ? 'M' : '+', tick, size];
      if (size === 0) finery.delete(tick);
      else finery.add(tick);
      out.push({
        type: 'frame',
        venue: 'finery',
        text: fineryUpdate(bid ? [action] : [], bid ? [] : [action]),
        receivedAt: at(i),
      });
    }
    if (i % 25 === 0) {
      out.push({ type: 'frame', venue: 'paxos', text: paxosTrade(MID, 1e7, i * 1000), receivedAt: at(i) });
      out.push({
        type: 'trade',
        trade: { venue: 'paxos', market: 'BTCUSD', price: '60000.00', size: '0.1', time: at(i) },
      });
    }
  }
  return out;
}

/** The consolidated book (both sides, every venue's size) after each frame, through the engine. */
function booksPerFrame(events: RecordedEvent[]): string[] {
  const { engine, events: out } = makeEngine();
  engine.handle({ type: 'defineCanonical', canonical: 'BTC-USD', ...canonicalGrid(MARKETS) });
  for (const m of MARKETS) engine.handle({ type: 'defineMarket', market: m });
  const sink: MarketDataSink = {
    frame: (venue, text, receivedAt) => engine.handle({ type: 'frame', venue, text, receivedAt }),
    bindStream: (venue, key, market) => engine.handle({ type: 'bindStream', venue, key, market }),
    unbindStream: (venue, key) => engine.handle({ type: 'unbindStream', venue, key }),
    resetBook: (venue, market) => engine.handle({ type: 'resetBook', venue, market }),
    trade: (trade) => engine.handle({ type: 'trade', trade }),
  };
  const books: string[] = [];
  for (const e of events) {
    feedSink(sink, [e], false, 0);
    if (e.k !== 'frame') continue;
    const sides = (['bid', 'ask'] as const).map((side) => {
      out.length = 0;
      engine.handle({ type: 'depth', requestId: 1, canonical: 'BTC-USD', side, maxLevels: 50 });
      return (out.find((x) => x.type === 'depth') as Extract<EngineEvent, { type: 'depth' }>).levels;
    });
    books.push(JSON.stringify(sides));
  }
  expect(out.filter((e) => e.type === 'error')).toEqual([]);
  return books;
}

let dir: string;
let id: string;
const live = liveSession();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crossbook-replay-'));
  const writer = new RecordingWriter({
    dir,
    profile: 'demo',
    maxFileBytes: 8_000,
    maxFileMs: 3_600_000,
    maxTotalBytes: 1 << 30,
  });
  writer.defineMarkets(MARKETS);
  // Batches of uneven size, as event-loop turns deliver them.
  for (let i = 0; i < live.length; i += 1 + (i % 4)) writer.record(live.slice(i, i + 1 + (i % 4)));
  await writer.close();
  id = writer.sessionName;
  expect((await listRecordings(dir))[0]!.parts.length).toBeGreaterThan(2);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function replay(framesPerSecond: number): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let ended!: () => void;
  const done = new Promise<void>((resolve) => (ended = resolve));
  const thread = await startReplayThread({
    dir,
    id,
    pace: { framesPerSecond },
    onBatch: (batch) => events.push(...batch),
    onClock: (state: ReplayClockState) => state.ended && ended(),
  });
  expect(thread.recording.markets).toEqual(MARKETS);
  thread.play();
  await done;
  await thread.close();
  return events;
}

describe('replay is deterministic', () => {
  it('two replays (at different paces, across rotated parts) build identical books frame for frame, as live did', async () => {
    const first = booksPerFrame(await replay(50_000));
    const second = booksPerFrame(await replay(5_000));
    const recordedLive = booksPerFrame(
      live.map((c): RecordedEvent => {
        if (c.type === 'frame') return { k: 'frame', t: c.receivedAt, v: c.venue as 'paxos', x: c.text };
        if (c.type === 'trade') return { k: 'trade', t: 0, trade: c.trade };
        throw new Error('not in this session');
      }),
    );
    expect(first.length).toBe(live.filter((c) => c.type === 'frame').length);
    expect(first[first.length - 1]).toContain('"venue":"finery"');
    expect(first[first.length - 1]).toContain('"venue":"paxos"');
    expect(second).toEqual(first);
    expect(first).toEqual(recordedLive);
  }, 30_000);
});
