// Pure geometry of the price ladder: where each column sits, which row and side a pointer is
// over, which row holds a given price, and when the static price column should be recentred.
// Everything here works on scaled integers from the frame; nothing converts money to floats.
import type { LadderFrame } from '../../../shared/ladder-frame';
import { DEFAULT_CONTENT, roughMeasure, type ColumnContent, type Measure } from './column-fit';

export type ColumnId = 'ownBid' | 'bid' | 'price' | 'ask' | 'ownAsk' | 'volume';
export type Side = 'buy' | 'sell';

export interface Column {
  id: ColumnId;
  x: number;
  width: number;
  title: string;
  /**
   * Width of the part that holds the column's text: for sizes the part next to the price (bars
   * take the rest, so no text sits under a bar), for the volume its right-hand part.
   */
  textWidth: number;
}

export interface LadderLayout {
  width: number;
  height: number;
  rowHeight: number;
  headerHeight: number;
  columns: Column[];
  /** Even the price and both sizes did not fit: texts are cut at their column's edges. */
  squeezed?: boolean;
}

/** Which columns give way first when the window is too narrow for all of them. */
export type DropFirst = 'volume' | 'own';

export interface LayoutFit {
  content?: ColumnContent;
  measure?: Measure;
  dropFirst?: DropFirst;
}

const ORDER: ColumnId[] = ['ownBid', 'bid', 'price', 'ask', 'ownAsk', 'volume'];
const TITLES: Record<ColumnId, string> = {
  ownBid: 'Bids',
  bid: 'Bid',
  price: 'Price',
  ask: 'Ask',
  ownAsk: 'Asks',
  volume: 'Vol',
};
const DROPS: Record<DropFirst, ColumnId[][]> = {
  volume: [['volume'], ['ownBid', 'ownAsk']],
  own: [['ownBid', 'ownAsk'], ['volume']],
};
/** Columns with a bar beside their text, and the least room a bar is given. */
const BARRED = new Set<ColumnId>(['bid', 'ask', 'volume']);
const MIN_BAR = 12;
export const TEXT_PAD = 4;
/** How room beyond what the text needs is shared out: mostly to the depth and volume bars. */
const SHARE: Record<ColumnId, number> = {
  ownBid: 0.05,
  bid: 0.28,
  price: 0.1,
  ask: 0.28,
  ownAsk: 0.05,
  volume: 0.24,
};

/**
 * Column widths from what they must show and the window width: every column gets room for its
 * widest text (and its title), bars share what is left, and when even that does not fit whole
 * columns drop out in the trader's chosen order. Only if the price and both sizes alone do not
 * fit are texts squeezed (the painter clips them to their own column).
 */
export function computeLayout(
  width: number,
  height: number,
  rowHeight = 16,
  headerHeight = 18,
  fit: LayoutFit = {},
): LadderLayout {
  const content = fit.content ?? DEFAULT_CONTENT;
  const measure = fit.measure ?? roughMeasure;
  const text = (id: ColumnId) => {
    const own = id === 'ownBid' || id === 'ownAsk';
    const w = Math.max(measure(content[id], id === 'price' || own), measure(TITLES[id], false));
    return Math.ceil(w) + 2 * TEXT_PAD + (own ? 2 : 0);
  };
  const need = new Map<ColumnId, number>();
  for (const id of ORDER) need.set(id, text(id) + (BARRED.has(id) ? MIN_BAR : 0));
  let shown = ORDER.slice();
  const total = () => shown.reduce((n, id) => n + need.get(id)!, 0);
  for (const group of DROPS[fit.dropFirst ?? 'volume'])
    if (total() > width) shown = shown.filter((id) => !group.includes(id));
  const squeeze = Math.min(1, width / total());
  const extra = Math.max(0, width - total());
  const shares = shown.reduce((n, id) => n + SHARE[id], 0);
  const columns: Column[] = [];
  let x = 0;
  shown.forEach((id, i) => {
    const base = Math.floor(need.get(id)! * squeeze + (extra * SHARE[id]) / shares);
    const w = i === shown.length - 1 ? width - x : base;
    columns.push({
      id,
      x,
      width: w,
      title: TITLES[id],
      textWidth: Math.min(w, Math.floor(text(id) * squeeze)),
    });
    x += w;
  });
  return { width, height, rowHeight, headerHeight, columns, squeezed: squeeze < 1 };
}

/** How many rows fit below the header; the subscription asks the engine for this many. */
export function rowsThatFit(height: number, rowHeight = 16, headerHeight = 18): number {
  return Math.max(5, Math.min(400, Math.floor((height - headerHeight) / rowHeight)));
}

/** A column every layout has (the price and both sizes). */
export function column(layout: LadderLayout, id: 'bid' | 'price' | 'ask'): Column {
  return layout.columns.find((c) => c.id === id)!;
}

/** A column the layout may have dropped for want of room. */
export function columnIf(layout: LadderLayout, id: ColumnId): Column | undefined {
  return layout.columns.find((c) => c.id === id);
}

export function rowTop(layout: LadderLayout, row: number): number {
  return layout.headerHeight + row * layout.rowHeight;
}

export interface Hit {
  row: number;
  column: ColumnId;
  /** Row price in 10^-priceScale units. */
  price: number;
}

