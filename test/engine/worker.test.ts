import { afterEach, describe, expect, it } from 'vitest';
import { createEngineClient } from '../../electron/engine/client';
import type { EngineClient } from '../../electron/engine/client';
import type { EngineEvent } from '../../electron/engine/protocol';
import { decodeLadderFrame } from '../../shared/ladder-frame';
import { paxosBook } from './helpers';

const MID = 6_000_000;
let client: EngineClient | null = null;

afterEach(async () => {
  await client?.close();
  client = null;
});

function next<T extends EngineEvent['type']>(
  c: EngineClient,
  type: T,
): Promise<Extract<EngineEvent, { type: T }>> {
  return new Promise((resolve) => {
    const off = c.on(type, (e) => {
      off();
      resolve(e);
    });
  });
}

describe('engine worker round trip', () => {
  it('commands in, a transferred ladder frame, stats, resync and errors out', async () => {
    const c = (client = createEngineClient({ statsIntervalMs: 0 }));
    const frame = next(c, 'ladderFrame');
    c.sendBatch([
      {
        type: 'defineMarket',
        market: { venue: 'paxos', market: 'BTCUSD', priceDecimals: 2, sizeDecimals: 8, tickSize: '0.01' },
      },
      {
        type: 'frame',
        venue: 'paxos',
        text: paxosBook('SNAPSHOT', 1, [[MID - 1, 250_000_000]], [[MID + 1, 5]]),
        receivedAt: 1,
      },
      { type: 'openView', viewId: 3, instrument: { venue: 'paxos', market: 'BTCUSD' }, rows: 9 },
    ]);
    const e = await frame;
    expect(e.buffer).toBeInstanceOf(ArrayBuffer);
    const f = decodeLadderFrame(e.buffer);
    expect(f.viewId).toBe(3);
    const row = [...f.price].indexOf(MID - 1);
    expect(f.bid[row]).toBe(250_000_000);

    const stats = next(c, 'bookStats');
    c.send({ type: 'stats', requestId: 5 });
    const s = await stats;
    expect(s.requestId).toBe(5);
    expect(s.books[0]).toMatchObject({
      venue: 'paxos',
      market: 'BTCUSD',
      state: 'live',
      frames: 1,
      bidLevels: 1,
    });

    const resync = next(c, 'resync');
    c.send({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('UPDATE', 2, [[MID - 5, 1]], []).replace('"price":"', '"price":"x'),
      receivedAt: 2,
    });
    expect(await resync).toMatchObject({
      venue: 'paxos',
      market: 'BTCUSD',
      reason: expect.stringContaining('rejected frame'),
    });

    const err = next(c, 'error');
    c.send({ type: 'openView', viewId: 4, instrument: { canonical: 'NOPE' }, rows: 5 } as never);
    expect((await err).message).toMatch(/canonical NOPE is not defined/);
  });
});
