// The blotter's data side, independent of AG Grid: row shapes for fills and market trades,
// the columns each grid shows, group-by aggregation (AG Grid Community has no row grouping, so
// the store aggregates), and the CSV text for exactly the rows and columns on screen.
import type { FillView, MarketTrade } from '../../../shared/contract';
import { VENUE_NAMES } from '../../../shared/domain';
import { formatTime } from '../common/time';
import { addDecimals, compareDecimals, divDecimals, mulDecimals, negate } from '../../../shared/decimal';

export interface FillRow {
  id: string;
  at: number;
  time: string;
  venue: string;
  instrument: string;
  side: 'buy' | 'sell';
  price: string;
  quantity: string;
  fee: string;
  orderId: string;
}

export interface GroupRow {
  id: string;
  group: string;
  fills: number;
  bought: string;
  sold: string;
  net: string;
  avgPrice: string;
  fees: string;
}

export interface TradeRow {
  id: string;
  at: number;
  time: string;
  venue: string;
  instrument: string;
  side: string;
  price: string;
  quantity: string;
}

/** One column as the grid and the CSV both see it: the CSV header is the grid header. */
export interface ColumnSpec<R> {
  field: keyof R & string;
  header: string;
  numeric?: boolean;
  /** Initial width in px, so the columns a trader needs fit at 1280 px. */
  width?: number;
}

export { formatTime };

export const FILL_COLUMNS: ColumnSpec<FillRow>[] = [
  { field: 'time', header: 'Time', width: 185 },
  { field: 'venue', header: 'Venue' },
  { field: 'instrument', header: 'Instrument' },
  { field: 'side', header: 'Side' },
  { field: 'price', header: 'Price', numeric: true },
  { field: 'quantity', header: 'Quantity', numeric: true },
  { field: 'fee', header: 'Fee', numeric: true },
  { field: 'orderId', header: 'Order id' },
];

export const GROUP_COLUMNS: ColumnSpec<GroupRow>[] = [
  { field: 'group', header: 'Group' },
  { field: 'fills', header: 'Fills', numeric: true },
  { field: 'bought', header: 'Bought', numeric: true },
  { field: 'sold', header: 'Sold', numeric: true },
  { field: 'net', header: 'Net', numeric: true },
  { field: 'avgPrice', header: 'Avg price', numeric: true },
  { field: 'fees', header: 'Fees', numeric: true },
];

export const TRADE_COLUMNS: ColumnSpec<TradeRow>[] = [
  { field: 'time', header: 'Time', width: 185 },
  { field: 'venue', header: 'Venue' },
  { field: 'instrument', header: 'Instrument' },
  { field: 'side', header: 'Side' },
  { field: 'price', header: 'Price', numeric: true },
  { field: 'quantity', header: 'Quantity', numeric: true },
];

const names: Record<string, string> = VENUE_NAMES;

export function fillRow(f: FillView): FillRow {
  return {
    id: `${f.venue}:${f.fillId}`,
    at: f.at,
    time: formatTime(f.at),
    venue: names[f.venue] ?? f.venue,
    instrument: f.market,
    side: f.side,
    price: f.price,
    quantity: f.size,
    fee: f.fee === undefined ? '' : f.feeCurrency ? `${f.fee} ${f.feeCurrency}` : f.fee,
    orderId: f.clientOrderId ?? f.venueOrderId,
  };
}

export function tradeRow(t: MarketTrade, i: number): TradeRow {
  return {
    id: `${t.venue}:${t.market}:${t.time}:${i}`,
    at: t.time,
    time: formatTime(t.time),
    venue: names[t.venue] ?? t.venue,
    instrument: t.market,
    side: t.side ?? '',
    price: t.price,
    quantity: t.size,
  };
}

export type GroupBy = 'none' | 'venue' | 'instrument' | 'side' | 'orderId';

export const GROUP_CHOICES: { value: GroupBy; label: string }[] = [
  { value: 'none', label: 'No grouping' },
  { value: 'venue', label: 'Venue' },
  { value: 'instrument', label: 'Instrument' },
  { value: 'side', label: 'Side' },
  { value: 'orderId', label: 'Order' },
];

/** Aggregates fills per group: exact sums, VWAP to the finest price precision seen. */
export function groupFills(rows: FillRow[], by: Exclude<GroupBy, 'none'>): GroupRow[] {
  const groups = new Map<string, FillRow[]>();
  for (const r of rows) {
    const key = r[by];
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.entries()].map(([group, list]) => {
    const buys = list.filter((r) => r.side === 'buy').map((r) => r.quantity);
    const sells = list.filter((r) => r.side === 'sell').map((r) => r.quantity);
    const bought = addDecimals(buys);
    const sold = addDecimals(sells);
    const qty = addDecimals(list.map((r) => r.quantity));
    const notional = addDecimals(list.map((r) => mulDecimals(r.price, r.quantity)));
    // Two places beyond the finest price seen: an average is finer than the tick.
    const places = 2 + Math.max(0, ...list.map((r) => (r.price.split('.')[1] ?? '').length));
    const fees = list.map((r) => r.fee).filter((f) => f !== '');
    const currencies = new Set(fees.map((f) => f.split(' ')[1] ?? ''));
    return {
      id: `${by}:${group}`,
      group,
      fills: list.length,
      bought,
      sold,
      net: addDecimals([bought, negate(sold)]),
      avgPrice: compareDecimals(qty, '0') === 0 ? '' : divDecimals(notional, qty, places),
      fees:
        fees.length === 0
          ? ''
          : currencies.size === 1
            ? `${addDecimals(fees.map((f) => f.split(' ')[0]!))}${[...currencies][0] ? ` ${[...currencies][0]}` : ''}`
            : 'mixed currencies',
    };
  });
}

/** One CSV field: quoted when needed, and text a spreadsheet would run as a formula is defused. */
export function csvField(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV of exactly these rows (already filtered and sorted by the grid) and these columns. */
export function toCsv<R>(rows: R[], columns: ColumnSpec<R>[]): string {
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c.field])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
