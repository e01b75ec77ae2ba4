// Paxos markets as the rest of Crossbook sees them: venue symbol (BTCUSD), canonical name
// (BTC-USD), tick size and decimals. A static table from the reference (§6, USD tick sizes from
// P10) answers before we connect; GET /v2/markets replaces it with what the venue serves.
import { isDecimalString, parseScaled } from '../../../../shared/decimal';
import type { VenueMarketInfo } from '../../common/adapter';
import type { MarketsResponse } from '../wire/paxos-wire';

/** 1e-8: the reference's precision for base amounts, book and execution amounts (§6). */
export const SIZE_DECIMALS = 8;
const LOT = '0.00000001';

const KNOWN_TICKS: Record<string, string> = {
  AAVEUSD: '0.01',
  BCHUSD: '0.05',
  BTCUSD: '0.25',
  ETHUSD: '0.05',
  LINKUSD: '0.01',
  LTCUSD: '0.01',
  PAXGUSD: '0.01',
  SOLUSD: '0.01',
  UNIUSD: '0.01',
};

/** Quote assets Paxos lists; every one is three letters, which is how a symbol splits. */
const QUOTES = ['USD', 'EUR', 'SGD', 'BRL', 'MXN', 'GBP'];

export function canonicalOf(symbol: string, base?: string, quote?: string): string {
  if (base && quote) return `${base}-${quote}`;
  const q = QUOTES.find((x) => symbol.endsWith(x) && symbol.length > x.length);
  return q ? `${symbol.slice(0, -q.length)}-${q}` : symbol;
}

function decimalsOf(tick: string): number {
  const dot = tick.indexOf('.');
  return dot < 0 ? 0 : tick.slice(dot + 1).replace(/0+$/, '').length;
}

function info(market: string, tick: string, base?: string, quote?: string): VenueMarketInfo {
  return {
    venue: 'paxos',
    market,
    canonical: canonicalOf(market, base, quote),
    priceDecimals: Math.max(2, decimalsOf(tick)),
    sizeDecimals: SIZE_DECIMALS,
    tickSize: tick,
    lotSize: LOT,
    minSize: LOT,
  };
}

export function staticMarkets(): VenueMarketInfo[] {
  return Object.entries(KNOWN_TICKS).map(([m, t]) => info(m, t));
}

/** Markets from GET /v2/markets; entries with a tick we cannot use are left out. */
export function marketsFromWire(body: MarketsResponse): VenueMarketInfo[] {
  const out: VenueMarketInfo[] = [];
  for (const m of body.markets) {
    if (!/^[A-Z0-9]{2,20}$/.test(m.market) || !isDecimalString(m.tick_rate, 12)) continue;
    const tick = m.tick_rate.includes('.') ? m.tick_rate.replace(/0+$/, '').replace(/\.$/, '') : m.tick_rate;
    const i = info(m.market, tick, m.base_asset, m.quote_asset);
    if (parseScaled(tick, i.priceDecimals) <= 0) continue;
    out.push(i);
  }
  return out;
}

/**
 * Checks a price or size string against a market before it is sent: a clear local error beats a
 * venue 400. Returns a plain-words problem or undefined.
 */
export function checkAmount(
  what: string,
  text: string | undefined,
  decimals: number,
  step?: string,
): string | undefined {
  if (text === undefined) return `${what} is required`;
  if (!/^[0-9]*\.?[0-9]+$/.test(text) || !isDecimalString(text, decimals))
    return `${what} ${JSON.stringify(text.slice(0, 30))} must be a positive decimal with at most ${decimals} decimals`;
  let value: number;
  try {
    value = parseScaled(text, decimals);
  } catch {
    return `${what} ${JSON.stringify(text.slice(0, 30))} is too large`;
  }
  if (value <= 0) return `${what} must be greater than zero`;
  if (step !== undefined && value % parseScaled(step, decimals) !== 0)
    return `${what} ${text} is not a multiple of ${step}`;
  return undefined;
}
