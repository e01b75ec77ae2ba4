// Market definitions: how a venue's wire prices and sizes map onto a book's integer ticks and
// lots. Resolved once at defineMarket so the scanners only multiply/divide integers.
import { parseScaled } from '../../shared/decimal';
import type { VenueId } from '../../shared/domain';
import type { BookSequencing, VenueBookRules } from './venue-book';

export interface MarketDef {
  venue: VenueId;
  /** The venue's own symbol, e.g. "BTCUSD" (Paxos), "BTC-USD" (Finery), "SBER" (ALOR). */
  market: string;
  /** Canonical instrument this market consolidates into, e.g. "BTC-USD". */
  canonical?: string;
  priceDecimals: number;
  sizeDecimals: number;
  /** Minimum price increment as a decimal string, e.g. "0.01". */
  tickSize: string;
  /** Levels per side above which the book is impossible (Finery: 25). 0 = unlimited. */
  maxDepth?: number;
}

export interface MarketSpec {
  readonly venue: VenueId;
  readonly market: string;
  readonly canonical: string | null;
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
  readonly tickSize: string;
  /** Tick size in 10^-priceDecimals units. */
  readonly tickUnits: number;
  /** Fixed-point wire prices (Finery: integers in 1e-8): ticks = wire / wireTickUnits; 0 otherwise. */
  readonly wireTickUnits: number;
  /** Fixed-point wire sizes: lots = wire / wireSizeDiv; 0 otherwise. */
  readonly wireSizeDiv: number;
  readonly maxDepth: number;
  readonly sequencing: BookSequencing;
  /** A crossed or locked book is a state the venue can be in (shown, marked), not corruption. */
  readonly crossable: boolean;
}

export class DefinitionError extends Error {
  override name = 'DefinitionError';
}

export function resolveMarket(def: MarketDef, rules: VenueBookRules): MarketSpec {
  const { priceDecimals: pd, sizeDecimals: sd } = def;
  if (!Number.isInteger(pd) || pd < 0 || pd > 12)
    throw new DefinitionError(`priceDecimals ${pd} out of range 0..12`);
  if (!Number.isInteger(sd) || sd < 0 || sd > 12)
    throw new DefinitionError(`sizeDecimals ${sd} out of range 0..12`);
  let tickUnits: number;
  try {
    tickUnits = parseScaled(def.tickSize, pd);
  } catch (e) {
    throw new DefinitionError(`tickSize ${JSON.stringify(def.tickSize)}: ${(e as Error).message}`);
  }
  if (tickUnits <= 0) throw new DefinitionError('tickSize must be positive');
  let wireTickUnits = 0;
  let wireSizeDiv = 0;
  const wire = rules.fixedPointWire;
  if (wire !== undefined) {
    const d = wire.decimals;
    if (pd > d || sd > d)
      throw new DefinitionError(
        `${rules.name} carries ${d} decimals: priceDecimals and sizeDecimals must be <= ${d}`,
      );
    wireTickUnits = tickUnits * 10 ** (d - pd);
    wireSizeDiv = 10 ** (d - sd);
  }
  const maxDepth = def.maxDepth ?? rules.defaultMaxDepth;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new DefinitionError(`maxDepth ${maxDepth} invalid`);
  return {
    venue: def.venue,
    market: def.market,
    canonical: def.canonical ?? null,
    priceDecimals: pd,
    sizeDecimals: sd,
    tickSize: def.tickSize,
    tickUnits,
    wireTickUnits,
    wireSizeDiv,
    maxDepth,
    sequencing: rules.sequencing,
    crossable: rules.crossable ?? false,
  };
}

/** Price in 10^-priceDecimals units → ticks; NaN when it is not on the tick grid. */
export function toTick(spec: MarketSpec, scaledPrice: number): number {
  const t = spec.tickUnits === 1 ? scaledPrice : scaledPrice / spec.tickUnits;
  return Number.isInteger(t) ? t : NaN;
}

/** Decimal price string → ticks, throwing a clear error (edges: own orders, trades, recenter). */
export function priceToTick(spec: { priceDecimals: number; tickUnits: number }, price: string): number {
  const v = parseScaled(price, spec.priceDecimals);
  const t = v / spec.tickUnits;
  if (!Number.isInteger(t)) throw new DefinitionError(`price ${price} is not a multiple of the tick`);
  return t;
}
