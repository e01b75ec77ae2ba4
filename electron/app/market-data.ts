// The core's side of the engine worker: adapters hand it raw book frames (MarketDataSink) and it
// forwards them in batches, so the main thread does no parsing; ladder subscriptions become engine
// views whose binary frames go straight to the window that asked.
import { formatScaled, gcd, parseScaled } from '../../shared/decimal';
import type { InstrumentInfo, InstrumentRef, MarketTrade } from '../../shared/contract';
import type { VenueId } from '../../shared/domain';
import { createEngineClient, type EngineClient } from '../engine/client';
import type { BookStats, DepthLevel, FeedState, WorkerCommand } from '../engine/protocol';
import type { RecordingTarget } from '../replay/recording/format';
import type { DepthLevel as SorDepthLevel } from '../orders/smart-router';
import type { MarketDataSink, VenueMarketInfo, VenueTrade } from '../venues/common/adapter';
import { createLogger } from '../base/log';

const log = createLogger('market-data');
const TRADE_HISTORY = 500;

interface View {
  owner: string;
  emit: (buffer: ArrayBuffer) => void;
}

/** The grid a consolidated ladder needs: fine enough for every venue's prices. */
export function canonicalGrid(markets: VenueMarketInfo[]): {
  priceDecimals: number;
  sizeDecimals: number;
  tickSize: string;
} {
  const priceDecimals = Math.max(...markets.map((m) => m.priceDecimals));
  const sizeDecimals = Math.max(...markets.map((m) => m.sizeDecimals));
  const tick = markets.map((m) => parseScaled(m.tickSize, priceDecimals)).reduce(gcd);
  return { priceDecimals, sizeDecimals, tickSize: formatScaled(tick, priceDecimals) };
}

export class MarketDataService implements MarketDataSink {
  private readonly engine: EngineClient;
  private queue: WorkerCommand[] = [];
  private flushScheduled = false;
  private nextViewId = 1;
  private nextRequestId = 1;
  private readonly views = new Map<number, View>();
  private readonly markets = new Map<string, VenueMarketInfo>();
  private readonly stats = new Map<string, BookStats>();
  private readonly trades: MarketTrade[] = [];
  private readonly tradeListeners = new Set<(trades: MarketTrade[]) => void>();
  private readonly statsListeners = new Set<(books: BookStats[]) => void>();
  private readonly discardListeners = new Set<() => void>();
  private readonly resyncListeners = new Set<(venue: VenueId, market: string, reason: string) => void>();
  private readonly depthWaiters = new Map<number, (levels: DepthLevel[]) => void>();
  /** Depth kept fresh for every instrument: the order router and the risk check (which values a
   * market order at the price its size reaches) read it synchronously. */
  private readonly warmDepth = new Set<string>();
  private readonly depthTimer: ReturnType<typeof setInterval>;
  private readonly depthCache = new Map<string, { levels: DepthLevel[]; at: number; refreshing: boolean }>();
  private readonly feeds = new Map<VenueId, FeedState>();

  constructor(engine: EngineClient = createEngineClient({ statsIntervalMs: 500 })) {
    this.engine = engine;
    engine.on('ladderFrame', (e) => this.views.get(e.viewId)?.emit(e.buffer));
    engine.on('bookStats', (e) => {
      for (const book of e.books) this.stats.set(`${book.venue}:${book.market}`, book);
      for (const listener of this.statsListeners) listener(e.books);
    });
    engine.on('resync', (e) => {
      log.warn('book needs a resync', { venue: e.venue, market: e.market, reason: e.reason });
      for (const listener of this.resyncListeners) listener(e.venue as VenueId, e.market, e.reason);
    });
    engine.on('frameRejected', (e) =>
      log.warn('frame rejected', { venue: e.venue, market: e.market, reason: e.reason }),
    );
    engine.on('depth', (e) => {
      this.depthWaiters.get(e.requestId)?.(e.levels);
      this.depthWaiters.delete(e.requestId);
    });
    engine.on('error', (e) => log.error('engine error', { message: e.message, command: e.command }));
    // Keep depth warm for every instrument, so the router's first preview and the first market
    // order on a single-venue instrument already have a book (a cold cache read answers empty).
    this.depthTimer = setInterval(() => {
      for (const c of this.warmDepth)
        for (const side of ['bid', 'ask'] as const) this.cachedDepth(c, side, 1);
    }, 250);
    this.depthTimer.unref();
  }

