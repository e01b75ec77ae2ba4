// The venue manager with stand-in adapters: statuses reach the board, a venue without
// credentials says what to do, and a replaced adapter's last words cannot overwrite its successor.
import { describe, expect, it, vi } from 'vitest';
import type { VenueAdapterEvents, VenueConnectionStatus } from '../../electron/venues/common/adapter';

const made = vi.hoisted(
  () =>
    [] as { venue: string; status?: (s: VenueConnectionStatus) => void; disconnect: () => Promise<void> }[],
);

function fake(venue: string) {
  const entry: (typeof made)[number] = { venue, disconnect: vi.fn(async () => {}) };
  made.push(entry);
  return {
    venue,
    capabilities: {
      orderTypes: ['limit'],
      timeInForce: ['GTC'],
      postOnly: false,
      modify: false,
      cancelAll: true,
      cancelsOnDisconnect: venue === 'finery',
    },
    connect: () => new Promise<void>(() => {}),
    disconnect: entry.disconnect,
    markets: () => [],
    on: (event: keyof VenueAdapterEvents, listener: (s: VenueConnectionStatus) => void) => {
      if (event === 'status') entry.status = listener;
      return () => {};
    },
  };
}

vi.mock('../../electron/venues/paxos/adapter/paxos-adapter', () => ({
  createPaxosAdapter: () => fake('paxos'),
}));
vi.mock('../../electron/venues/finery/adapter/finery-adapter', () => ({
  createFineryAdapter: () => fake('finery'),
}));
vi.mock('../../electron/venues/alor/adapter/alor-adapter', () => ({ createAlorAdapter: () => fake('alor') }));

import { VenueManager } from '../../electron/app/venue-manager';
import { VenueStatusBoard } from '../../electron/app/venue-status';
import type { MarketDataService } from '../../electron/app/market-data';
import { getProfile } from '../../electron/vault/profiles';
import type { Vault } from '../../electron/vault/vault';

const marketData = { onResync: () => () => {}, onStats: () => () => {} } as unknown as MarketDataService;
const vault = {
  get: async (_profile: string, venue: string) =>
    venue === 'alor'
      ? null
      : venue === 'paxos'
        ? { clientId: 'id', clientSecret: 's' }
        : { key: 'k', secret: 's' },
} as unknown as Vault;

describe('VenueManager', () => {
  it('reports each venue, and ignores an adapter it has replaced', async () => {
    const board = new VenueStatusBoard();
    const manager = new VenueManager(marketData, board);
    const profile = getProfile('test');
    await manager.start({ profile, vault });
    const state = (venue: string) => board.current().find((v) => v.venue === venue)!;
    expect(state('alor')).toMatchObject({
      state: 'down',
      reason: expect.stringContaining('add them in Settings'),
    });
    expect(state('finery').cancelsOnDisconnect).toBe(true);

    const first = made.find((m) => m.venue === 'paxos')!;
    first.status!({ venue: 'paxos', state: 'live', at: 1 });
    expect(state('paxos').state).toBe('live');

    await manager.start({ profile, vault }); // a profile switch: new adapters
    expect(first.disconnect).toHaveBeenCalled();
    const second = made.filter((m) => m.venue === 'paxos')[1]!;
    second.status!({ venue: 'paxos', state: 'connecting', at: 2 });
    first.status!({ venue: 'paxos', state: 'down', reason: 'closed', at: 3 });
    expect(state('paxos').state).toBe('connecting');
    await manager.close();
  });
});

describe('VenueManager received rates', () => {
  it('adds up reports that arrive back to back instead of dividing by the gap between them', async () => {
    let emit: (books: unknown[]) => void = () => {};
    const stats = {
      onResync: () => () => {},
      onStats: (l: (books: unknown[]) => void) => ((emit = l), () => {}),
    } as unknown as MarketDataService;
    const board = new VenueStatusBoard();
    const manager = new VenueManager(stats, board);
    const adapter = { ...fake('paxos'), connect: async () => {} };
    await manager.startWith([adapter as never], 'not in this recording');
    const book = (frames: number, levelUpdates: number) => ({
      venue: 'paxos',
      market: 'BTCUSD',
      frames,
      levelUpdates,
      lastFrameAt: 0,
    });
    const now = vi.spyOn(Date, 'now');
    const paxos = () => board.current().find((v) => v.venue === 'paxos');
    try {
      now.mockReturnValue(10_000);
      emit([book(100, 1_000)]);
      now.mockReturnValue(10_500);
      emit([book(150, 1_500)]);
      expect(paxos()).toMatchObject({ messagesPerSecond: 100, levelUpdatesPerSecond: 1_000 });
      // Two reports queued behind a busy main thread, handled 1 ms apart after a 1 s stall.
      now.mockReturnValue(11_500);
      emit([book(250, 2_500)]);
      expect(paxos()).toMatchObject({ messagesPerSecond: 100, levelUpdatesPerSecond: 1_000 });
      now.mockReturnValue(11_501);
      emit([book(300, 3_000)]);
      expect(paxos()).toMatchObject({ messagesPerSecond: 100, levelUpdatesPerSecond: 1_000 });
      now.mockReturnValue(11_751);
      emit([book(325, 3_250)]);
      // 75 frames over the 251 ms since the report that counted.
      expect(paxos()?.messagesPerSecond).toBeCloseTo(298.8, 1);
    } finally {
      now.mockRestore();
      await manager.close();
    }
  });
});
