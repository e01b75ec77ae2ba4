// Turns simkit level changes into Finery book messages (reference §6): top 25 levels per side,
// updates as `+`/`M`/`-` plus `~` (truncate from the top down to a new best), `["~",0,0]` for an
// emptied side. Every binding sees the same stream after its snapshot, so the last published view
// is kept once per market and diffed against the market's current top 25.
import type { BookLevel, SimMarket } from '../../simkit/types';
import type { BookLevelRecord, BookUpdateRecord } from '../wire/finery-wire';
import { units } from './liquidity';

export const BOOK_DEPTH = 25;

export type BookData = [BookLevelRecord[], BookLevelRecord[]];
export type BookUpdate = [BookUpdateRecord[], BookUpdateRecord[]];

type Listener = (instrument: string, update: BookUpdate, snapshot: BookData) => void;

export class BookHub {
  private readonly last = new Map<string, BookData>();
  private readonly listeners = new Set<Listener>();
  private readonly unsubscribers: (() => void)[] = [];
  private stalled = false;

  constructor(private readonly markets: ReadonlyMap<string, SimMarket>) {
    for (const [name, market] of markets) {
      this.last.set(name, this.current(name));
      this.unsubscribers.push(market.onChanges(() => this.refresh(name)));
    }
  }

  onUpdate(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The view bound clients hold; while stalled it is the pre-stall view, caught up on resume. */
  snapshot(instrument: string): BookData {
    return this.last.get(instrument) ?? [[], []];
  }

  stall(): void {
    this.stalled = true;
  }

  resume(): void {
    this.stalled = false;
    for (const name of this.markets.keys()) this.refresh(name);
  }

  dispose(): void {
    for (const u of this.unsubscribers) u();
    this.listeners.clear();
  }

  /** The market's current top 25 in wire units, stall or not (for the `book` method). */
  current(name: string): BookData {
    const market = this.markets.get(name)!;
    const u = units(market);
    const snap = market.snapshot(BOOK_DEPTH);
    const wire = (l: BookLevel): BookLevelRecord => [u.priceOut(l.price), u.sizeOut(l.size)];
    return [snap.bids.slice(0, BOOK_DEPTH).map(wire), snap.asks.slice(0, BOOK_DEPTH).map(wire)];
  }

  private refresh(name: string): void {
    if (this.stalled) return;
    const before = this.last.get(name)!;
    const now = this.current(name);
    const update: BookUpdate = [diffSide(before[0], now[0], true), diffSide(before[1], now[1], false)];
    if (update[0].length === 0 && update[1].length === 0) return;
    this.last.set(name, now);
    for (const l of this.listeners) l(name, update, now);
  }
}

/**
 * Updates that turn `before` into `after` (best first). Removals come before additions so a client
 * that caps its book at 25 levels never drops a level that is about to stay.
 */
export function diffSide(
  before: BookLevelRecord[],
  after: BookLevelRecord[],
  bids: boolean,
): BookUpdateRecord[] {
  if (after.length === 0) return before.length === 0 ? [] : [['~', 0, 0]];
  const out: BookUpdateRecord[] = [];
  let base = before;
  const best = after[0]!;
  const better = (p: number) => (bids ? p > best[0] : p < best[0]);
  const dropped = before.filter((l) => better(l[0])).length;
  if (dropped >= 2) {
    // Several levels vanished from the top at once: the documented truncation action.
    out.push(['~', best[0], best[1]]);
    base = [best, ...before.filter((l) => !better(l[0]) && l[0] !== best[0])];
  }
  const next = new Map(after.map((l) => [l[0], l[1]]));
  const prev = new Map(base.map((l) => [l[0], l[1]]));
  for (const [p] of base) if (!next.has(p)) out.push(['-', p, 0]);
  for (const [p, s] of after) {
    const old = prev.get(p);
    if (old !== undefined && old !== s) out.push(['M', p, s]);
  }
  for (const [p, s] of after) if (!prev.has(p)) out.push(['+', p, s]);
  return out;
}
