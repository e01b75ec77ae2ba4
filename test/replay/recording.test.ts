// A recording round trip: what the engine worker's recorder writes is read back identical, event
// for event; files rotate by size, the disk cap deletes the oldest parts, and a part cut short
// (no gzip trailer) still reads up to its last flush.
import { mkdtemp, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedEvent, RecordedMarket } from '../../electron/replay/recording/format';
import { listRecordings, loadRecording } from '../../electron/replay/recording/reader';
import { RecordingWriter, type SinkCommand } from '../../electron/replay/recording/writer';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'crossbook-rec-'));
  dirs.push(d);
  return d;
}

const MARKET: RecordedMarket = {
  venue: 'paxos',
  market: 'BTCUSD',
  canonical: 'BTC-USD',
  priceDecimals: 2,
  sizeDecimals: 8,
  tickSize: '0.01',
  lotSize: '0.00000001',
};

function batch(i: number): SinkCommand[] {
  return [
    { type: 'frame', venue: 'paxos', text: `{"n":${i},"s":"${'x'.repeat(i % 7)}"}`, receivedAt: 1_000 + i },
    {
      type: 'trade',
      trade: { venue: 'paxos', market: 'BTCUSD', price: `100.${i % 10}`, size: '0.5', time: i, side: 'buy' },
    },
    ...(i % 5 === 0 ? [{ type: 'resetBook', venue: 'paxos', market: 'BTCUSD' } as const] : []),
  ];
}

function expected(from: number, to: number): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  for (let i = from; i < to; i++)
    for (const c of batch(i)) {
      if (c.type === 'frame') out.push({ k: 'frame', t: c.receivedAt, v: 'paxos', x: c.text });
      if (c.type === 'trade') out.push({ k: 'trade', t: 1_000 + i, trade: c.trade });
      if (c.type === 'resetBook') out.push({ k: 'reset', t: 1_000 + i, v: 'paxos', m: 'BTCUSD' });
    }
  return out;
}

describe('market recording', () => {
  it('reads back exactly what was recorded, markets and bindings first', async () => {
    const dir = await tempDir();
    const writer = new RecordingWriter(
      { dir, profile: 'demo', maxFileBytes: 1 << 20, maxFileMs: 3_600_000, maxTotalBytes: 1 << 30 },
      () => 500,
    );
    writer.defineMarkets([MARKET]);
    writer.record([{ type: 'bindStream', venue: 'alor', key: 'guid-1', market: 'SBER' }]);
    // Not a sink event: the engine's own commands are not recorded.
    writer.record([{ type: 'openView' }, { type: 'stats' }]);
    for (let i = 0; i < 200; i++) writer.record(batch(i));
    writer.record([{ type: 'unbindStream', venue: 'alor', key: 'guid-1' }]);
    await writer.close();

    const [summary] = await listRecordings(dir);
    expect(summary?.id).toBe(writer.sessionName);
    const loaded = await loadRecording(dir, writer.sessionName);
    expect(loaded.profile).toBe('demo');
    expect(loaded.skipped).toBe(0);
    expect(loaded.events).toEqual([
      { k: 'markets', t: 500, markets: [MARKET] },
      { k: 'bind', t: 500, v: 'alor', key: 'guid-1', m: 'SBER' },
      ...expected(0, 200),
      { k: 'unbind', t: 1_199, v: 'alor', key: 'guid-1' },
    ]);
  });

  it('rotates by size, repeats markets in each part, and trims the oldest parts to the cap', async () => {
    const dir = await tempDir();
    const writer = new RecordingWriter(
      { dir, profile: 'demo', maxFileBytes: 1024, maxFileMs: 3_600_000, maxTotalBytes: 4096, flushMs: 50 },
      () => 500,
    );
    writer.defineMarkets([MARKET]);
    // Each part takes about 1 KiB of text: a few dozen frames.
    for (let i = 0; i < 400; i++)
      writer.record([
        { type: 'frame', venue: 'paxos', text: Math.random().toString(36).repeat(3), receivedAt: i },
      ]);
    await writer.close();
    const names = (await readdir(dir)).sort();
    const sizes = await Promise.all(names.map((n) => stat(join(dir, n)).then((s) => s.size)));
    expect(names.length).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(4096 + 2048);
    // The first part was deleted for the cap, and what is left still knows its markets.
    expect(names[0]).not.toMatch(/-00000\.ndjson\.gz$/);
    const loaded = await loadRecording(dir, writer.sessionName);
    expect(loaded.events[0]).toEqual({ k: 'markets', t: expect.any(Number), markets: [MARKET] });
  });

  it('loads whole parts up to the text budget and says the replay is cut short', async () => {
    const dir = await tempDir();
    const writer = new RecordingWriter(
      { dir, profile: 'demo', maxFileBytes: 1024, maxFileMs: 3_600_000, maxTotalBytes: 1 << 30, flushMs: 50 },
      () => 500,
    );
    writer.defineMarkets([MARKET]);
    for (let i = 0; i < 400; i++)
      writer.record([{ type: 'frame', venue: 'paxos', text: 'x'.repeat(40), receivedAt: i }]);
    await writer.close();
    const all = await loadRecording(dir, writer.sessionName);
    expect(all.partial).toBe(false);
    const frames = (r: typeof all) => r.events.filter((e) => e.k === 'frame');
    expect(frames(all)).toHaveLength(400);
    const cut = await loadRecording(dir, writer.sessionName, 2048);
    expect(cut.partial).toBe(true);
    // The first frames, in order, and only whole parts: past the budget, not far past it.
    expect(frames(cut).length).toBeGreaterThan(0);
    expect(frames(cut).length).toBeLessThan(100);
    expect(frames(cut)).toEqual(frames(all).slice(0, frames(cut).length));
  });

  it('reads a part cut short up to its last sync flush', async () => {
    const dir = await tempDir();
    const writer = new RecordingWriter(
      {
        dir,
        profile: 'test',
        maxFileBytes: 1 << 20,
        maxFileMs: 3_600_000,
        maxTotalBytes: 1 << 30,
        flushMs: 50,
      },
      () => 500,
    );
    for (let i = 0; i < 50; i++) writer.record(batch(i));
    await new Promise((r) => setTimeout(r, 200));
    const [name] = await readdir(dir);
    const flushed = (await stat(join(dir, name!))).size;
    await writer.close();
    // A crash after the flush: the trailer and anything later never reached the disk.
    await truncate(join(dir, name!), flushed);
    const loaded = await loadRecording(dir, writer.sessionName);
    expect(loaded.events).toEqual(expected(0, 50));
  });
});
