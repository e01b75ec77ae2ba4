// Turns one decoded ladder frame into a flat list of rectangles and texts (a "scene"), then
// paints that list. Building the scene is pure so tests can check what goes where without
// pixels; painting is a dumb loop over it. Bar widths are pixel geometry, not money: the ratio
// of two sizes is the one place a float is fine, and every number shown goes through formatScaled.
import { formatScaled } from '../../../shared/decimal';
import { frameSize, type LadderFrame } from '../../../shared/ladder-frame';
import { column, rowForPrice, rowTop, type ColumnId, type LadderLayout } from './layout';

export const PALETTE = {
  background: '#0f1216',
  header: '#161b22',
  line: '#1b2129',
  text: '#d7dde4',
  muted: '#7d8894',
  bid: '#3fb27f',
  ask: '#e5534b',
  bidDepth: 'rgba(63, 178, 127, 0.16)',
  askDepth: 'rgba(229, 83, 75, 0.16)',
  bestBid: 'rgba(63, 178, 127, 0.22)',
  bestAsk: 'rgba(229, 83, 75, 0.22)',
  own: '#d29922',
  ownText: '#111',
  last: '#4c8dff',
  volume: 'rgba(125, 136, 148, 0.35)',
  hover: 'rgba(76, 141, 255, 0.14)',
  stale: '#d29922',
} as const;

/** One colour per venue position in the frame; consolidated ladders show which venue quotes what. */
export const VENUE_COLORS = ['#4c8dff', '#c678dd', '#e5c07b', '#56b6c2', '#98c379'];

export type OpKind =
  'background' | 'header' | 'depth' | 'best' | 'venue' | 'own' | 'volumeBar' | 'lastTrade' | 'hover' | 'line';

export interface RectOp {
  kind: OpKind;
  row: number;
  column?: ColumnId;
  x: number;
  y: number;
  w: number;
  h: number;
  fill?: string;
  stroke?: string;
}

export interface TextOp {
  row: number;
  column: ColumnId | 'banner';
  x: number;
  y: number;
  text: string;
  color: string;
  align: 'left' | 'right' | 'center';
  bold?: boolean;
}

export interface Scene {
  rects: RectOp[];
  texts: TextOp[];
}

export interface SceneOptions {
  hoverRow?: number | null;
  /** Row whose own order is being dragged, shown lifted. */
  dragRow?: number | null;
  /** Row the drag would drop on. */
  dropRow?: number | null;
}

function maxOf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

/**
 * The bar scale: the smallest 1, 2 or 5 × 10^k at or above the largest value shown. A scale that
 * followed the largest value exactly would resize every bar on every tick; this one moves in
 * steps, so bars stay still unless their own value changes (steadier to read, and unchanged rows
 * need no repaint).
 */
export function niceCeiling(v: number): number {
  if (!(v > 0)) return 1;
  const decade = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * decade >= v) return m * decade;
  return 10 * decade;
}