/** Which cell a pointer position (CSS pixels, relative to the canvas) is over, if any. */
export function hitTest(layout: LadderLayout, frame: LadderFrame, x: number, y: number): Hit | null {
  if (y < layout.headerHeight || x < 0 || x >= layout.width) return null;
  const row = Math.floor((y - layout.headerHeight) / layout.rowHeight);
  if (row < 0 || row >= frame.price.length) return null;
  const col = layout.columns.find((c) => x >= c.x && x < c.x + c.width);
  const price = frame.price[row]!;
  if (!col || !Number.isFinite(price)) return null;
  return { row, column: col.id, price };
}

export type ClickAction =
  | { kind: 'place'; side: Side; price: number }
  | { kind: 'cancel'; side: Side; price: number; row: number }
  | { kind: 'none' };

/** A click on the bid size buys at that price, on the ask size sells; on our own order cancels it. */
export function clickAction(hit: Hit | null, ownAtRow: (side: Side, row: number) => boolean): ClickAction {
  if (!hit) return { kind: 'none' };
  switch (hit.column) {
    case 'bid':
      return { kind: 'place', side: 'buy', price: hit.price };
    case 'ask':
      return { kind: 'place', side: 'sell', price: hit.price };
    case 'ownBid':
      return ownAtRow('buy', hit.row)
        ? { kind: 'cancel', side: 'buy', price: hit.price, row: hit.row }
        : { kind: 'none' };
    case 'ownAsk':
      return ownAtRow('sell', hit.row)
        ? { kind: 'cancel', side: 'sell', price: hit.price, row: hit.row }
        : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}

/**
 * The row a resting price falls in. The engine buckets grouped bids down and asks up (a grouped
 * bid row never shows a price better than the orders in it), so our orders are placed the same way.
 */
export function rowForPrice(frame: LadderFrame, price: number, side: Side): number | null {
  const step = frame.rowStep;
  const top = frame.price[0];
  if (!(step > 0) || top === undefined || !Number.isFinite(price)) return null;
  const key = side === 'buy' ? Math.floor(price / step) : Math.ceil(price / step);
  const row = Math.round(top / step) - key;
  return row >= 0 && row < frame.price.length ? row : null;
}

/** Target price of dragging one of our orders from one row to the row under the pointer. */
export function dragTargetPrice(
  layout: LadderLayout,
  frame: LadderFrame,
  fromRow: number,
  toY: number,
): number | null {
  const row = Math.floor((toY - layout.headerHeight) / layout.rowHeight);
  if (row < 0 || row >= frame.price.length || row === fromRow) return null;
  const price = frame.price[row]!;
  return Number.isFinite(price) && price > 0 ? price : null;
}

/** Shares of the rows the inside market may roam before auto-recentre moves the view, in %. */
export const RECENTER_BANDS = [25, 50, 75] as const;

/**
 * Auto-recentre only when the inside market has drifted out of the middle band of the rows (by
 * default the middle half), so the price column stays still while the trader is reading it.
 */
export function needsRecenter(frame: LadderFrame, bandPercent = 50): boolean {
  const rows = frame.price.length;
  const bid = Number.isFinite(frame.bestBid);
  const ask = Number.isFinite(frame.bestAsk);
  if (rows === 0 || (!bid && !ask)) return false;
  const margin = (rows * (100 - Math.min(100, Math.max(0, bandPercent)))) / 200;
  const lo = Math.floor(margin);
  const hi = Math.ceil(rows - margin);
  // Asked on every frame of every ladder: no arrays built for it.
  const outside = (row: number | null) => row === null || row < lo || row >= hi;
  return (
    (bid && outside(rowForPrice(frame, frame.bestBid, 'buy'))) ||
    (ask && outside(rowForPrice(frame, frame.bestAsk, 'sell')))
  );
}

/** The recentre gate: a request made while the pointer is over the ladder waits until it leaves. */
export class RecenterGate {
  private hovered = false;
  private deferred = false;

  constructor(private readonly apply: () => void) {}

  setHovered(hovered: boolean): void {
    this.hovered = hovered;
    if (!hovered && this.deferred) {
      this.deferred = false;
      this.apply();
    }
  }

  get isHovered(): boolean {
    return this.hovered;
  }

  get isDeferred(): boolean {
    return this.deferred;
  }

  request(): 'applied' | 'deferred' {
    if (this.hovered) {
      this.deferred = true;
      return 'deferred';
    }
    this.apply();
    return 'applied';
  }
}

/** Row groupings the ladder offers, in ticks. */
export const GROUP_TICKS = [1, 2, 5, 10, 25, 50, 100] as const;

/**
 * A first grouping for a ladder nobody has chosen one for: the largest offered that keeps a row
 * within half a basis point of the price. A stock at a cent a tick stays at one tick; BTC at a
 * cent a tick gets a dollar a row, so a screen of rows spans what the market does in minutes,
 * not in milliseconds. Null until the frame shows both sides of the book. Pixel-free geometry,
 * not money: a float ratio is fine here.
 */
export function defaultGroupTicks(frame: LadderFrame, currentGroup: number): number | null {
  if (!Number.isFinite(frame.bestBid) || !Number.isFinite(frame.bestAsk)) return null;
  const tick = frame.rowStep / currentGroup;
  const budget = ((frame.bestBid + frame.bestAsk) / 2) * 0.5e-4;
  let chosen = 1;
  for (const g of GROUP_TICKS) if (g * tick <= budget) chosen = g;
  return chosen;
}
