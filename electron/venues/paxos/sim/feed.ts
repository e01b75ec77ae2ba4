// One market's SOR output: turns SimMarket level changes and trades into wire payloads and fans
// them out to the connections subscribed. Every batch gets a wire time from a per-market strictly
// increasing clock, so "UPDATE time > SNAPSHOT time" (the documented client rule) is exact.
import type { LevelChange, SimMarket, SimTrade } from '../../simkit/index';
import type {
  ExecutionDataPayload,
  MarketDataPayload,
  PriceLevel,
  TopOfBookPayload,
} from '../wire/paxos-wire';
import { fmtAmount, fmtPrice, nowNs, rfc3339Nano } from './markets';

/** How many past UPDATE batches a new subscription is replayed before its SNAPSHOT. */
export const DEFAULT_PRE_SNAPSHOT_REPLAY = 3;

export interface FeedSink {
  marketData(feed: MarketFeed, frame: string): void;
  topOfBook(feed: MarketFeed, frame: string): void;
  execution(feed: MarketFeed, frame: string): void;
}

export interface CapturedSnapshot {
  stamp: bigint;
  frame: string;
  /** UPDATE frames already reflected in the snapshot (time <= snapshot time). */
  replay: string[];
}

// Whole book, not the generator's display depth: the SOR channel is documented as full depth.
const FULL_DEPTH = 1_000_000;

export class MarketFeed {
  private lastStamp = 0n;
  private readonly recent: string[] = [];
  private lastTopKey = '';
  private readonly unsubscribers: Array<() => void> = [];

  constructor(
    readonly symbol: string,
    readonly market: SimMarket,
    private readonly sink: FeedSink,
    private readonly isStalled: () => boolean,
    private readonly replayCount: number,
  ) {
    this.lastTopKey = this.topKey();
    this.unsubscribers.push(market.onChanges((changes, t) => this.onChanges(changes, t)));
    this.unsubscribers.push(market.onTrade((trade) => this.onTrade(trade)));
  }

  dispose(): void {
    for (const u of this.unsubscribers.splice(0)) u();
  }

  private stamp(t: bigint): bigint {
    this.lastStamp = t > this.lastStamp ? t : this.lastStamp + 1n;
    return this.lastStamp;
  }

  private levels(changes: LevelChange[], side: 'bid' | 'ask'): PriceLevel[] {
    // A batch may touch one price twice; the last absolute size is the one that counts.
    const byPrice = new Map<number, number>();
    for (const c of changes) if (c.side === side) byPrice.set(c.price, c.size);
    const prices = [...byPrice.keys()].sort((a, b) => (side === 'bid' ? b - a : a - b));
    const spec = this.market.spec;
    return prices.map((p) => ({ price: fmtPrice(spec, p), amount: fmtAmount(spec, byPrice.get(p)!) }));
  }

  private onChanges(changes: LevelChange[], timeNs: bigint): void {
    if (changes.length === 0) return;
    const stamp = this.stamp(timeNs);
    const payload: MarketDataPayload = {
      market: this.symbol,
      type: 'UPDATE',
      time: rfc3339Nano(stamp),
      bids: this.levels(changes, 'bid'),
      asks: this.levels(changes, 'ask'),
    };
    const frame = JSON.stringify({ channel: 'market_data', payload });
    this.recent.push(frame);
    if (this.recent.length > this.replayCount) this.recent.shift();
    const key = this.topKey();
    const topChanged = key !== this.lastTopKey;
    this.lastTopKey = key;
    if (this.isStalled()) return;
    this.sink.marketData(this, frame);
    if (topChanged) this.sink.topOfBook(this, this.topFrame(stamp));
  }

  private onTrade(trade: SimTrade): void {
    if (this.isStalled()) return;
    const spec = this.market.spec;
    const payload: ExecutionDataPayload = {
      market: this.symbol,
      price: fmtPrice(spec, trade.price),
      amount: fmtAmount(spec, trade.size),
      executed_at: rfc3339Nano(trade.timeNs),
    };
    this.sink.execution(this, JSON.stringify({ channel: 'execution_data', payload }));
  }

  private topKey(): string {
    const t = this.market.top();
    return `${t.bid?.price ?? ''}|${t.ask?.price ?? ''}`;
  }

  /**
   * Emitted when a best price changes, as the reference says ("sent when the best price
   * changes", DOC P1); the amounts are the ones at that moment. An empty side is `[]`, the
   * reading the reference suggests for open question 5.
   */
  topFrame(stamp?: bigint): string {
    const spec = this.market.spec;
    const t = this.market.top();
    const payload: TopOfBookPayload = {
      market: this.symbol,
      type: 'TOP_OF_BOOK',
      timestamp: rfc3339Nano(stamp ?? this.stamp(nowNs())),
      bids: t.bid ? [{ price: fmtPrice(spec, t.bid.price), amount: fmtAmount(spec, t.bid.size) }] : [],
      asks: t.ask ? [{ price: fmtPrice(spec, t.ask.price), amount: fmtAmount(spec, t.ask.size) }] : [],
    };
    return JSON.stringify({ channel: 'market_data.top_of_book', payload });
  }

  /** The book now, stamped later than every UPDATE sent so far and earlier than any to come. */
  capture(): CapturedSnapshot {
    const spec = this.market.spec;
    const book = this.market.snapshot(FULL_DEPTH);
    const stamp = this.stamp(nowNs());
    const payload: MarketDataPayload = {
      market: this.symbol,
      type: 'SNAPSHOT',
      time: rfc3339Nano(stamp),
      bids: book.bids.map((l) => ({ price: fmtPrice(spec, l.price), amount: fmtAmount(spec, l.size) })),
      asks: book.asks.map((l) => ({ price: fmtPrice(spec, l.price), amount: fmtAmount(spec, l.size) })),
    };
    return { stamp, frame: JSON.stringify({ channel: 'market_data', payload }), replay: [...this.recent] };
  }
}
