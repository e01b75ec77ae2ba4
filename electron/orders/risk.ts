// Pre-trade risk: every check runs before anything is journaled or sent, and a refusal says in
// a trader's words which limit was hit. Soft limits answer "needs confirmation"; the same order
// with confirm=true passes them (hard limits still apply). Comparisons run at 18 decimal places
// in BigInt so limits, mids and notionals of any scale compare exactly.
import type { InstrumentLimits, RiskLimits } from '../../shared/contract/orders';
import { formatScaled } from '../../shared/decimal';
import { venueName } from '../../shared/domain';
import type { OrderSide, OrderType } from '../venues/common/adapter';
import { formatBig, parseBig } from '../../shared/decimal';
import { SHIPPED_MAX_OPEN_TOTAL, shippedLimits } from './shipped-limits';
import type { MarketSpec } from './types';

const S = 18;
const ONE = 10n ** BigInt(S);

export interface RiskOrder {
  side: OrderSide;
  type: OrderType;
  /** Scaled at the market's scales. */
  size: number;
  price?: number;
  stopPrice?: number;
  oneClick: boolean;
  confirm: boolean;
}

export interface RiskContext {
  spec: MarketSpec;
  killed: boolean;
  armed: boolean;
  /** Mid price of the market, decimal string, if known. */
  mid?: string;
  /**
   * For a market order: the price its size reaches in the venue's current book (decimal
   * string), undefined when there is no book or it is too thin to fill the size.
   */
  reach?: string;
  openOnInstrument: number;
  openTotal: number;
}

export type RiskVerdict =
  { kind: 'pass' } | { kind: 'reject'; reason: string } | { kind: 'confirm'; warnings: string[] };

/**
 * The limits in force for one market: its own entry over the profile's defaults, and (unless the
 * trader turned them off) the shipped limits for whatever neither sets.
 */
export function instrumentLimits(
  limits: RiskLimits,
  venue: string,
  market: string,
  shipped?: InstrumentLimits,
): InstrumentLimits {
  const own = limits.instruments.find((i) => i.venue === venue && i.market === market);
  const base = limits.shipped === false || !shipped ? {} : shipped;
  if (!own) return { ...base, ...limits.defaults };
  const { venue: _v, market: _m, ...rest } = own;
  return { ...base, ...limits.defaults, ...rest };
}

const at18 = (scaled: number, scale: number): bigint => BigInt(scaled) * 10n ** BigInt(S - scale);
const dec18 = (text: string): bigint | undefined => {
  try {
    return parseBig(text, S);
  } catch {
    return undefined;
  }
};
const show = (v18: bigint): string => formatBig(v18, S);

