// Replay as a mode of the core, with the real engine, venue manager and order desk: the session's
// venues give way to paper venues built from the recording, their orders go to journal-replay,
// the windows are told to hold while the core swaps, and stopping hands back to the profile.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MarketDataService } from '../../electron/app/market-data';
import { ReplaySession } from '../../electron/app/replay-session';
import { TradingDesk } from '../../electron/app/trading-desk';
import { VenueManager } from '../../electron/app/venue-manager';
import { VenueStatusBoard } from '../../electron/app/venue-status';
import { REPLAY_CAPABILITIES } from '../../electron/replay/replay-adapter';
import type { ReplayState } from '../../shared/contract';
import { writePaxosRecording } from '../replay/helpers';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('replay session', () => {
  it('swaps in paper venues from the recording, journals apart, and hands back on stop', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'crossbook-replay-session-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const id = await writePaxosRecording(dataDir, 20, 5);

    const marketData = new MarketDataService();
    const board = new VenueStatusBoard();
    const venueManager = new VenueManager(marketData, board);
    const desk = new TradingDesk(dataDir, marketData);
    cleanups.push(
      () => marketData.close(),
      () => venueManager.close(),
      () => desk.stop(),
    );
    const restore = vi.fn(async () => {});
    const replay = new ReplaySession({ dataDir, marketData, venueManager, desk, restore });
    const states: ReplayState[] = [];
    replay.onChange((s) => states.push(s));
    cleanups.push(() => replay.end());

    const [recording] = await replay.recordings();
    expect(recording).toMatchObject({ profile: 'demo', id: id, parts: 1 });
    await replay.start({ profile: 'demo', id: id, speed: 100 });

    expect(states[0]).toMatchObject({ switching: true });
    expect(replay.current()).toMatchObject({ active: true, switching: false, id: id });
    const paxos = venueManager.all().get('paxos');
    expect(paxos?.capabilities).toBe(REPLAY_CAPABILITIES);
    expect(paxos?.markets().map((m) => m.market)).toEqual(['BTCUSD']);
    expect(venueManager.all().has('alor')).toBe(false);
    expect(board.current().find((v) => v.venue === 'alor')).toMatchObject({
      state: 'idle',
      reason: 'not in this recording',
    });
    expect(desk.journalPath()).toBe(join(dataDir, 'journal-replay.jsonl'));
    await vi.waitFor(() => expect(replay.current().ended).toBe(true), { timeout: 5_000 });

    await replay.stop();
    expect(restore).toHaveBeenCalledTimes(1);
    expect(replay.current()).toEqual({ active: false });
    await expect(replay.start({ profile: 'demo', id: '20200101T000000000Z' })).rejects.toThrow(
      /could not be replayed/,
    );
    expect(replay.current().active).toBe(false);
    // Nothing was swapped for a recording that could not load, so nothing is handed back.
    expect(restore).toHaveBeenCalledTimes(1);
  });
});
