// Positions that add up: per venue market with its currency and fees, net per asset across
// venues, and totals per currency. Exact decimal-string arithmetic (shared/decimal.ts) only.
import type { InstrumentInfo, PositionView } from '../../../shared/contract';
import { addDecimals, divDecimals, negate } from '../../../shared/decimal';
import type { VenueId } from '../../../shared/domain';

/** Base asset and quote currency of an instrument: "BTC-USD" → BTC/USD; ALOR shares trade in RUB. */
export function assetsOf(canonical: string, venue: VenueId): { asset: string; currency: string } {
  const dash = canonical.lastIndexOf('-');
  if (dash > 0) return { asset: canonical.slice(0, dash), currency: canonical.slice(dash + 1) };
  return { asset: canonical, currency: venue === 'alor' ? 'RUB' : '?' };
}

/** A value rounded (half away from zero) and padded to exactly `decimals` places. */
export function atDecimals(value: string, decimals: number): string {
  const rounded = divDecimals(value, '1', decimals);
  if (decimals === 0) return rounded;
  const [whole, frac = ''] = rounded.split('.');
  return `${whole}.${frac.padEnd(decimals, '0')}`;
}

export interface PositionRow {
  key: string;
  venue: VenueId;
  market: string;
  canonical: string;
  asset: string;
  currency: string;
  priceDecimals: number;
  sizeDecimals: number;
  position: string;
  averagePrice?: string;
  mid?: string;
  realized: string;
  unrealized?: string;
  /** Fees paid in the quote currency (they count in P&L). */
  fees: string;
  /** Fees paid in another asset, by asset (shown, not converted). */
  otherFees: Record<string, string>;
  /** realized + unrealized − fees; absent while no mid is known. */
  net?: string;
}

export interface AssetNet {
  asset: string;
  position: string;
  sizeDecimals: number;
  venues: VenueId[];
}

export interface CurrencyTotal {
  currency: string;
  decimals: number;
  realized: string;
  unrealized: string;
  fees: string;
  net: string;
  /** True when some position has no mid yet, so unrealized (and net) leave it out. */
  partial: boolean;
}

/** Rows from the core's positions: fees and net P&L are the core's, summed over every fill. */
export function positionRows(positions: PositionView[], instruments: InstrumentInfo[]): PositionRow[] {
  return positions.map((p) => {
    const key = `${p.venue}:${p.market}`;
    const info = instruments.find((i) => i.id === key);
    const { asset, currency } = assetsOf(p.canonical, p.venue);
    const quote = p.quoteCurrency ?? currency;
    let fees = '0';
    const otherFees: Record<string, string> = {};
    for (const f of p.fees ?? []) {
      if (f.currency === quote) fees = f.amount;
      else otherFees[f.currency] = f.amount;
    }
    const row: PositionRow = {
      key,
      venue: p.venue,
      market: p.market,
      canonical: p.canonical,
      asset,
      currency,
      priceDecimals: info?.priceDecimals ?? 2,
      sizeDecimals: info?.sizeDecimals ?? 8,
      position: p.position,
      realized: p.realizedPnl,
      fees,
      otherFees,
    };
    if (p.averagePrice !== undefined) row.averagePrice = p.averagePrice;
    if (p.mid !== undefined) row.mid = p.mid;
    if (p.unrealizedPnl !== undefined) {
      row.unrealized = p.unrealizedPnl;
      row.net = p.netPnl ?? addDecimals([p.realizedPnl, p.unrealizedPnl, negate(fees)]);
    }
    return row;
  });
}

/** Net position per asset across venues (BTC on Paxos and on Finery is one BTC exposure). */
export function netByAsset(rows: PositionRow[]): AssetNet[] {
  const out = new Map<string, AssetNet>();
  for (const r of rows) {
    const a = out.get(r.asset) ?? { asset: r.asset, position: '0', sizeDecimals: 0, venues: [] };
    a.position = addDecimals([a.position, r.position]);
    a.sizeDecimals = Math.max(a.sizeDecimals, r.sizeDecimals);
    if (!a.venues.includes(r.venue)) a.venues.push(r.venue);
    out.set(r.asset, a);
  }
  return [...out.values()].sort((a, b) => a.asset.localeCompare(b.asset));
}

/** P&L totals per currency: dollars and roubles never share a sum. */
export function totalsByCurrency(rows: PositionRow[]): CurrencyTotal[] {
  const out = new Map<string, CurrencyTotal>();
  for (const r of rows) {
    const t = out.get(r.currency) ?? {
      currency: r.currency,
      decimals: 0,
      realized: '0',
      unrealized: '0',
      fees: '0',
      net: '0',
      partial: false,
    };
    t.decimals = Math.max(t.decimals, r.priceDecimals);
    t.realized = addDecimals([t.realized, r.realized]);
    t.fees = addDecimals([t.fees, r.fees]);
    if (r.unrealized === undefined) t.partial = true;
    else t.unrealized = addDecimals([t.unrealized, r.unrealized]);
    t.net = addDecimals([t.realized, t.unrealized, negate(t.fees)]);
    out.set(r.currency, t);
  }
  return [...out.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
