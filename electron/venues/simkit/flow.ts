// Generated market activity for one SimMarket. A hidden fair value follows a random walk with
// volatility bursts (clusters of fast moves); the book follows it because liquidity left on the
// wrong side of fair value gets swept by aggressive flow and new levels appear near fair value.
//
// Per update, in order of precedence: with probability 1/2 a stale top level (a bid above or an
// ask at/below fair value) is swept; otherwise ~4% random aggressive trades (8% in a burst), 20%
// structural changes split evenly between deleting a level and adding a new one (keeping each
// side near spec.depth levels), and the rest size changes. Index choices are skewed towards the
// top of the book (u^2, u^3), so most activity is near the touch. Sizes grow away from the top.
//
// Prices are worked in ticks (price / tickSize) so the grid cannot be left; bids sit at or below
// `fv` ticks and asks at or above `fv + 1`, i.e. fair value lies between two ticks.

import type { BookSideImpl } from './book';
import type { SimMarketImpl } from './market';
import type { Prng } from './prng';
import type { SimMarketSpec, ReferencePriceSource } from './types';

const STALE_SWEEP = 0.5;
const TRADE = 0.04;
const TRADE_BURST = 0.08;
const STRUCTURAL = 0.2;
const FAR_DELETE = 0.25;
const MOVE = 0.015;
const MOVE_BURST = 0.12;
const BURST_START = 1 / 4000;
/** Relative size of one fair-value move; sets the typical spacing between generated levels too. */
const UNIT_FRACTION = 5e-6;

export class MarketFlow {
  readonly market: SimMarketImpl;
  private readonly rng: Prng;
  private readonly spec: SimMarketSpec;
  private readonly unit: number;
  private readonly fvMin: number;
  private readonly fvMax: number;
  private fv: number;
  private readonly fv0: number;
  private burstLeft = 0;

  constructor(
    market: SimMarketImpl,
    rng: Prng,
    private readonly anchor?: { source: ReferencePriceSource; key: string },
  ) {
    this.market = market;
    this.rng = rng;
    this.spec = market.spec;
    this.fv = Math.floor(this.spec.initialMid / this.spec.tickSize);
    this.fv0 = this.fv;
    this.unit = Math.max(1, Math.round(this.fv * UNIT_FRACTION));
    // Reflecting bounds keep a long run from walking the price to zero or off the safe-integer range.
    this.fvMin = Math.max(4 * this.unit, Math.floor(this.fv / 4));
    this.fvMax = this.fv * 4;
    this.seedBook();
  }

  /** Fair value in price units (for tests and diagnostics). */
  fairValue(): number {
    return this.fv * this.spec.tickSize;
  }

  inBurst(): boolean {
    return this.burstLeft > 0;
  }

  update(): void {
    this.moveFairValue();
    const m = this.market;
    const rng = this.rng;
    const tick = this.spec.tickSize;
    const ask = m.asks.levels[0];
    if (ask && ask.price <= this.fv * tick && rng.chance(STALE_SWEEP)) {
      m.genTake('buy', ask.total);
      return;
    }
    const bid = m.bids.levels[0];
    if (bid && bid.price > this.fv * tick && rng.chance(STALE_SWEEP)) {
      m.genTake('sell', bid.total);
      return;
    }
    const burst = this.burstLeft > 0;
    const pTrade = burst ? TRADE_BURST : TRADE;
    const r = rng.next();
    if (r < pTrade) this.randomTrade(burst);
    else if (r < pTrade + STRUCTURAL) this.structural();
    else this.resize(this.pickSide());
  }

  private seedBook(): void {
    const m = this.market;
    let bid = this.fv;
    let ask = this.fv + 1;
    for (let i = 0; i < this.spec.depth; i++) {
      if (bid >= 1) m.genInsert(m.bids, i, bid * this.spec.tickSize, this.targetSize(i));
      m.genInsert(m.asks, i, ask * this.spec.tickSize, this.targetSize(i));
      // Occasional gaps: real books are not a solid wall of consecutive ticks.
      bid -= this.unit * (this.rng.chance(0.15) ? 2 : 1);
      ask += this.unit * (this.rng.chance(0.15) ? 2 : 1);
    }
  }

