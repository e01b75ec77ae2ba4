// The pure engine: books per (venue, market), stream bindings, canonical instruments, ladder views.
// No worker, no timers: the worker shell (worker.ts) feeds it commands and calls flush() once per
// display tick; tests and the benchmark drive it directly.
import { Book } from '../book/book';
import { consolidatedDepth } from './depth';
import type { MarketSpec } from '../book/market';
import { DefinitionError, priceToTick, resolveMarket } from '../book/market';
import { FRAME_BOOK, FRAME_TRADE, ScanResult } from '../book/ops';
import type { EngineCommand, EngineEvent, FeedState, MarketDefInput } from './protocol';
import { commandSchema } from './protocol';
import type { Resolve } from '../book/venue-book';
import { VENUE_BOOKS } from '../venues/book-registry';
import type { InstrumentGrid, OwnOrder, Source } from './view';
import { LadderView } from './view';
import { gcd, parseScaled } from '../../shared/decimal';
import { describeIssues } from '../../shared/contract/errors';
import { VENUES, type VenueId } from '../../shared/domain';

// Timer jitter must not push a due view to the tick after, so a view may go this much early.
const DUE_SLACK_MS = 2;

export type Emit = (event: EngineEvent, transfer?: ArrayBuffer[]) => void;

interface Canonical extends InstrumentGrid {
  name: string;
  markets: string[]; // book keys
}

const bookKey = (venue: string, market: string): string => `${venue}\u0000${market}`;

function perVenue<T>(make: (venue: VenueId) => T): Record<VenueId, T> {
  return Object.fromEntries(VENUES.map((v) => [v, make(v)])) as Record<VenueId, T>;
}

export class Engine {
  private readonly books = new Map<string, Book>();
  // Per-venue maps keep the hot path free of key concatenation.
  private readonly venueBooks = perVenue(() => new Map<string, Book>());
  private readonly venueBindings = perVenue(() => new Map<string, MarketSpec>());
  private readonly canonicals = new Map<string, Canonical>();
  private readonly views = new Map<number, LadderView>();
  private readonly viewInstrument = new Map<
    number,
    { venue: string; market: string } | { canonical: string }
  >();
  private readonly own = new Map<string, OwnOrder[]>();
  // Live until the core says otherwise: the engine alone (tests, the benchmark) has no status board.
  private readonly feeds = perVenue((): { state: FeedState } => ({ state: 'live' }));
  private readonly result = new ScanResult();
  private readonly resolvers: Record<VenueId, Resolve>;

  constructor(private readonly emit: Emit) {
    this.resolvers = perVenue((venue): Resolve => {
      const bindings = this.venueBindings[venue];
      const books = this.venueBooks[venue];
      return (key) => bindings.get(key) ?? books.get(key)?.spec;
    });
  }

  /** Validates and runs one command; a bad command becomes an error event, never a throw. */
  handle(raw: unknown): void {
    const fast = raw as {
      type?: unknown;
      venue?: unknown;
      text?: unknown;
      texts?: unknown;
      receivedAt?: unknown;
    } | null;
    // The hot commands skip zod: their only payload is text the venue scanner validates anyway.
    if (
      fast &&
      typeof fast.receivedAt === 'number' &&
      typeof fast.venue === 'string' &&
      Object.hasOwn(VENUE_BOOKS, fast.venue)
    ) {
      const venue = fast.venue as VenueId;
      if (fast.type === 'frame' && typeof fast.text === 'string') {
        this.frame(venue, fast.text, fast.receivedAt);
        return;
      }
      if (fast.type === 'frames' && Array.isArray(fast.texts)) {
        for (const t of fast.texts as unknown[]) {
          if (typeof t === 'string') this.frame(venue, t, fast.receivedAt);
          else
            this.emit({ type: 'error', message: 'frames: every entry must be a string', command: 'frames' });
        }
        return;
      }
    }
    const parsed = commandSchema.safeParse(raw);
    if (!parsed.success) {
      const type = typeof fast?.type === 'string' ? fast.type : undefined;
      this.emit({
        type: 'error',
        message: `invalid command: ${describeIssues(parsed.error)}`,
        command: type,
      });
      return;
    }
    try {
      this.run(parsed.data);
    } catch (e) {
      this.emit({ type: 'error', message: (e as Error).message, command: parsed.data.type });
    }
  }

