// What an order would meet in a SimMarket before it is placed (volume sizing, self-trade check)
// and the conversion between the market's scaled units and Finery's 1e-8 wire units.
import { rescale } from '../../../../shared/decimal';
import type { SimMarket } from '../../simkit/types';
import { Side, WIRE_SCALE, type SideCode } from '../wire/finery-wire';

export function units(market: SimMarket): {
  priceIn(v: number): number;
  sizeIn(v: number): number;
  priceOut(v: number): number;
  sizeOut(v: number): number;
} {
  const { priceDecimals: p, sizeDecimals: s } = market.spec;
  return {
    priceIn: (v) => rescale(v, WIRE_SCALE, p),
    sizeIn: (v) => rescale(v, WIRE_SCALE, s),
    priceOut: (v) => rescale(v, p, WIRE_SCALE),
    sizeOut: (v) => rescale(v, s, WIRE_SCALE),
  };
}

/**
 * Self-trade prevention, 78 "Add failed – SMP" (§8.1, §9): the add fails, nothing trades, when
 * the order would reach a price level holding one of the account's own resting orders. Only
 * what the order would actually consume counts: levels are walked best first, within its limit
 * price, until its size is used up, so an order that fills on other liquidity first is not
 * refused just for pointing past an own order. The reference does not say whether queue
 * position inside a level matters; reaching the level counts [INF].
 */
export function wouldSelfTrade(
  market: SimMarket,
  owner: string,
  side: SideCode,
  limit: number | undefined,
  size: number,
): boolean {
  const opposite = side === Side.bid ? 'sell' : 'buy';
  const ownPrices = new Set(
    market
      .orders(owner)
      .filter((o) => o.side === opposite)
      .map((o) => o.price),
  );
  if (ownPrices.size === 0) return false;
  const snap = market.snapshot(Number.MAX_SAFE_INTEGER);
  let left = size;
  for (const level of side === Side.bid ? snap.asks : snap.bids) {
    if (limit !== undefined && (side === Side.bid ? level.price > limit : level.price < limit)) break;
    if (ownPrices.has(level.price)) return true;
    left -= level.size;
    if (left <= 0) break;
  }
  return false;
}

/** Size a by-volume taker order may take: walks the opposite side within the limit price (0 = none). */
export function sizeForVolume(
  market: SimMarket,
  side: number,
  limit: number,
  volume: number,
): { size: number; short: boolean } {
  const u = units(market);
  const snap = market.snapshot(Number.MAX_SAFE_INTEGER);
  const levels = side === Side.bid ? snap.asks : snap.bids;
  let left = BigInt(volume);
  let size = 0n;
  let short = true;
  for (const l of levels) {
    if (limit > 0 && (side === Side.bid ? l.price > limit : l.price < limit)) break;
    const p = BigInt(u.priceOut(l.price));
    const levelSize = BigInt(u.sizeOut(l.size));
    const affordable = (left * 100_000_000n) / p;
    const take = affordable < levelSize ? affordable : levelSize;
    size += take;
    left -= (take * p) / 100_000_000n;
    if (take < levelSize) {
      short = false;
      break;
    }
  }
  const lot = BigInt(u.sizeOut(market.spec.lotSize));
  return { size: u.sizeIn(Number(size - (size % lot))), short };
}
