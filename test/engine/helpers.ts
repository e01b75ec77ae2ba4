// Shared test helpers: a deliberately simple reference book (two Maps) and venue frame builders.
import { formatScaled } from '../../shared/decimal';
import { Engine } from '../../electron/engine/engine';
import type { EngineEvent } from '../../electron/engine/protocol';
import type { Book } from '../../electron/book/book';

export class RefBook {
  bids = new Map<number, number>();
  asks = new Map<number, number>();

  side(isBid: boolean): Map<number, number> {
    return isBid ? this.bids : this.asks;
  }

  set(isBid: boolean, tick: number, size: number): void {
    if (size === 0) this.side(isBid).delete(tick);
    else this.side(isBid).set(tick, size);
  }

  clone(): RefBook {
    const r = new RefBook();
    r.bids = new Map(this.bids);
    r.asks = new Map(this.asks);
    return r;
  }

  crossed(): boolean {
    if (this.bids.size === 0 || this.asks.size === 0) return false;
    return Math.max(...this.bids.keys()) >= Math.min(...this.asks.keys());
  }

  sorted(isBid: boolean): [number, number][] {
    return [...this.side(isBid).entries()].sort((a, b) => (isBid ? b[0] - a[0] : a[0] - b[0]));
  }
}

/** The engine book's levels, best-first, as [tick, size] pairs. */
export function levelsOf(book: Book, isBid: boolean): [number, number][] {
  const out: [number, number][] = [];
  (isBid ? book.bids : book.asks).forEach((t, s) => {
    out.push([t, s]);
    return true;
  });
  return out;
}

export function expectSame(book: Book, ref: RefBook): void {
  const a = { bids: levelsOf(book, true), asks: levelsOf(book, false) };
  const b = { bids: ref.sorted(true), asks: ref.sorted(false) };
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    throw new Error(
      `book differs from reference:\n engine ${JSON.stringify(a)}\n ref    ${JSON.stringify(b)}`,
    );
  }
}

export function makeEngine(): { engine: Engine; events: EngineEvent[] } {
  const events: EngineEvent[] = [];
  const engine = new Engine((e) => events.push(e));
  return { engine, events };
}

export function errorsOf(events: EngineEvent[]): EngineEvent[] {
  return events.filter((e) => e.type === 'error');
}

// ---- Paxos -------------------------------------------------------------------------------------

export const PAXOS_DEF = {
  venue: 'paxos',
  market: 'BTCUSD',
  canonical: 'BTC-USD',
  priceDecimals: 2,
  sizeDecimals: 8,
  tickSize: '0.01',
} as const;

export function paxosTime(ns: number): string {
  const sec = Math.floor(ns / 1e9);
  const frac = String(ns % 1e9).padStart(9, '0');
  const d = new Date(Date.UTC(2026, 0, 1) + sec * 1000).toISOString().slice(0, 19);
  return `${d}.${frac}Z`;
}

export function paxosBook(
  type: 'SNAPSHOT' | 'UPDATE',
  ns: number,
  bids: [number, number][],
  asks: [number, number][],
  market = 'BTCUSD',
): string {
  const lv = (l: [number, number][]) =>
    l.map(([t, s]) => ({ price: formatScaled(t, 2), amount: formatScaled(s, 8) }));
  return JSON.stringify({
    channel: 'market_data',
    payload: { market, type, time: paxosTime(ns), bids: lv(bids), asks: lv(asks) },
  });
}

export function paxosTrade(tick: number, size: number, ns: number, market = 'BTCUSD'): string {
  return JSON.stringify({
    channel: 'execution_data',
    payload: {
      market,
      price: formatScaled(tick, 2),
      amount: formatScaled(size, 8),
      executed_at: paxosTime(ns),
    },
  });
}

// ---- Finery ------------------------------------------------------------------------------------

/** BTC-USD on Finery: 1e-8 wire units, tick 0.01 (1e6 wire units), sizes to 1e-8. */
export const FINERY_DEF = {
  venue: 'finery',
  market: 'BTC-USD',
  canonical: 'BTC-USD',
  priceDecimals: 2,
  sizeDecimals: 8,
  tickSize: '0.01',
} as const;
export const FINERY_TICK = 1_000_000;

export type FineryAction = ['+' | 'M' | '-' | '~', number, number] | ['~'];

export function finerySnapshot(
  bids: [number, number][],
  asks: [number, number][],
  feedId: string | number = 'BTC-USD',
): string {
  const lv = (l: [number, number][]) => l.map(([t, s]) => [t * FINERY_TICK, s]);
  return JSON.stringify(['F', feedId, 'S', [lv(bids), lv(asks)]]);
}

export function fineryUpdate(
  bids: FineryAction[],
  asks: FineryAction[],
  feedId: string | number = 'BTC-USD',
): string {
  const lv = (l: FineryAction[]) => l.map((a) => (a.length === 1 ? a : [a[0], a[1] * FINERY_TICK, a[2]]));
  return JSON.stringify(['F', feedId, 'M', [lv(bids), lv(asks)]]);
}

// ---- ALOR --------------------------------------------------------------------------------------

export const ALOR_DEF = {
  venue: 'alor',
  market: 'SBER',
  priceDecimals: 2,
  sizeDecimals: 0,
  tickSize: '0.01',
} as const;

export type AlorFormat = 'Simple' | 'Slim' | 'Heavy';

export function alorBook(
  guid: string,
  fmt: AlorFormat,
  bids: [number, number][],
  asks: [number, number][],
  guidFirst = false,
): string {
  const num = (t: number) => Number(formatScaled(t, 2));
  let data: object;
  if (fmt === 'Slim') {
    const lv = (l: [number, number][]) => l.map(([t, s]) => ({ p: num(t), v: s, y: 0 }));
    data = { b: lv(bids), a: lv(asks), t: 1702631123780, h: false };
  } else {
    const lv = (l: [number, number][]) => l.map(([t, s]) => ({ price: num(t), volume: s }));
    data =
      fmt === 'Simple'
        ? {
            snapshot: true,
            bids: lv(bids),
            asks: lv(asks),
            timestamp: 1702631123,
            ms_timestamp: 1702631123780,
            existing: false,
          }
        : { bids: lv(bids), asks: lv(asks), msTimestamp: 1702631123780, existing: false };
  }
  return guidFirst ? JSON.stringify({ guid, data }) : JSON.stringify({ data, guid });
}