  private run(cmd: EngineCommand): void {
    switch (cmd.type) {
      case 'defineMarket':
        return this.defineMarket(cmd.market);
      case 'defineCanonical': {
        const tickUnits = parseScaled(cmd.tickSize, cmd.priceDecimals);
        if (tickUnits <= 0) throw new DefinitionError('tickSize must be positive');
        const existing = this.canonicals.get(cmd.canonical);
        if (existing) {
          // A venue that connects later can need a finer grid; its views are rebuilt on it.
          for (const key of existing.markets) {
            if (this.books.get(key)!.spec.sizeDecimals > cmd.sizeDecimals) {
              throw new DefinitionError(`${cmd.canonical}: size decimals below those of its markets`);
            }
          }
          existing.priceScale = cmd.priceDecimals;
          existing.sizeScale = cmd.sizeDecimals;
          existing.tickUnits = tickUnits;
          this.refreshViews();
          // Their centre was in ticks of the old grid: centre them on the mid again.
          for (const [id, inst] of this.viewInstrument) {
            if ('canonical' in inst && inst.canonical === cmd.canonical) this.views.get(id)!.recenter(NaN);
          }
          return;
        }
        this.canonicals.set(cmd.canonical, {
          name: cmd.canonical,
          priceScale: cmd.priceDecimals,
          sizeScale: cmd.sizeDecimals,
          tickUnits,
          markets: [],
        });
        return;
      }
      case 'bindStream': {
        const book = this.books.get(bookKey(cmd.venue, cmd.market));
        if (!book) throw new DefinitionError(`bindStream: market ${cmd.venue} ${cmd.market} is not defined`);
        this.venueBindings[cmd.venue].set(cmd.key, book.spec);
        return;
      }
      case 'unbindStream':
        this.venueBindings[cmd.venue].delete(cmd.key);
        return;
      case 'frame':
        return this.frame(cmd.venue, cmd.text, cmd.receivedAt);
      case 'frames':
        for (const t of cmd.texts) this.frame(cmd.venue, t, cmd.receivedAt);
        return;
      case 'trade': {
        const t = cmd.trade;
        const book = this.book(t.venue, t.market);
        const size = parseScaled(t.size, book.spec.sizeDecimals);
        if (size <= 0) throw new DefinitionError('trade size must be positive');
        book.trade(priceToTick(book.spec, t.price), size, t.time, !t.history);
        return;
      }
      case 'resetBook':
        this.book(cmd.venue, cmd.market).reset();
        return;
      case 'venueFeed': {
        const feed = this.feeds[cmd.venue];
        if (feed.state === cmd.state) return;
        feed.state = cmd.state;
        // A down venue's book is gone, not paused: it comes back only from a fresh snapshot.
        if (cmd.state === 'down') for (const b of this.venueBooks[cmd.venue].values()) b.reset();
        this.refreshViews();
        return;
      }
      case 'clearBooks':
        for (const b of this.books.values()) b.reset();
        this.own.clear();
        this.refreshViews();
        return;
      case 'resetSession':
        for (const b of this.books.values()) {
          if ((!cmd.venue || b.spec.venue === cmd.venue) && (!cmd.market || b.spec.market === cmd.market))
            b.resetSession();
        }
        return;
      case 'openView':
        return this.openView(cmd);
      case 'paceView':
        this.view(cmd.viewId).pace(cmd.slotAt, cmd.intervalMs);
        return;
      case 'recenter': {
        const v = this.view(cmd.viewId);
        v.recenter(cmd.center == null ? NaN : this.centerTick(v.grid, cmd.center));
        return;
      }
      case 'closeView':
        this.views.delete(cmd.viewId);
        this.viewInstrument.delete(cmd.viewId);
        return;
      case 'ownOrders': {
        const book = this.book(cmd.venue, cmd.market);
        // Convert everything first so a bad order leaves the previous set in place.
        const list: OwnOrder[] = cmd.orders.map((o) => {
          const size = parseScaled(o.remaining, book.spec.sizeDecimals);
          if (size <= 0) throw new DefinitionError(`own order remaining ${o.remaining} must be positive`);
          return { tick: priceToTick(book.spec, o.price), isBid: o.side === 'buy', size };
        });
        this.own.set(bookKey(cmd.venue, cmd.market), list);
        this.refreshViews();
        return;
      }
      case 'stats':
        this.emit({ type: 'bookStats', books: this.stats(), requestId: cmd.requestId });
        return;
      case 'depth': {
        const { sources, grid } = this.sourcesFor({ canonical: cmd.canonical });
        const levels = consolidatedDepth(sources, grid, cmd.side === 'bid', cmd.maxLevels);
        this.emit({
          type: 'depth',
          requestId: cmd.requestId,
          canonical: cmd.canonical,
          side: cmd.side,
          levels,
        });
        return;
      }
    }
  }

