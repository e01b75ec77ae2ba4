// Market definitions: how a venue's wire prices and sizes map onto a book's integer ticks and
// lots. Resolved once at defineMarket so the scanners only multiply/divide integers.
import { parseScaled } from '../../shared/decimal';

export type Venue = 'paxos' | 'finery' | 'alor';
export const VENUES: readonly Venue[] = ['paxos', 'finery', 'alor'];

export interface MarketDef {
  venue: Venue;
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
  readonly venue: Venue;
  readonly market: string;
  readonly canonical: string | null;
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
  readonly tickSize: string;
  /** Tick size in 10^-priceDecimals units. */
  readonly tickUnits: number;
  /** Finery wire prices are integers in 1e-8: ticks = wire / fineryTickUnits. */
  readonly fineryTickUnits: number;
  /** Finery wire sizes are integers in 1e-8: lots = wire / finerySizeDiv. */
  readonly finerySizeDiv: number;
  readonly maxDepth: number;
}

export class DefinitionError extends Error {
  override name = 'DefinitionError';
}

export function resolveMarket(def: MarketDef): MarketSpec {
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
  let fineryTickUnits = 0;
  let finerySizeDiv = 0;
  if (def.venue === 'finery') {
    if (pd > 8 || sd > 8)
      throw new DefinitionError('Finery carries 8 decimals: priceDecimals and sizeDecimals must be <= 8');
    fineryTickUnits = tickUnits * 10 ** (8 - pd);
    finerySizeDiv = 10 ** (8 - sd);
  }
  const maxDepth = def.maxDepth ?? (def.venue === 'finery' ? 25 : 0);
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new DefinitionError(`maxDepth ${maxDepth} invalid`);
  return {
    venue: def.venue,
    market: def.market,
    canonical: def.canonical ?? null,
    priceDecimals: pd,
    sizeDecimals: sd,
    tickSize: def.tickSize,
    tickUnits,
    fineryTickUnits,
    finerySizeDiv,
    maxDepth,
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
