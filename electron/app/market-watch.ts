// The market watch: top of book, last, change and session volume per venue market and per
// consolidated instrument. Trades and book stats only mark the table dirty (a few thousand
// trades a second cost one map write each); the table is built and sent at most every
// EMIT_MS, and only while some window watches it.
import { addDecimals, compareDecimals, formatBig, negate, parseBig } from '../../shared/decimal';
import type { FeedState, InstrumentInfo, MarketTrade, MarketWatchRow } from '../../shared/contract';
import { UP_STATES, type ConnectionState, type VenueId } from '../../shared/domain';
import type { BookStats } from '../engine/protocol';
import type { CrossbookCore } from '../base/crossbook-core';
import type { MarketDataService } from './market-data';
import type { VenueStatusBoard } from './venue-status';

export const EMIT_MS = 250;
/** Sizes are summed exactly at this scale (every venue's size decimals fit in it). */
const VOLUME_SCALE = 12;

interface TradeTally {
  first: string;
  last: string;
  volume: bigint;
}

type Source = Pick<MarketDataService, 'instruments' | 'bookStats' | 'onTrades' | 'onStats' | 'onDiscard'>;

function feedState(connection: ConnectionState | undefined, book: BookStats | undefined): FeedState {
  if (!connection || !UP_STATES.has(connection)) return 'down';
  if (connection === 'stale' || book?.state === 'stale') return 'stale';
  if (!book || book.state === 'awaiting') return 'awaiting';
  return 'live';
}

function combinedState(states: FeedState[]): FeedState {
  for (const s of ['live', 'stale', 'awaiting'] as const) if (states.includes(s)) return s;
  return 'down';
}

function difference(a: string | null, b: string | null): string | null {
  return a === null || b === null ? null : addDecimals([a, negate(b)]);
}

export class MarketWatch {
  private readonly tallies = new Map<string, TradeTally>();
  /** Per instrument: the venue market that traded last, and the first price traded this session. */
  private readonly lastTraded = new Map<string, string>();
  private readonly firstTraded = new Map<string, string>();
  private readonly listeners = new Set<(rows: MarketWatchRow[], at: number) => void>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private dirty = true;
  private readonly stops: (() => void)[];

  constructor(
    private readonly source: Source,
    private readonly connection: (venue: VenueId) => ConnectionState | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.stops = [
      source.onTrades((trades) => trades.forEach((t) => this.trade(t))),
      source.onStats(() => (this.dirty = true)),
      source.onDiscard(() => this.forgetSession()),
    ];
  }

  /** Another market (profile switch, replay): its last, change and volume start over. */
  private forgetSession(): void {
    this.tallies.clear();
    this.lastTraded.clear();
    this.firstTraded.clear();
    this.dirty = true;
  }

  /** Venue connection changes (down, stale) must show even when no book moves. */
  venuesChanged(): void {
    this.dirty = true;
  }

  private trade(t: MarketTrade): void {
    const key = `${t.venue}:${t.market}`;
    let size: bigint;
    try {
      size = parseBig(t.size, VOLUME_SCALE);
    } catch {
      return;
    }
    const tally = this.tallies.get(key);
    if (tally) {
      tally.last = t.price;
      tally.volume += size;
    } else this.tallies.set(key, { first: t.price, last: t.price, volume: size });
    this.lastTraded.set(t.canonical, key);
    if (!this.firstTraded.has(t.canonical)) this.firstTraded.set(t.canonical, t.price);
    this.dirty = true;
  }

  rows(): MarketWatchRow[] {
    const books = new Map(this.source.bookStats().map((b) => [`${b.venue}:${b.market}`, b]));
    const instruments = this.source.instruments();
    const venueRows = new Map<string, MarketWatchRow>();
    const out: MarketWatchRow[] = [];
    for (const i of instruments) {
      if (!('venue' in i.ref)) continue;
      const row = this.venueRow(i, i.ref.venue, i.ref.market, books.get(i.id));
      venueRows.set(i.id, row);
      out.push(row);
    }
    for (const i of instruments) {
      if ('canonical' in i.ref) out.push(this.consolidatedRow(i, [...venueRows.values()]));
    }
    // Each instrument together: its consolidated row first, then its venues.
    return out.sort(
      (a, b) =>
        a.canonical.localeCompare(b.canonical) ||
        Number(b.consolidated) - Number(a.consolidated) ||
        (a.venue ?? '').localeCompare(b.venue ?? ''),
    );
  }