  /** The hot path: one raw WebSocket text frame. */
  frame(venue: VenueId, text: string, receivedAt: number): void {
    const res = this.result;
    const rules = VENUE_BOOKS[venue];
    const err = rules.scan(text, this.resolvers[venue], res);
    const book = res.market === null ? undefined : this.venueBooks[venue].get(res.market);
    if (err !== null) {
      // A lost incremental book frame means our book may now be wrong: resync. A venue whose next
      // message replaces the book needs none, and a bad trade print does not affect the book.
      const resync =
        book !== undefined &&
        res.kind === FRAME_BOOK &&
        rules.sequencing !== 'full-book-frames' &&
        book.state === 'live';
      if (book) book.refuse(err, resync);
      this.emit({ type: 'frameRejected', venue, market: res.market, reason: err });
      if (book && resync)
        this.emit({ type: 'resync', venue, market: book.spec.market, reason: `rejected frame: ${err}` });
      return;
    }
    if (!book) return;
    if (res.kind === FRAME_TRADE) {
      book.trade(res.tradeTick, res.tradeSize, res.tradeTimeMs, res.tradeCounts);
      book.noteChange(receivedAt);
      book.stats.lastFrameAt = receivedAt;
      return;
    }
    const e = book.applyFrame(res.ops, res.snapshot, res.sec, res.ns, receivedAt);
    if (e !== null) {
      this.emit({ type: 'frameRejected', venue, market: book.spec.market, reason: e });
      if (book.resyncNeeded) this.emit({ type: 'resync', venue, market: book.spec.market, reason: e });
    }
  }

  /** When flush() next has a frame to send, for a timer to wake it then (Infinity: no need). */
  nextDue(): number {
    let due = Infinity;
    for (const v of this.views.values()) if (v.hasFrame && v.nextAt < due) due = v.nextAt;
    return due;
  }

  /** Emits a frame for every view that changed and is due; then clears the books' change marks. */
  flush(now: number): void {
    for (const v of this.views.values()) v.collect();
    for (const b of this.books.values()) if (b.dirty || b.tradeDirty) b.clearDirty();
    for (const v of this.views.values()) {
      if (!v.hasFrame || now < v.nextAt - DUE_SLACK_MS) continue;
      const buffer = v.build();
      v.emitted(now, DUE_SLACK_MS);
      this.emit({ type: 'ladderFrame', viewId: v.id, buffer }, [buffer]);
    }
  }

  getBook(venue: string, market: string): Book | undefined {
    return this.books.get(bookKey(venue, market));
  }

  stats(): ReturnType<Book['snapshotStats']>[] {
    return [...this.books.values()].map((b) => b.snapshotStats());
  }

