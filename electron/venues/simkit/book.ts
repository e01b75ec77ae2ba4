// One side of a simulated book: price levels kept sorted best-first in a plain array. Depths are
// tens to a few hundred levels, where binary search plus splice beats any tree and allocates
// nothing on the hot path (size changes), which is most of what the generator does.
//
// Queue model (documented so venue simulators and tests can rely on it): a level holds `gen`
// units of generated liquidity plus our resting orders in time order. Each of our orders records
// `ahead`, the generated units queued in front of it. A new order queues behind all generated
// size present when it arrives. Generated size added later joins the back of the queue; generated
// cancellations come off the back first, so they only reduce `ahead` when they exceed what is
// behind the order. Aggressive flow consumes the queue front to back.

import type { BookLevel, BookSide, SimOrderState } from './types';

/** Mutable internal order record; SimOrderState copies of it leave the market. */
export interface OrderRecord extends SimOrderState {
  postOnly: boolean;
  /** Sum of price*size over fills, exact (price*size can exceed 2^53). */
  notional: bigint;
  /** Generated units queued ahead of this order while it rests. */
  ahead: number;
}

export interface Level {
  price: number;
  /** Generated (not ours) size at this price. */
  gen: number;
  /** gen plus the unfilled size of our orders here: what the book shows. */
  total: number;
  /** Our resting orders in time priority; null when none (most levels). */
  ours: OrderRecord[] | null;
}

export class BookSideImpl {
  readonly levels: Level[] = [];
  readonly name: BookSide;
  private readonly descending: boolean;

  constructor(name: BookSide) {
    this.name = name;
    this.descending = name === 'bid';
  }

  /** Index of the level at `price`, or -(insertionPoint + 1) when absent. */
  search(price: number): number {
    const levels = this.levels;
    let lo = 0;
    let hi = levels.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const p = levels[mid]!.price;
      if (p === price) return mid;
      if (this.descending ? p > price : p < price) lo = mid + 1;
      else hi = mid - 1;
    }
    return -(lo + 1);
  }

  /** True when `a` is a better price than `b` on this side. */
  better(a: number, b: number): boolean {
    return this.descending ? a > b : a < b;
  }

  best(): Level | undefined {
    return this.levels[0];
  }

  insertAt(index: number, price: number, gen: number): Level {
    const level: Level = { price, gen, total: gen, ours: null };
    this.levels.splice(index, 0, level);
    return level;
  }

  removeAt(index: number): void {
    this.levels.splice(index, 1);
  }

  /** Level for `price`, created empty when absent (callers must fill or remove it). */
  obtain(price: number): { level: Level; index: number } {
    const i = this.search(price);
    if (i >= 0) return { level: this.levels[i]!, index: i };
    const index = -i - 1;
    return { level: this.insertAt(index, price, 0), index };
  }
}

/** Sets a level's generated size, applying the back-of-queue cancellation rule to our orders. */
export function setGenerated(level: Level, gen: number): void {
  if (level.ours) for (const o of level.ours) if (o.ahead > gen) o.ahead = gen;
  level.total += gen - level.gen;
  level.gen = gen;
}

export function addOurs(level: Level, order: OrderRecord): void {
  order.ahead = level.gen;
  if (level.ours) level.ours.push(order);
  else level.ours = [order];
  level.total += order.size - order.filled;
}

/** Removes one of our orders from its level; the caller removes the level when total drops to 0. */
export function removeOurs(level: Level, order: OrderRecord): void {
  const ours = level.ours;
  if (!ours) return;
  const i = ours.indexOf(order);
  if (i < 0) return;
  ours.splice(i, 1);
  if (ours.length === 0) level.ours = null;
  level.total -= order.size - order.filled;
}

export function levelsOf(book: BookSideImpl, depth: number): BookLevel[] {
  const n = Math.min(Math.max(0, Math.floor(depth)), book.levels.length);
  const out: BookLevel[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const l = book.levels[i]!;
    out[i] = { price: l.price, size: l.total };
  }
  return out;
}
