// What each ladder column must be wide enough to show. Sizes are shown with as many decimals as
// the most precise visible value in their column needs (trailing zeros trimmed the same way down
// the column, so right-aligned sizes line up on the decimal point), and a column is sized for the
// widest text it has shown on this view: widths only grow until the view changes (grouping,
// instrument), so the columns do not shuffle sideways as the book moves.
import { formatScaled } from '../../../shared/decimal';
import type { LadderFrame } from '../../../shared/ladder-frame';
import type { ColumnId } from './layout';

/** Width in CSS pixels of a text in the ladder's font (bold for prices and our orders). */
export type Measure = (text: string, bold: boolean) => number;

/** Used until a canvas can measure (and in tests): about 7 px a character at 12 px. */
export const roughMeasure: Measure = (text, bold) => text.length * (bold ? 7.5 : 7);

/** The widest text each column must show, with every digit as 0 (digits are one width). */
export type ColumnContent = Record<ColumnId, string>;

export const DEFAULT_CONTENT: ColumnContent = {
  ownBid: '0.00',
  bid: '0.000',
  price: '00000.00',
  ask: '0.000',
  ownAsk: '0.00',
  volume: '0.000',
};

/** Decimals a column needs: as many as its most precise non-zero value, up to the scale. */
export function columnDecimals(values: Float64Array, scale: number): number {
  let need = 0;
  for (let i = 0; i < values.length && need < scale; i++) {
    let v = values[i]!;
    if (!(v > 0) || !Number.isSafeInteger(v)) continue;
    let d = scale;
    while (d > need && v % 10 === 0) {
      v /= 10;
      d--;
    }
    if (d > need) need = d;
  }
  return need;
}

function maxOf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

const zeros = (s: string) => s.replace(/\d/g, '0');

/** Text of a size column's widest value at the column's decimals. */
function widestSize(values: Float64Array, scale: number): string {
  const max = maxOf(values);
  return max > 0 && Number.isSafeInteger(max)
    ? zeros(formatScaled(max, scale, columnDecimals(values, scale)))
    : '0';
}

function widestOwn(sizes: Float64Array, counts: Float64Array, scale: number): string {
  const size = widestSize(sizes, scale);
  const count = maxOf(counts);
  return count > 1 ? `${size} (${zeros(String(count))})` : size;
}

/** What this frame's columns show at their widest. */
export function frameContent(f: LadderFrame): ColumnContent {
  const first = f.price[0];
  const last = f.price[f.price.length - 1];
  const prices = [first, last].filter((p): p is number => p !== undefined && Number.isSafeInteger(p));
  const price = prices
    .map((p) => zeros(formatScaled(p, f.priceScale, f.priceScale)))
    .reduce((a, b) => (b.length > a.length ? b : a), '0');
  return {
    ownBid: widestOwn(f.ownBid, f.ownBidCount, f.sizeScale),
    bid: widestSize(f.bid, f.sizeScale),
    price,
    ask: widestSize(f.ask, f.sizeScale),
    ownAsk: widestOwn(f.ownAsk, f.ownAskCount, f.sizeScale),
    volume: widestSize(f.volume, f.sizeScale),
  };
}

/** The widest content seen on one view; a new view (or grouping, or scale) starts again. */
export class ContentRatchet {
  private view = '';
  widest: ColumnContent = { ...DEFAULT_CONTENT };

  /** Folds a frame in; true when some column must now be wider (or the view changed). */
  update(f: LadderFrame): boolean {
    const view = `${f.viewId}/${f.rowStep}/${f.priceScale}/${f.sizeScale}`;
    const seen = frameContent(f);
    if (view !== this.view) {
      this.view = view;
      this.widest = seen;
      return true;
    }
    let grew = false;
    for (const id of Object.keys(seen) as ColumnId[]) {
      if (seen[id].length > this.widest[id].length) {
        this.widest[id] = seen[id];
        grew = true;
      }
    }
    if (grew) this.widest = { ...this.widest };
    return grew;
  }
}