export function buildScene(frame: LadderFrame, layout: LadderLayout, opts: SceneOptions = {}): Scene {
  const rects: RectOp[] = [];
  const texts: TextOp[] = [];
  const h = layout.rowHeight;
  const pad = 4;
  const mid = (row: number) => rowTop(layout, row) + h / 2;
  rects.push({
    kind: 'background',
    row: -1,
    x: 0,
    y: 0,
    w: layout.width,
    h: layout.height,
    fill: PALETTE.background,
  });
  rects.push({
    kind: 'header',
    row: -1,
    x: 0,
    y: 0,
    w: layout.width,
    h: layout.headerHeight,
    fill: PALETTE.header,
  });
  for (const c of layout.columns) {
    texts.push({
      row: -1,
      column: c.id,
      x: c.x + c.width / 2,
      y: layout.headerHeight / 2,
      text: c.title,
      color: PALETTE.muted,
      align: 'center',
    });
  }

  const cols = {
    ownBid: column(layout, 'ownBid'),
    bid: column(layout, 'bid'),
    price: column(layout, 'price'),
    ask: column(layout, 'ask'),
    ownAsk: column(layout, 'ownAsk'),
    volume: column(layout, 'volume'),
  };
  const maxCum = niceCeiling(Math.max(maxOf(frame.cumBid), maxOf(frame.cumAsk)));
  const maxVol = niceCeiling(maxOf(frame.volume));
  const bestBidRow = Number.isFinite(frame.bestBid) ? rowForPrice(frame, frame.bestBid, 'buy') : null;
  const bestAskRow = Number.isFinite(frame.bestAsk) ? rowForPrice(frame, frame.bestAsk, 'sell') : null;
  const lastRow = frame.lastTrade ? rowForPrice(frame, frame.lastTrade.price, 'buy') : null;
  const multiVenue = frame.venues.length > 1;

  for (let r = 0; r < frame.price.length; r++) {
    const y = rowTop(layout, r);
    if (y >= layout.height) break;
    if (opts.hoverRow === r)
      rects.push({ kind: 'hover', row: r, x: 0, y, w: layout.width, h, fill: PALETTE.hover });
    // Cumulative depth: a shaded bar growing from the price column outwards.
    const cb = frame.cumBid[r]!;
    if (cb > 0) {
      const w = Math.max(1, Math.round((cols.bid.width * cb) / maxCum));
      rects.push({
        kind: 'depth',
        row: r,
        column: 'bid',
        x: cols.bid.x + cols.bid.width - w,
        y,
        w,
        h,
        fill: PALETTE.bidDepth,
      });
    }
    const ca = frame.cumAsk[r]!;
    if (ca > 0) {
      const w = Math.max(1, Math.round((cols.ask.width * ca) / maxCum));
      rects.push({ kind: 'depth', row: r, column: 'ask', x: cols.ask.x, y, w, h, fill: PALETTE.askDepth });
    }
    if (r === bestBidRow)
      rects.push({
        kind: 'best',
        row: r,
        column: 'bid',
        x: cols.bid.x,
        y,
        w: cols.bid.width,
        h,
        fill: PALETTE.bestBid,
      });
    if (r === bestAskRow)
      rects.push({
        kind: 'best',
        row: r,
        column: 'ask',
        x: cols.ask.x,
        y,
        w: cols.ask.width,
        h,
        fill: PALETTE.bestAsk,
      });

    const bid = frame.bid[r]!;
    const ask = frame.ask[r]!;
    if (bid > 0) {
      texts.push({
        row: r,
        column: 'bid',
        x: cols.bid.x + cols.bid.width - pad,
        y: mid(r),
        text: frameSize(frame, bid),
        color: PALETTE.bid,
        align: 'right',
      });
      if (multiVenue) venueStrip(rects, frame.venueBid, bid, r, cols.bid.x, y + h - 3, cols.bid.width, 'bid');
    }
    if (ask > 0) {
      texts.push({
        row: r,
        column: 'ask',
        x: cols.ask.x + pad,
        y: mid(r),
        text: frameSize(frame, ask),
        color: PALETTE.ask,
        align: 'left',
      });
      if (multiVenue) venueStrip(rects, frame.venueAsk, ask, r, cols.ask.x, y + h - 3, cols.ask.width, 'ask');
    }

    const price = frame.price[r]!;
    if (Number.isFinite(price)) {
      const isLast = r === lastRow;
      if (isLast)
        rects.push({
          kind: 'lastTrade',
          row: r,
          column: 'price',
          x: cols.price.x + 1,
          y: y + 1,
          w: cols.price.width - 2,
          h: h - 2,
          stroke: PALETTE.last,
        });
      texts.push({
        row: r,
        column: 'price',
        x: cols.price.x + cols.price.width / 2,
        y: mid(r),
        // Fixed decimals keep the price column's digits aligned row to row.
        text: formatScaled(price, frame.priceScale, frame.priceScale),
        color: r === bestBidRow ? PALETTE.bid : r === bestAskRow ? PALETTE.ask : PALETTE.text,
        align: 'center',
        bold: isLast || r === bestBidRow || r === bestAskRow,
      });
    }

    ownCell(rects, texts, frame, 'ownBid', cols.ownBid, r, y, h, opts);
    ownCell(rects, texts, frame, 'ownAsk', cols.ownAsk, r, y, h, opts);

    const vol = frame.volume[r]!;
    if (vol > 0) {
      const w = Math.max(1, Math.round(((cols.volume.width - 2) * vol) / maxVol));
      rects.push({
        kind: 'volumeBar',
        row: r,
        column: 'volume',
        x: cols.volume.x + 1,
        y: y + 2,
        w,
        h: h - 4,
        fill: PALETTE.volume,
      });
      texts.push({
        row: r,
        column: 'volume',
        x: cols.volume.x + cols.volume.width - pad,
        y: mid(r),
        text: frameSize(frame, vol),
        color: PALETTE.muted,
        align: 'right',
      });
    }
    // Inset so the stroke stays inside its own row's band (see painter.ts).
    if (opts.dropRow === r)
      rects.push({
        kind: 'hover',
        row: r,
        x: 1,
        y: y + 1,
        w: layout.width - 2,
        h: h - 2,
        stroke: PALETTE.own,
      });
    rects.push({ kind: 'line', row: r, x: 0, y: y + h - 0.5, w: layout.width, h: 0.5, fill: PALETTE.line });
  }
  return { rects, texts };
}

function venueStrip(
  rects: RectOp[],
  perVenue: Float64Array[],
  total: number,
  row: number,
  x0: number,
  y: number,
  width: number,
  col: 'bid' | 'ask',
): void {
  let x = x0;
  perVenue.forEach((sizes, v) => {
    const z = sizes[row]!;
    if (!(z > 0)) return;
    const w = (width * z) / total;
    rects.push({
      kind: 'venue',
      row,
      column: col,
      x,
      y,
      w,
      h: 3,
      fill: VENUE_COLORS[v % VENUE_COLORS.length]!,
    });
    x += w;
  });
}

function ownCell(
  rects: RectOp[],
  texts: TextOp[],
  frame: LadderFrame,
  id: 'ownBid' | 'ownAsk',
  col: { x: number; width: number },
  r: number,
  y: number,
  h: number,
  opts: SceneOptions,
): void {
  const size = frame[id][r]!;
  if (!(size > 0)) return;
  const count = (id === 'ownBid' ? frame.ownBidCount : frame.ownAskCount)[r]!;
  const lifted = opts.dragRow === r;
  rects.push({
    kind: 'own',
    row: r,
    column: id,
    x: col.x + 1,
    y: y + 1,
    w: col.width - 2,
    h: h - 2,
    fill: lifted ? PALETTE.muted : PALETTE.own,
  });
  texts.push({
    row: r,
    column: id,
    x: col.x + col.width / 2,
    y: y + h / 2,
    text: count > 1 ? `${frameSize(frame, size)} (${count})` : frameSize(frame, size),
    color: PALETTE.ownText,
    align: 'center',
    bold: true,
  });
}