export function checkOrder(order: RiskOrder, ctx: RiskContext, limits: RiskLimits): RiskVerdict {
  const { spec } = ctx;
  const what = `${spec.market} on ${venueName(spec.venue)}`;
  const lim = instrumentLimits(limits, spec.venue, spec.market, shippedLimits(spec, ctx.mid));
  if (ctx.killed) return reject('Trading is stopped by the kill switch. Re-arm trading to place orders.');
  if (order.oneClick && !ctx.armed) {
    return reject('One-click trading is disarmed. Arm it before trading from the ladder.');
  }
  if (order.size <= 0) return reject('Size must be greater than zero.');
  if (spec.lot > 0 && order.size % spec.lot !== 0) {
    return reject(
      `Size must be a multiple of the lot size ${formatScaled(spec.lot, spec.sizeScale)} for ${what}.`,
    );
  }
  if (spec.minSize !== undefined && order.size < spec.minSize) {
    return reject(`Size is below the minimum ${formatScaled(spec.minSize, spec.sizeScale)} for ${what}.`);
  }
  for (const [label, p] of [
    ['Price', order.price],
    ['Stop price', order.stopPrice],
  ] as const) {
    if (p === undefined) continue;
    if (p <= 0) return reject(`${label} must be greater than zero.`);
    if (spec.tick > 0 && p % spec.tick !== 0) {
      return reject(
        `${label} ${formatScaled(p, spec.priceScale)} is not on the ${formatScaled(spec.tick, spec.priceScale)} tick of ${what}.`,
      );
    }
  }
  const maxOpenTotal = limits.maxOpenOrders ?? (limits.shipped === false ? Infinity : SHIPPED_MAX_OPEN_TOTAL);
  if (ctx.openTotal >= maxOpenTotal) {
    return reject(
      `You already have ${ctx.openTotal} open orders, the maximum allowed across all instruments.`,
    );
  }
  if (ctx.openOnInstrument >= (lim.maxOpenOrders ?? Infinity)) {
    return reject(`You already have ${ctx.openOnInstrument} open orders on ${what}, the maximum allowed.`);
  }

  const size18 = at18(order.size, spec.sizeScale);
  const mid18 = ctx.mid !== undefined ? dec18(ctx.mid) : undefined;
  if (lim.maxSize !== undefined && size18 > parseBig(lim.maxSize, S)) {
    return reject(`Size ${show(size18)} exceeds the maximum ${lim.maxSize} for ${what}.`);
  }

  // Every price the order can trade at: a stop-limit at its stop and its limit, a market order at
  // the price its size reaches in the book. It is valued at the highest of them.
  const prices: [string, bigint][] = [];
  if (order.stopPrice !== undefined) prices.push(['Stop price', at18(order.stopPrice, spec.priceScale)]);
  if (order.price !== undefined) prices.push(['Price', at18(order.price, spec.priceScale)]);
  const valued = lim.maxNotional !== undefined || lim.softMaxNotional !== undefined || !!lim.priceBand;
  if (order.type === 'market' && valued) {
    const reach18 = ctx.reach !== undefined ? dec18(ctx.reach) : undefined;
    if (reach18 === undefined) {
      return reject(
        `No order book deep enough for ${show(size18)} is available for ${what} to value a market order; use a limit order or try again when the market is live.`,
      );
    }
    prices.push(['The price this market order would reach', reach18]);
  }
  const price18 = prices.reduce<bigint | undefined>(
    (hi, [, p]) => (hi === undefined || p > hi ? p : hi),
    undefined,
  );
  const notional18 = (price18 ?? mid18) !== undefined ? ((price18 ?? mid18)! * size18) / ONE : undefined;
  if (lim.maxNotional !== undefined || lim.softMaxNotional !== undefined) {
    if (notional18 === undefined) {
      return reject(
        `No market price is available for ${what} to check the order's value against its limit; try again when the market is live.`,
      );
    }
    if (lim.maxNotional !== undefined && notional18 > parseBig(lim.maxNotional, S)) {
      return reject(`Order value ${show(notional18)} exceeds the maximum ${lim.maxNotional} for ${what}.`);
    }
  }

  if (lim.priceBand && prices.length > 0) {
    if (mid18 === undefined) {
      return reject(
        `No mid price is available for ${what} to check the price band; try again when the market is live.`,
      );
    }
    for (const [label, p18] of prices) {
      const diff = p18 > mid18 ? p18 - mid18 : mid18 - p18;
      if ('ticks' in lim.priceBand) {
        const band = BigInt(lim.priceBand.ticks) * at18(spec.tick, spec.priceScale);
        if (diff > band) {
          return reject(
            `${label} ${show(p18)} is more than ${lim.priceBand.ticks} ticks away from the mid ${show(mid18)} of ${what}.`,
          );
        }
      } else if (diff * 100n * ONE > mid18 * parseBig(lim.priceBand.percent, S)) {
        return reject(
          `${label} ${show(p18)} is more than ${lim.priceBand.percent}% away from the mid ${show(mid18)} of ${what}.`,
        );
      }
    }
  }

  const warnings: string[] = [];
  if (lim.softMaxSize !== undefined && size18 > parseBig(lim.softMaxSize, S)) {
    warnings.push(
      `Size ${show(size18)} is above the ${lim.softMaxSize} you set as a soft limit for ${what}.`,
    );
  }
  if (
    lim.softMaxNotional !== undefined &&
    notional18 !== undefined &&
    notional18 > parseBig(lim.softMaxNotional, S)
  ) {
    warnings.push(
      `Order value ${show(notional18)} is above the ${lim.softMaxNotional} you set as a soft limit for ${what}.`,
    );
  }
  if (warnings.length > 0 && !order.confirm) return { kind: 'confirm', warnings };
  return { kind: 'pass' };
}

function reject(reason: string): RiskVerdict {
  return { kind: 'reject', reason };
}
