import { describe, expect, it } from 'vitest';
import type { InstrumentInfo, MarketTrade } from '../../shared/contract';
import type { ConnectionState, VenueId } from '../../shared/domain';
import type { BookStats } from '../../electron/engine/protocol';
import { MarketWatch } from '../../electron/app/market-watch';

function instrument(venue: VenueId | null, market: string, canonical: string): InstrumentInfo {
  return {
    id: venue ? `${venue}:${market}` : canonical,
    label: market,
    ref: venue ? { venue, market } : { canonical },
    canonical,
    priceDecimals: 2,
    sizeDecimals: 4,
    tickSize: '0.01',
    lotSize: '0.0001',
    venues: venue ? [venue] : ['paxos', 'finery'],
  };
}

function book(
  venue: string,
  market: string,
  bestBid: string,
  bestAsk: string,
  state: BookStats['state'] = 'live',
  sizes: [string, string] = ['1', '2'],
): BookStats {
  return {
    venue,
    market,
    state,
    lastUpdateAt: 1,
    lastFrameAt: 1,
    frames: 1,
    levelUpdates: 1,
    rejects: 0,
    discarded: 0,
    resyncs: 0,
    crossed: false,
    bidLevels: 1,
    askLevels: 1,
    lastReject: null,
    bestBid,
    bestAsk,
    bestBidSize: sizes[0],
    bestAskSize: sizes[1],
  };
}

function setup() {
  let books: BookStats[] = [
    book('paxos', 'BTCUSD', '100.10', '100.30'),
    book('finery', 'BTC-USD', '100.20', '100.40'),
  ];
  let tradeListener: (t: MarketTrade[]) => void = () => {};
  let discardListener: () => void = () => {};
  const states = new Map<VenueId, ConnectionState>([
    ['paxos', 'live'],
    ['finery', 'live'],
  ]);
  const watch = new MarketWatch(
    {
      instruments: () => [
        instrument('paxos', 'BTCUSD', 'BTC-USD'),
        instrument('finery', 'BTC-USD', 'BTC-USD'),
        instrument(null, 'BTC-USD', 'BTC-USD'),
      ],
      bookStats: () => books,
      onTrades: (l) => ((tradeListener = l), () => true),
      onStats: () => () => true,
      onDiscard: (l) => ((discardListener = l), () => true),
    },
    (v) => states.get(v),
  );
  const trade = (venue: VenueId, market: string, price: string, size: string) =>
    tradeListener([{ venue, market, canonical: 'BTC-USD', price, size, time: 1 }]);
  return {
    watch,
    trade,
    states,
    setBooks: (b: BookStats[]) => (books = b),
    discard: () => discardListener(),
  };
}

describe('market watch', () => {
  it('carries the size at the best bid and ask, summing the venues that quote the consolidated best', () => {
    const { watch, setBooks, states } = setup();
    setBooks([
      book('paxos', 'BTCUSD', '100.20', '100.30', 'live', ['0.5', '1.25']),
      book('finery', 'BTC-USD', '100.20', '100.40', 'live', ['0.0003', '7']),
    ]);
    expect(watch.rows().map((r) => [r.id, r.bidSize, r.askSize])).toEqual([
      ['BTC-USD', '0.5003', '1.25'],
      ['finery:BTC-USD', '0.0003', '7'],
      ['paxos:BTCUSD', '0.5', '1.25'],
    ]);
    states.set('paxos', 'down');
    const [all, , paxos] = watch.rows();
    expect([paxos!.bidSize, paxos!.askSize]).toEqual([null, null]);
    expect([all!.bid, all!.bidSize, all!.ask, all!.askSize]).toEqual(['100.20', '0.0003', '100.40', '7']);
  });

  it('gives each venue market its top of book and the consolidated row, listed first, the best of both', () => {
    const { watch } = setup();
    const rows = watch.rows();
    expect(rows.map((r) => [r.id, r.bid, r.ask, r.spread, r.state])).toEqual([
      ['BTC-USD', '100.20', '100.30', '0.1', 'live'],
      ['finery:BTC-USD', '100.20', '100.40', '0.2', 'live'],
      ['paxos:BTCUSD', '100.10', '100.30', '0.2', 'live'],
    ]);
  });

  it('sums session volume exactly and takes change against the first trade', () => {
    const { watch, trade } = setup();
    trade('paxos', 'BTCUSD', '100.10', '0.1');
    trade('paxos', 'BTCUSD', '100.25', '0.2');
    trade('finery', 'BTC-USD', '99.95', '0.0003');
    const [all, finery, paxos] = watch.rows();
    expect([paxos!.last, paxos!.change, paxos!.volume]).toEqual(['100.25', '0.15', '0.3']);
    expect([finery!.last, finery!.change, finery!.volume]).toEqual(['99.95', '0', '0.0003']);
    expect([all!.last, all!.change, all!.volume]).toEqual(['99.95', '-0.15', '0.3003']);
  });

  it('starts last, change and volume over when the market is replaced (profile switch, replay)', () => {
    const { watch, trade, discard } = setup();
    trade('paxos', 'BTCUSD', '100.10', '0.1');
    trade('paxos', 'BTCUSD', '100.25', '0.2');
    discard();
    let [all, , paxos] = watch.rows();
    expect([paxos!.last, paxos!.change, paxos!.volume]).toEqual([null, null, '0']);
    expect(all!.last).toBeNull();
    trade('paxos', 'BTCUSD', '90', '0.5');
    [all, , paxos] = watch.rows();
    expect([paxos!.last, paxos!.change, paxos!.volume]).toEqual(['90', '0', '0.5']);
    expect([all!.last, all!.change]).toEqual(['90', '0']);
  });

  it('never shows a down venue prices as current, and the consolidated row leaves it out', () => {
    const { watch, states } = setup();
    states.set('finery', 'down');
    const [all, finery, paxos] = watch.rows();
    expect([finery!.bid, finery!.ask, finery!.state]).toEqual([null, null, 'down']);
    expect([all!.bid, all!.ask]).toEqual(['100.10', '100.30']);
    expect(all!.feeds).toEqual([
      { venue: 'paxos', state: 'live' },
      { venue: 'finery', state: 'down' },
    ]);
    expect(paxos!.state).toBe('live');
  });

  it('marks a stale book stale and sends only when something changed', () => {
    const { watch, setBooks, trade } = setup();
    setBooks([
      book('paxos', 'BTCUSD', '100.10', '100.30', 'stale'),
      book('finery', 'BTC-USD', '1', '2', 'awaiting'),
    ]);
    const sent: string[][] = [];
    const stop = watch.watch((rows) => sent.push(rows.map((r) => r.state)));
    watch.emit(); // the table starts dirty: one catch-up send
    const afterFirst = sent.length;
    watch.emit();
    expect(sent.length).toBe(afterFirst);
    trade('paxos', 'BTCUSD', '100', '1');
    watch.emit();
    expect(sent.length).toBe(afterFirst + 1);
    expect(sent.at(-1)).toEqual(['stale', 'awaiting', 'stale']);
    stop();
    watch.close();
  });
});
