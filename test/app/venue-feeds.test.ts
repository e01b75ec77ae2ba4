// The status board's venue states reach the engine as feed states, once per change, and a profile
// switch's book discard is queued ahead of whatever the new profile sends.
import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../electron/engine/client';
import type { WorkerCommand as EngineCommand } from '../../electron/engine/protocol';
import { MarketDataService } from '../../electron/app/market-data';
import { feedStateOf, linkVenueFeeds } from '../../electron/app/venue-feeds';
import { VenueStatusBoard } from '../../electron/app/venue-status';

function recordingEngine(): { client: EngineClient; sent: EngineCommand[] } {
  const sent: EngineCommand[] = [];
  const client: EngineClient = {
    send: (c) => void sent.push(c),
    sendBatch: (cs) => void sent.push(...cs),
    on: () => () => {},
    onAny: () => () => {},
    close: async () => {},
  };
  return { client, sent };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const feeds = (sent: EngineCommand[]) =>
  sent
    .filter((c) => c.type === 'venueFeed')
    .map((c) => (c.type === 'venueFeed' ? `${c.venue}:${c.state}` : ''));

describe('venue feed states from the board to the engine', () => {
  it('maps connection states: only an up session with data is live', () => {
    expect(feedStateOf('live')).toBe('live');
    expect(feedStateOf('connected')).toBe('live');
    expect(feedStateOf('stale')).toBe('stale');
    for (const s of ['idle', 'connecting', 'authenticating', 'reconnecting', 'down'] as const)
      expect(feedStateOf(s)).toBe('down');
  });

  it('sends every venue’s state at start, then each change once', async () => {
    const { client, sent } = recordingEngine();
    const marketData = new MarketDataService(client);
    const board = new VenueStatusBoard();
    const unlink = linkVenueFeeds(board, marketData);
    await turn();
    expect(feeds(sent)).toEqual(['paxos:down', 'finery:down', 'alor:down']);
    sent.length = 0;
    board.update('paxos', { state: 'live' });
    board.update('paxos', { messagesPerSecond: 5 });
    board.update('finery', { state: 'connected' });
    board.update('finery', { state: 'live' });
    board.update('paxos', { state: 'stale', reason: 'no frames for 5 s' });
    await turn();
    expect(feeds(sent)).toEqual(['paxos:live', 'finery:live', 'paxos:stale']);
    unlink();
    board.update('paxos', { state: 'down' });
    await turn();
    expect(feeds(sent)).toEqual(['paxos:live', 'finery:live', 'paxos:stale']);
    await marketData.close();
  });

  it('a profile switch discards the books before the next frame reaches the engine', async () => {
    const { client, sent } = recordingEngine();
    const marketData = new MarketDataService(client);
    marketData.frame('paxos', '{"old":1}', 1);
    marketData.discardBooks();
    marketData.frame('paxos', '{"new":1}', 2);
    await turn();
    expect(sent.map((c) => c.type)).toEqual(['frame', 'clearBooks', 'frame']);
    await marketData.close();
  });
});

describe('the status board when a venue goes away', () => {
  it('drops the rates that would read as a live feed next to down, keeps them while up', () => {
    const board = new VenueStatusBoard();
    board.update('paxos', { state: 'live' });
    board.update('paxos', {
      messagesPerSecond: 110,
      levelUpdatesPerSecond: 400,
      lastMessageAgeMs: 7,
      roundTripMs: 3,
    });
    board.update('paxos', { state: 'stale' });
    expect(board.current()[0]).toMatchObject({ state: 'stale', messagesPerSecond: 110, roundTripMs: 3 });
    board.update('paxos', { state: 'down', reason: 'no Paxos credentials in the production profile' });
    const down = board.current()[0]!;
    expect(down.state).toBe('down');
    for (const key of ['messagesPerSecond', 'levelUpdatesPerSecond', 'lastMessageAgeMs', 'roundTripMs'])
      expect(down).not.toHaveProperty(key);
  });
});