  private moveFairValue(): void {
    const rng = this.rng;
    if (this.burstLeft > 0) this.burstLeft--;
    else if (rng.chance(BURST_START)) this.burstLeft = 300 + rng.int(2000);
    const burst = this.burstLeft > 0;
    if (this.anchor) {
      // Follow the shared reference price; bursts still change how busy the book is.
      const target = Math.round(this.fv0 * this.anchor.source.factor(this.anchor.key));
      this.fv = Math.min(this.fvMax, Math.max(this.fvMin, target));
      return;
    }
    if (!rng.chance(burst ? MOVE_BURST : MOVE)) return;
    const step = this.unit * (burst ? 1 + rng.int(3) : 1);
    const next = this.fv + (rng.chance(0.5) ? step : -step);
    this.fv = next < this.fvMin || next > this.fvMax ? this.fv - (next - this.fv) : next;
  }

  private pickSide(): BookSideImpl {
    return this.rng.chance(0.5) ? this.market.bids : this.market.asks;
  }

  private randomTrade(burst: boolean): void {
    const takerBuys = this.rng.chance(0.5);
    const book = takerBuys ? this.market.asks : this.market.bids;
    if (book.levels.length === 0) {
      this.insert(book);
      return;
    }
    const u = this.rng.next();
    const size = this.lots(this.spec.typicalLevelSize * (0.05 + 1.5 * u * u) * (burst ? 2 : 1));
    this.market.genTake(takerBuys ? 'buy' : 'sell', size);
  }

  private structural(): void {
    const book = this.pickSide();
    const count = book.levels.length;
    const depth = this.spec.depth;
    const add = count < depth ? true : count > depth ? false : this.rng.chance(0.5);
    if (add) this.insert(book);
    else this.remove(book);
  }

  private remove(book: BookSideImpl): void {
    const count = book.levels.length;
    if (count === 0) {
      this.insert(book);
      return;
    }
    const u = this.rng.next();
    const index = this.rng.chance(FAR_DELETE) ? count - 1 : Math.floor(count * u * u);
    this.market.genSet(book, index, 0);
  }

  private insert(book: BookSideImpl): void {
    const m = this.market;
    const tick = this.spec.tickSize;
    const u = this.rng.next();
    const offset = Math.floor(this.spec.depth * u * u * u) * this.unit + this.rng.int(this.unit);
    const isBid = book === m.bids;
    let ticks: number;
    if (isBid) {
      ticks = this.fv - offset;
      const ask = m.asks.levels[0];
      if (ask && ticks >= ask.price / tick) ticks = ask.price / tick - 1;
    } else {
      ticks = this.fv + 1 + offset;
      const bid = m.bids.levels[0];
      if (bid && ticks <= bid.price / tick) ticks = bid.price / tick + 1;
    }
    // Walk away from the touch to the nearest free price; moving outward can never cross the book.
    const step = isBid ? -1 : 1;
    for (let tries = 0; tries < 64 && ticks >= 1; tries++, ticks += step) {
      const i = book.search(ticks * tick);
      if (i < 0) {
        const index = -i - 1;
        m.genInsert(book, index, ticks * tick, this.targetSize(index));
        return;
      }
    }
    if (book.levels.length > 0) this.resize(book);
  }

  private resize(book: BookSideImpl): void {
    const count = book.levels.length;
    if (count === 0) {
      this.insert(book);
      return;
    }
    const u = this.rng.next();
    const index = Math.floor(count * u * u);
    const level = book.levels[index]!;
    let size = this.targetSize(index);
    if (size === level.gen) size += this.spec.lotSize;
    this.market.genSet(book, index, size);
  }

  /** A plausible generated size for the level at `index` from the top. */
  private targetSize(index: number): number {
    const thickness = 1 + (2 * index) / this.spec.depth;
    return this.lots(this.spec.typicalLevelSize * (0.4 + 1.2 * this.rng.next()) * thickness);
  }

  private lots(size: number): number {
    return Math.max(1, Math.round(size / this.spec.lotSize)) * this.spec.lotSize;
  }
}