  private defineMarket(def: MarketDefInput): void {
    const spec = resolveMarket(def, VENUE_BOOKS[def.venue]);
    const key = bookKey(spec.venue, spec.market);
    if (this.books.has(key)) throw new DefinitionError(`market ${spec.venue} ${spec.market} already defined`);
    if (spec.canonical !== null) {
      let c = this.canonicals.get(spec.canonical);
      if (!c) {
        c = {
          name: spec.canonical,
          priceScale: spec.priceDecimals,
          sizeScale: spec.sizeDecimals,
          tickUnits: spec.tickUnits,
          markets: [],
        };
        this.canonicals.set(spec.canonical, c);
      }
      if (spec.sizeDecimals > c.sizeScale) {
        throw new DefinitionError(
          `${spec.market} has more size decimals (${spec.sizeDecimals}) than ${c.name} (${c.sizeScale})`,
        );
      }
      c.markets.push(key);
    }
    const book = new Book(spec);
    this.books.set(key, book);
    this.venueBooks[spec.venue].set(spec.market, book);
    this.refreshViews();
  }

  private openView(cmd: Extract<EngineCommand, { type: 'openView' }>): void {
    if (this.views.has(cmd.viewId)) throw new DefinitionError(`view ${cmd.viewId} already open`);
    const { sources, grid } = this.sourcesFor(cmd.instrument);
    const v = new LadderView(cmd.viewId, cmd.rows, cmd.groupTicks ?? 1, 1000 / (cmd.maxFps ?? 60), grid);
    v.setSources(sources, grid);
    v.recenter(cmd.center == null ? NaN : this.centerTick(grid, cmd.center));
    this.views.set(cmd.viewId, v);
    this.viewInstrument.set(cmd.viewId, cmd.instrument);
  }

  private sourcesFor(inst: { venue: string; market: string } | { canonical: string }): {
    sources: Source[];
    grid: InstrumentGrid;
  } {
    if ('venue' in inst) {
      const book = this.book(inst.venue, inst.market);
      const s = book.spec;
      const own = this.own.get(bookKey(s.venue, s.market)) ?? [];
      return {
        sources: [{ book, label: s.venue, num: 1, den: 1, sizeMul: 1, own, feed: this.feeds[s.venue] }],
        grid: { priceScale: s.priceDecimals, sizeScale: s.sizeDecimals, tickUnits: s.tickUnits },
      };
    }
    const c = this.canonicals.get(inst.canonical);
    if (!c) throw new DefinitionError(`canonical ${inst.canonical} is not defined`);
    const sources = c.markets.map((key): Source => {
      const book = this.books.get(key)!;
      const s = book.spec;
      // venue tick t = t * tickUnits at 10^-pd; canonical tick = that / c.tickUnits at 10^-cpd.
      let num = s.tickUnits * 10 ** Math.max(c.priceScale - s.priceDecimals, 0);
      let den = c.tickUnits * 10 ** Math.max(s.priceDecimals - c.priceScale, 0);
      const g = gcd(num, den);
      num /= g;
      den /= g;
      return {
        book,
        label: s.venue,
        num,
        den,
        sizeMul: 10 ** (c.sizeScale - s.sizeDecimals),
        own: this.own.get(key) ?? [],
        feed: this.feeds[s.venue],
      };
    });
    return { sources, grid: c };
  }

  private refreshViews(): void {
    for (const [id, inst] of this.viewInstrument) {
      const v = this.views.get(id)!;
      const { sources, grid } = this.sourcesFor(inst);
      v.setSources(sources, grid);
    }
  }

  private centerTick(grid: InstrumentGrid, price: string): number {
    return Math.round(parseScaled(price, grid.priceScale) / grid.tickUnits);
  }

  private book(venue: string, market: string): Book {
    const b = this.books.get(bookKey(venue, market));
    if (!b) throw new DefinitionError(`market ${venue} ${market} is not defined`);
    return b;
  }

  private view(id: number): LadderView {
    const v = this.views.get(id);
    if (!v) throw new DefinitionError(`view ${id} is not open`);
    return v;
  }
}
