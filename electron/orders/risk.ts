// Pre-trade risk: every check runs before anything is journaled or sent, and a refusal says in
// a trader's words which limit was hit. Soft limits answer "needs confirmation"; the same order
// with confirm=true passes them (hard limits still apply). Comparisons run at 18 decimal places
// in BigInt so limits, mids and notionals of any scale compare exactly.
import type { InstrumentLimits, RiskLimits } from '../../shared/contract/orders';
import { formatScaled } from '../../shared/decimal';
import { venueName } from '../../shared/domain';
import type { OrderSide, OrderType } from '../venues/common/adapter';
import { formatBig, parseBig } from '../../shared/decimal';
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
  openOnInstrument: number;
  openTotal: number;
}

export type RiskVerdict =
  { kind: 'pass' } | { kind: 'reject'; reason: string } | { kind: 'confirm'; warnings: string[] };

export function instrumentLimits(limits: RiskLimits, venue: string, market: string): InstrumentLimits {
  const own = limits.instruments.find((i) => i.venue === venue && i.market === market);
  if (!own) return limits.defaults;
  const { venue: _v, market: _m, ...rest } = own;
  return { ...limits.defaults, ...rest };
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
  const lim = instrumentLimits(limits, spec.venue, spec.market);
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
  if (ctx.openTotal >= (limits.maxOpenOrders ?? Infinity)) {
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

  const refPrice = order.price ?? order.stopPrice;
  const price18 = refPrice !== undefined ? at18(refPrice, spec.priceScale) : mid18;
  const notional18 = price18 !== undefined ? (price18 * size18) / ONE : undefined;
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

  if (lim.priceBand && order.price !== undefined) {
    if (mid18 === undefined) {
      return reject(
        `No mid price is available for ${what} to check the price band; try again when the market is live.`,
      );
    }
    const p18 = at18(order.price, spec.priceScale);
    const diff = p18 > mid18 ? p18 - mid18 : mid18 - p18;
    if ('ticks' in lim.priceBand) {
      const band = BigInt(lim.priceBand.ticks) * at18(spec.tick, spec.priceScale);
      if (diff > band) {
        return reject(
          `Price ${show(p18)} is more than ${lim.priceBand.ticks} ticks away from the mid ${show(mid18)} of ${what}.`,
        );
      }
    } else if (diff * 100n * ONE > mid18 * parseBig(lim.priceBand.percent, S)) {
      return reject(
        `Price ${show(p18)} is more than ${lim.priceBand.percent}% away from the mid ${show(mid18)} of ${what}.`,
      );
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