  private venueRow(i: InstrumentInfo, venue: VenueId, market: string, book: BookStats | undefined) {
    const state = feedState(this.connection(venue), book);
    const tally = this.tallies.get(i.id);
    const down = state === 'down';
    const bid = down ? null : (book?.bestBid ?? null);
    const ask = down ? null : (book?.bestAsk ?? null);
    const bidSize = down ? null : (book?.bestBidSize ?? null);
    const askSize = down ? null : (book?.bestAskSize ?? null);
    const row: MarketWatchRow = {
      id: i.id,
      canonical: i.canonical,
      venue,
      market,
      consolidated: false,
      priceDecimals: i.priceDecimals,
      sizeDecimals: i.sizeDecimals,
      bid,
      ask,
      bidSize,
      askSize,
      spread: difference(ask, bid),
      last: tally?.last ?? null,
      change: tally ? difference(tally.last, tally.first) : null,
      volume: formatBig(tally?.volume ?? 0n, VOLUME_SCALE),
      state,
      feeds: [{ venue, state }],
    };
    return row;
  }

  private consolidatedRow(i: InstrumentInfo, venueRows: MarketWatchRow[]): MarketWatchRow {
    const parts = venueRows.filter((r) => r.canonical === i.canonical);
    const usable = parts.filter((r) => r.state === 'live' || r.state === 'stale');
    const best = (values: (string | null)[], pick: 1 | -1) =>
      values.reduce<string | null>(
        (acc, v) => (v === null ? acc : acc === null || compareDecimals(v, acc) * pick > 0 ? v : acc),
        null,
      );
    const bid = best(
      usable.map((r) => r.bid),
      1,
    );
    const ask = best(
      usable.map((r) => r.ask),
      -1,
    );
    // Several venues may quote the consolidated best price: their sizes there add up.
    const sizeAt = (price: string | null, side: 'bid' | 'ask'): string | null => {
      if (price === null) return null;
      const sizes = usable
        .filter((r) => r[side] !== null && compareDecimals(r[side] ?? undefined, price) === 0)
        .map((r) => r[side === 'bid' ? 'bidSize' : 'askSize'])
        .filter((v): v is string => v !== null);
      return sizes.length === 0 ? null : addDecimals(sizes);
    };
    // The consolidated last is the most recent trade on any venue; change is against the first.
    const tallies = parts.map((r) => this.tallies.get(r.id)).filter((t): t is TradeTally => !!t);
    const lastRow = this.lastTraded.get(i.canonical);
    const last = lastRow ? (this.tallies.get(lastRow)?.last ?? null) : null;
    return {
      id: i.id,
      canonical: i.canonical,
      market: i.canonical,
      consolidated: true,
      priceDecimals: i.priceDecimals,
      sizeDecimals: i.sizeDecimals,
      bid,
      ask,
      bidSize: sizeAt(bid, 'bid'),
      askSize: sizeAt(ask, 'ask'),
      spread: difference(ask, bid),
      last,
      change: difference(last, this.firstTraded.get(i.canonical) ?? null),
      volume: formatBig(
        tallies.reduce((sum, t) => sum + t.volume, 0n),
        VOLUME_SCALE,
      ),
      state: combinedState(parts.map((r) => r.state)),
      feeds: parts.map((r) => ({ venue: r.venue!, state: r.state })),
    };
  }

  watch(listener: (rows: MarketWatchRow[], at: number) => void): () => void {
    this.listeners.add(listener);
    listener(this.rows(), this.now());
    this.timer ??= setInterval(() => this.emit(), EMIT_MS);
    this.timer.unref?.();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  /** Sends the table to every watcher if anything changed since the last send. */
  emit(): void {
    if (!this.dirty || this.listeners.size === 0) return;
    this.dirty = false;
    const rows = this.rows();
    const at = this.now();
    for (const listener of this.listeners) listener(rows, at);
  }

  close(): void {
    this.stops.forEach((s) => s());
    if (this.timer) clearInterval(this.timer);
    this.listeners.clear();
  }
}

/** Serves 'market.watch': one shared table, sent to each watching window. */
export function registerMarketWatch(
  core: CrossbookCore,
  marketData: MarketDataService,
  venues: VenueStatusBoard,
): MarketWatch {
  let states = new Map(venues.current().map((v) => [v.venue, v.state]));
  const watch = new MarketWatch(marketData, (venue) => states.get(venue));
  const stopVenues = venues.onChange((list) => {
    states = new Map(list.map((v) => [v.venue, v.state]));
    watch.venuesChanged();
  });
  core.provide('market.watch', (_params, emit) => watch.watch((rows, at) => emit({ rows, at })));
  core.onClose(() => {
    stopVenues();
    watch.close();
  });
  return watch;
}
