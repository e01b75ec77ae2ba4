// A recording played as a load (what bench:ui's replaying web host runs): every frame reaches the
// sink in order at the asked rate, a loop starts over with the books discarded, and the replay
// thread's CPU is its own.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedSink } from '../../electron/replay/feed';
import { startReplayThread } from '../../electron/replay/thread/replay-thread';
import { RecordingWriter } from '../../electron/replay/recording/writer';
import type { MarketDataSink, VenueMarketInfo } from '../../electron/venues/common/adapter';

const MARKET: VenueMarketInfo = {
  venue: 'paxos',
  market: 'BTCUSD',
  canonical: 'BTC-USD',
  priceDecimals: 2,
  sizeDecimals: 8,
  tickSize: '0.01',
  lotSize: '0.00000001',
};
let dir: string;
let id: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crossbook-load-'));
  const writer = new RecordingWriter({
    dir,
    profile: 'demo',
    maxFileBytes: 1 << 20,
    maxFileMs: 3_600_000,
    maxTotalBytes: 1 << 30,
  });
  writer.defineMarkets([MARKET]);
  for (let i = 0; i < 50; i++)
    writer.record([{ type: 'frame', venue: 'paxos', text: `f${i}`, receivedAt: 1_000 + i }]);
  await writer.close();
  id = writer.sessionName;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a recording as load', () => {
  it('plays every frame into the target in order, loops with the books discarded, and reports its CPU', async () => {
    const frames: string[] = [];
    const markets: VenueMarketInfo[][] = [];
    let discards = 0;
    let looped!: () => void;
    const twice = new Promise<void>((resolve) => (looped = resolve));
    const target: MarketDataSink = {
      frame: (_v, text) => {
        frames.push(text);
        if (frames.length === 100) looped();
      },
      bindStream: () => {},
      unbindStream: () => {},
      resetBook: () => {},
      trade: () => {},
    };
    const load = await startReplayThread({
      dir,
      id,
      pace: { framesPerSecond: 2_000 },
      loop: true,
      onBatch: (events, history) => feedSink(target, events, history),
      onReset: () => discards++,
    });
    markets.push(load.recording.markets);
    load.play();
    await twice;
    load.pause();
    const cpu = await load.cpuMicros();
    await load.close();
    expect(markets).toEqual([[MARKET]]);
    const once = Array.from({ length: 50 }, (_, i) => `f${i}`);
    expect(frames.slice(0, 100)).toEqual([...once, ...once]);
    expect(discards).toBeGreaterThanOrEqual(1);
    expect(cpu).toBeGreaterThan(0);
  });
});