  // --- MarketDataSink: called by adapters on the main thread, so each call only queues. ---
  frame(venue: VenueId, text: string, receivedAt: number): void {
    this.enqueue({ type: 'frame', venue, text, receivedAt });
  }
  bindStream(venue: VenueId, key: string, market: string): void {
    this.enqueue({ type: 'bindStream', venue, key, market });
  }
  unbindStream(venue: VenueId, key: string): void {
    this.enqueue({ type: 'unbindStream', venue, key });
  }
  resetBook(venue: VenueId, market: string): void {
    this.enqueue({ type: 'resetBook', venue, market });
  }
  trade(trade: VenueTrade): void {
    // Thousands a second under load: plain literals, no spreads, and no delete (which turns an
    // object into a slow dictionary).
    const { venue, market, price, size, time, side } = trade;
    const copy: VenueTrade = { venue, market, price, size, time };
    if (side) copy.side = side;
    if (trade.history) copy.history = true;
    this.enqueue({ type: 'trade', trade: copy });
    if (trade.history) return;
    const canonical = this.markets.get(`${venue}:${market}`)?.canonical ?? market;
    const view: MarketTrade = { venue, market, canonical, price, size, time };
    if (side) view.side = side;
    this.trades.push(view);
    // Trimmed in chunks: trimming one trade at a time shifted the whole array on every trade.
    if (this.trades.length >= 2 * TRADE_HISTORY) this.trades.splice(0, this.trades.length - TRADE_HISTORY);
    for (const listener of this.tradeListeners) listener([view]);
  }

  /** Tells the engine a venue's feed state (see linkVenueFeeds); repeats are not sent. */
  venueFeed(venue: VenueId, state: FeedState): void {
    if (this.feeds.get(venue) === state) return;
    this.feeds.set(venue, state);
    this.enqueue({ type: 'venueFeed', venue, state });
  }

  /**
   * Starts (or, with null, stops) recording what the venues send. The recorder runs beside the
   * engine on its worker and reads the batches this service already sends there.
   */
  setRecording(target: RecordingTarget | null): void {
    this.enqueue({ type: 'recording', target });
    if (target && this.markets.size > 0)
      this.enqueue({ type: 'recordMarkets', markets: [...this.markets.values()] });
  }

  /**
   * Another market from here on (a profile switch, a replay starting, stopping or seeking back):
   * every book of the old one goes, queued ahead of the new one's frames, and so do its trades and
   * book stats, so no session figure mixes the two markets.
   */
  discardBooks(): void {
    this.enqueue({ type: 'clearBooks' });
    for (const entry of this.depthCache.values()) entry.levels = [];
    this.trades.length = 0;
    this.stats.clear();
    for (const listener of this.discardListeners) listener();
  }

  /** Called after discardBooks: whatever was derived from the old market's trades must go too. */
  onDiscard(listener: () => void): () => void {
    this.discardListeners.add(listener);
    return () => this.discardListeners.delete(listener);
  }

  private enqueue(command: WorkerCommand): void {
    this.queue.push(command);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // One postMessage per turn of the event loop, however many frames arrived in it.
    setImmediate(() => {
      this.flushScheduled = false;
      const batch = this.queue;
      this.queue = [];
      this.engine.sendBatch(batch);
    });
  }

  /** Declares a venue's markets and (re)declares the canonical instruments they belong to. */
  defineMarkets(markets: VenueMarketInfo[]): void {
    const fresh = markets.filter((m) => !this.markets.has(`${m.venue}:${m.market}`));
    for (const m of fresh) this.markets.set(`${m.venue}:${m.market}`, m);
    // A recording needs the full market infos (lot size, minimum) to answer markets() on replay.
    if (fresh.length > 0) this.enqueue({ type: 'recordMarkets', markets: fresh });
    // Canonical grids first: each must be fine enough for every market in it, including the new ones.
    const touched = new Set(fresh.map((m) => m.canonical));
    for (const canonical of touched) {
      const list = [...this.markets.values()].filter((m) => m.canonical === canonical);
      this.enqueue({ type: 'defineCanonical', canonical, ...canonicalGrid(list) });
      this.warmDepth.add(canonical);
    }
    for (const m of fresh) {
      this.enqueue({
        type: 'defineMarket',
        market: {
          venue: m.venue,
          market: m.market,
          canonical: m.canonical,
          priceDecimals: m.priceDecimals,
          sizeDecimals: m.sizeDecimals,
          tickSize: m.tickSize,
        },
      });
    }
  }

