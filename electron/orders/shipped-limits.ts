// The limits every profile starts with, so a fresh install refuses a fat finger: a price band
// around the mid, order value limits in the instrument's quote currency, a maximum size worth the
// hard value limit at the mid, and a cap on open orders. A normal order (one BTC, a hundred lots
// of SBER, near the market) passes; ten times the market price or a thousand BTC does not.
// Whatever the trader sets (per profile or per instrument) takes precedence field by field.
import type { InstrumentLimits } from '../../shared/contract/orders';
import { formatBig, parseBig } from '../../shared/decimal';
import type { MarketSpec } from './types';

/** Hard and soft order value per quote currency; an unknown quote gets the USD figures. */
const VALUE_LIMITS: Record<string, { hard: string; soft: string }> = {
  USD: { hard: '1000000', soft: '250000' },
  EUR: { hard: '1000000', soft: '250000' },
  RUB: { hard: '50000000', soft: '10000000' },
};
/** ±10 % around the mid: far wider than any normal limit price, far narrower than a slipped digit. */
export const SHIPPED_BAND_PERCENT = '10';
export const SHIPPED_MAX_OPEN_PER_INSTRUMENT = 50;
export const SHIPPED_MAX_OPEN_TOTAL = 200;

/** BTC-USD quotes in USD; ALOR's equities (SBER) are single symbols quoted in roubles. */
export function quoteCurrency(spec: Pick<MarketSpec, 'venue' | 'canonical'>): string {
  const parts = spec.canonical.split(/[-/]/);
  if (parts.length >= 2) return parts[parts.length - 1]!.toUpperCase();
  return spec.venue === 'alor' ? 'RUB' : 'USD';
}

export function shippedLimits(spec: MarketSpec, mid: string | undefined): InstrumentLimits {
  const value = VALUE_LIMITS[quoteCurrency(spec)] ?? VALUE_LIMITS.USD!;
  const limits: InstrumentLimits = {
    priceBand: { percent: SHIPPED_BAND_PERCENT },
    maxNotional: value.hard,
    softMaxNotional: value.soft,
    maxOpenOrders: SHIPPED_MAX_OPEN_PER_INSTRUMENT,
  };
  const maxSize = sizeWorth(value.hard, mid, spec);
  if (maxSize !== undefined) limits.maxSize = maxSize;
  return limits;
}

/** The size worth `value` at the mid, down to the lot (at least one lot); undefined without a mid. */
function sizeWorth(value: string, mid: string | undefined, spec: MarketSpec): string | undefined {
  if (mid === undefined) return undefined;
  let mid18: bigint;
  try {
    mid18 = parseBig(mid, 18);
  } catch {
    return undefined;
  }
  if (mid18 <= 0n) return undefined;
  const units = (parseBig(value, 18) * 10n ** BigInt(spec.sizeScale)) / mid18;
  const lot = BigInt(Math.max(spec.lot, 1));
  const size = units - (units % lot);
  return formatBig(size > lot ? size : lot, spec.sizeScale);
}
