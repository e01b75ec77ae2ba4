// Positions and P&L per venue and market, from fills only (never from venue position reports,
// which lag and differ per venue). All BigInt: position × price passes 2^53 easily.
// Cost is the signed cost of the open position; closing part of it releases the proportional
// share of cost (floored), and closing all of it releases exactly what is left, so realized P&L
// over a round trip is exact whatever the rounding on the way. Fees are summed per currency; those
// in the quote currency count in the net figures.
import type { PositionView } from '../../shared/contract/orders';
import type { VenueId } from '../../shared/domain';
import type { OrderSide } from '../venues/common/adapter';
import { averagePrice } from './average-price';
import { quoteCurrency } from './shipped-limits';
import { addDecimals, formatBig, negate, parseBig } from '../../shared/decimal';

/** Fill prices may carry more places than the tick (averaged SOR fills): kept exactly. */
export const FILL_PRICE_EXTRA = 4;

export interface MidSource {
  /** Mid price of a venue market as a decimal string, or undefined when unknown. */
  mid(venue: VenueId, market: string, canonical: string): string | undefined;
}

interface Position {
  venue: VenueId;
  market: string;
  canonical: string;
  /** Scale of prices in cost/P&L: the market price scale plus FILL_PRICE_EXTRA. */
  priceScale: number;
  sizeScale: number;
  position: bigint;
  cost: bigint;
  realized: bigint;
  /** The instrument's quote currency: fees paid in it count in P&L. */
  quote: string;
  /** Fees summed exactly per currency (a fee without a currency is in the quote currency). */
  fees: Map<string, string>;
}

export interface PositionFill {
  venue: VenueId;
  market: string;
  canonical: string;
  side: OrderSide;
  price: string;
  size: string;
  marketPriceScale: number;
  sizeScale: number;
  fee?: string;
  feeCurrency?: string;
}

const sign = (v: bigint): bigint => (v < 0n ? -1n : v > 0n ? 1n : 0n);
const abs = (v: bigint): bigint => (v < 0n ? -v : v);

export class PositionBook {
  private readonly rows = new Map<string, Position>();

  /** Applies one fill; throws (before changing anything) on a malformed number. */
  apply(f: PositionFill): void {
    const priceScale = f.marketPriceScale + FILL_PRICE_EXTRA;
    const price = parseBig(f.price, priceScale);
    const qty = parseBig(f.size, f.sizeScale);
    if (qty <= 0n || price < 0n)
      throw new Error(`fill with size ${f.size} at ${f.price} is not a valid fill`);
    const key = `${f.venue}:${f.market}`;
    let row = this.rows.get(key);
    const quote = row?.quote ?? quoteCurrency(f);
    const feeCurrency = f.feeCurrency?.toUpperCase() || quote;
    // Summed before anything changes, so a malformed fee leaves the position untouched.
    const feeSum = f.fee ? addDecimals([row?.fees.get(feeCurrency) ?? '0', f.fee]) : undefined;
    if (!row) {
      row = {
        venue: f.venue,
        market: f.market,
        canonical: f.canonical,
        priceScale,
        sizeScale: f.sizeScale,
        position: 0n,
        cost: 0n,
        realized: 0n,
        quote,
        fees: new Map(),
      };
      this.rows.set(key, row);
    } else if (row.priceScale !== priceScale || row.sizeScale !== f.sizeScale) {
      throw new Error(`fill for ${key} arrived with different decimals than earlier fills`);
    }
    applySigned(row, f.side === 'buy' ? qty : -qty, price);
    if (feeSum !== undefined) row.fees.set(feeCurrency, feeSum);
  }

  views(mids?: MidSource): PositionView[] {
    return [...this.rows.values()].map((r) => view(r, mids?.mid(r.venue, r.market, r.canonical)));
  }

  /** Raw numbers for tests and the risk checks. */
  get(venue: VenueId, market: string): Readonly<Position> | undefined {
    return this.rows.get(`${venue}:${market}`);
  }
}

function applySigned(row: Position, signed: bigint, price: bigint): void {
  let remaining = signed;
  if (row.position !== 0n && sign(remaining) !== sign(row.position)) {
    const close = abs(remaining) < abs(row.position) ? abs(remaining) : abs(row.position);
    const released = close === abs(row.position) ? row.cost : (row.cost * close) / abs(row.position);
    row.realized += sign(row.position) * price * close - released;
    row.cost -= released;
    row.position -= sign(row.position) * close;
    remaining -= sign(remaining) * close;
  }
  if (remaining !== 0n) {
    row.position += remaining;
    row.cost += price * remaining;
  }
}

function view(r: Position, mid: string | undefined): PositionView {
  const scale = r.priceScale + r.sizeScale;
  const realized = formatBig(r.realized, scale);
  const lessFees = negate(r.fees.get(r.quote) ?? '0');
  const out: PositionView = {
    venue: r.venue,
    market: r.market,
    canonical: r.canonical,
    position: formatBig(r.position, r.sizeScale),
    realizedPnl: realized,
    quoteCurrency: r.quote,
    realizedNetPnl: addDecimals([realized, lessFees]),
  };
  if (r.fees.size > 0)
    out.fees = [...r.fees]
      .map(([currency, amount]) => ({ currency, amount }))
      .sort((a, b) => a.currency.localeCompare(b.currency));
  if (r.position !== 0n) out.averagePrice = averagePrice(abs(r.cost), abs(r.position), r.priceScale);
  if (mid !== undefined) {
    try {
      const m = parseBig(mid, r.priceScale);
      out.mid = mid;
      out.unrealizedPnl = formatBig(m * r.position - r.cost, scale);
      out.netPnl = addDecimals([realized, out.unrealizedPnl, lessFees]);
    } catch {
      // A mid with more places than we keep is shown without unrealized P&L rather than rounded.
    }
  }
  return out;
}