  instruments(): InstrumentInfo[] {
    const out: InstrumentInfo[] = [];
    const byCanonical = new Map<string, VenueMarketInfo[]>();
    for (const m of this.markets.values()) {
      byCanonical.set(m.canonical, [...(byCanonical.get(m.canonical) ?? []), m]);
      out.push({
        id: `${m.venue}:${m.market}`,
        label: `${m.market} · ${m.venue}`,
        ref: { venue: m.venue, market: m.market },
        canonical: m.canonical,
        priceDecimals: m.priceDecimals,
        sizeDecimals: m.sizeDecimals,
        tickSize: m.tickSize,
        lotSize: m.lotSize,
        venues: [m.venue],
      });
    }
    for (const [canonical, list] of byCanonical) {
      if (list.length < 2) continue;
      const grid = canonicalGrid(list);
      out.push({
        id: canonical,
        label: `${canonical} · consolidated`,
        ref: { canonical },
        canonical,
        ...grid,
        lotSize: list.map((m) => m.lotSize).sort((a, b) => a.length - b.length)[0]!,
        venues: [...new Set(list.map((m) => m.venue))],
      });
    }
    return out.sort((a, b) => a.label.localeCompare(b.label));
  }

  market(venue: VenueId, market: string): VenueMarketInfo | undefined {
    return this.markets.get(`${venue}:${market}`);
  }

  openView(
    owner: string,
    params: {
      instrument: InstrumentRef;
      rows: number;
      groupTicks?: number;
      center?: string | null;
      maxFps?: number;
    },
    emit: (buffer: ArrayBuffer) => void,
  ): number {
    const viewId = this.nextViewId++;
    this.views.set(viewId, { owner, emit });
    this.enqueue({ type: 'openView', viewId, ...params });
    return viewId;
  }

  recenter(owner: string, viewId: number, center: string | null): boolean {
    if (this.views.get(viewId)?.owner !== owner) return false;
    this.enqueue({ type: 'recenter', viewId, center });
    return true;
  }

  pace(owner: string, viewId: number, slotAt: number, intervalMs: number): boolean {
    if (this.views.get(viewId)?.owner !== owner) return false;
    this.enqueue({ type: 'paceView', viewId, slotAt, intervalMs });
    return true;
  }

  closeView(viewId: number): void {
    if (this.views.delete(viewId)) this.enqueue({ type: 'closeView', viewId });
  }

  ownOrders(
    venue: VenueId,
    market: string,
    orders: { price: string; side: 'buy' | 'sell'; remaining: string }[],
  ): void {
    this.enqueue({ type: 'ownOrders', venue, market, orders });
  }

  /** Consolidated depth from the worker, for the smart order router. */
  depth(canonical: string, side: 'bid' | 'ask', maxLevels: number): Promise<DepthLevel[]> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      this.depthWaiters.set(requestId, resolve);
      this.enqueue({ type: 'depth', requestId, canonical, side, maxLevels });
    });
  }

  /**
   * The latest consolidated depth (at most 250 ms old while asked for regularly): the order
   * router runs synchronously on the main thread and must not wait for the worker mid-decision.
   */
  cachedDepth(canonical: string, side: 'bid' | 'ask', maxLevels: number): SorDepthLevel[] {
    const key = `${canonical}\n${side}`;
    const entry = this.depthCache.get(key) ?? { levels: [], at: 0, refreshing: false };
    this.depthCache.set(key, entry);
    if (!entry.refreshing && Date.now() - entry.at > 250) {
      entry.refreshing = true;
      void this.depth(canonical, side, 200).then((levels) => {
        entry.levels = levels;
        entry.at = Date.now();
        entry.refreshing = false;
      });
    }
    return entry.levels.slice(0, maxLevels).map((l) => ({
      price: l.price,
      perVenue: l.perVenue.map((p) => ({ ...p, venue: p.venue as VenueId })),
    }));
  }

  mid(venue: VenueId, market: string): string | undefined {
    const s = this.stats.get(`${venue}:${market}`);
    if (!s?.bestBid || !s.bestAsk || s.state !== 'live') return undefined;
    const info = this.markets.get(`${venue}:${market}`);
    const decimals = (info?.priceDecimals ?? 8) + 1;
    return formatScaled(
      Math.round((parseScaled(s.bestBid, decimals) + parseScaled(s.bestAsk, decimals)) / 2),
      decimals,
    );
  }

  bookStats(): BookStats[] {
    return [...this.stats.values()];
  }

  recentTrades(canonical?: string): MarketTrade[] {
    const recent = this.trades.slice(-TRADE_HISTORY);
    return canonical ? recent.filter((t) => t.canonical === canonical) : recent;
  }

  onTrades(listener: (trades: MarketTrade[]) => void): () => void {
    this.tradeListeners.add(listener);
    return () => this.tradeListeners.delete(listener);
  }

  onStats(listener: (books: BookStats[]) => void): () => void {
    this.statsListeners.add(listener);
    return () => this.statsListeners.delete(listener);
  }

  onResync(listener: (venue: VenueId, market: string, reason: string) => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  async close(): Promise<void> {
    clearInterval(this.depthTimer);
    this.views.clear();
    await this.engine.close();
  }
}
