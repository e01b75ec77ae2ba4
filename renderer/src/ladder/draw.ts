// Turns one decoded ladder frame into a flat list of rectangles and texts (a "scene"), then
// paints that list. Building the scene is pure so tests can check what goes where without
// pixels; painting is a dumb loop over it. Bar widths are pixel geometry, not money: the ratio
// of two sizes is the one place a float is fine, and every number shown goes through formatScaled.
import { formatScaled } from '../../../shared/decimal';
import type { LadderFrame } from '../../../shared/ladder-frame';
import { columnDecimals } from './column-fit';
import {
  column,
  columnIf,
  rowForPrice,
  rowTop,
  TEXT_PAD,
  type Column,
  type ColumnId,
  type LadderLayout,
} from './layout';

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
  // A change sent and not yet confirmed by the venue: the block dims until the venue answers.
  ownPending: '#6b5420',
  ownPendingText: '#f0d28a',
  selected: '#f2f4f7',
  // Not a venue colour: the last trade must not read as one venue's quote.
  last: '#f2f4f7',
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

/** Where our orders are waiting for the venue, and the one the keyboard acts on. */
export interface OwnMarks {
  pending: { buy: Set<number>; sell: Set<number> };
  selected: { side: 'buy' | 'sell'; row: number } | null;
}

export interface SceneOptions {
  own?: OwnMarks;
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
  const pad = TEXT_PAD;
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

  const bidCol = column(layout, 'bid');
  const priceCol = column(layout, 'price');
  const askCol = column(layout, 'ask');
  const ownBidCol = columnIf(layout, 'ownBid');
  const ownAskCol = columnIf(layout, 'ownAsk');
  const volCol = columnIf(layout, 'volume');
  // Bars live beside the text, never under it: bid bars left of the bid sizes, ask bars right of
  // the ask sizes (both growing away from the price), volume bars left of the volume.
  const bidBar = { x: bidCol.x, w: bidCol.width - bidCol.textWidth };
  const askBar = { x: askCol.x + askCol.textWidth, w: askCol.width - askCol.textWidth };
  const volBar = volCol ? { x: volCol.x + 1, w: volCol.width - volCol.textWidth - 1 } : null;
  const scale = frame.sizeScale;
  const size = (v: number, dp: number) => formatScaled(v, scale, dp);
  const dp = {
    bid: columnDecimals(frame.bid, scale),
    ask: columnDecimals(frame.ask, scale),
    ownBid: columnDecimals(frame.ownBid, scale),
    ownAsk: columnDecimals(frame.ownAsk, scale),
    volume: columnDecimals(frame.volume, scale),
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
    if (r === bestBidRow)
      rects.push({
        kind: 'best',
        row: r,
        column: 'bid',
        x: bidCol.x,
        y,
        w: bidCol.width,
        h,
        fill: PALETTE.bestBid,
      });
    if (r === bestAskRow)
      rects.push({
        kind: 'best',
        row: r,
        column: 'ask',
        x: askCol.x,
        y,
        w: askCol.width,
        h,
        fill: PALETTE.bestAsk,
      });
    // Cumulative depth: a shaded bar growing from the size text outwards.
    const cb = frame.cumBid[r]!;
    if (cb > 0 && bidBar.w > 0) {
      const w = Math.max(1, Math.round((bidBar.w * cb) / maxCum));
      rects.push({
        kind: 'depth',
        row: r,
        column: 'bid',
        x: bidBar.x + bidBar.w - w,
        y,
        w,
        h,
        fill: PALETTE.bidDepth,
      });
    }
    const ca = frame.cumAsk[r]!;
    if (ca > 0 && askBar.w > 0) {
      const w = Math.max(1, Math.round((askBar.w * ca) / maxCum));
      rects.push({ kind: 'depth', row: r, column: 'ask', x: askBar.x, y, w, h, fill: PALETTE.askDepth });
    }

    const bid = frame.bid[r]!;
    const ask = frame.ask[r]!;
    if (bid > 0) {
      texts.push({
        row: r,
        column: 'bid',
        x: bidCol.x + bidCol.width - pad,
        y: mid(r),
        text: size(bid, dp.bid),
        color: PALETTE.bid,
        align: 'right',
      });
      if (multiVenue) venueStrip(rects, frame.venueBid, bid, r, bidBar.x, y + h - 3, bidBar.w, 'bid');
    }
    if (ask > 0) {
      // Right-aligned in the text part, so the decimal points line up down the column.
      texts.push({
        row: r,
        column: 'ask',
        x: askCol.x + askCol.textWidth - pad,
        y: mid(r),
        text: size(ask, dp.ask),
        color: PALETTE.ask,
        align: 'right',
      });
      if (multiVenue) venueStrip(rects, frame.venueAsk, ask, r, askBar.x, y + h - 3, askBar.w, 'ask');
    }

    const price = frame.price[r]!;
    if (Number.isFinite(price)) {
      const isLast = r === lastRow;
      if (isLast)
        rects.push({
          kind: 'lastTrade',
          row: r,
          column: 'price',
          x: priceCol.x + 1,
          y: y + 1,
          w: priceCol.width - 2,
          h: h - 2,
          stroke: PALETTE.last,
        });
      texts.push({
        row: r,
        column: 'price',
        x: priceCol.x + priceCol.width / 2,
        y: mid(r),
        // Fixed decimals keep the price column's digits aligned row to row.
        text: formatScaled(price, frame.priceScale, frame.priceScale),
        color: r === bestBidRow ? PALETTE.bid : r === bestAskRow ? PALETTE.ask : PALETTE.text,
        align: 'center',
        bold: isLast || r === bestBidRow || r === bestAskRow,
      });
    }

    ownCell(rects, texts, frame, 'ownBid', ownBidCol ?? null, priceCol, r, y, h, dp.ownBid, opts);
    ownCell(rects, texts, frame, 'ownAsk', ownAskCol ?? null, priceCol, r, y, h, dp.ownAsk, opts);

    const vol = frame.volume[r]!;
    if (vol > 0 && volCol && volBar) {
      if (volBar.w > 0)
        rects.push({
          kind: 'volumeBar',
          row: r,
          column: 'volume',
          x: volBar.x,
          y: y + 2,
          w: Math.max(1, Math.round((volBar.w * vol) / maxVol)),
          h: h - 4,
          fill: PALETTE.volume,
        });
      texts.push({
        row: r,
        column: 'volume',
        x: volCol.x + volCol.width - pad,
        y: mid(r),
        text: size(vol, dp.volume),
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

/**
 * Our orders at a row: a block with the size (and count) in the own column, or, when the window
 * is too narrow for that column, a marker at that side of the price cell.
 */
function ownCell(
  rects: RectOp[],
  texts: TextOp[],
  frame: LadderFrame,
  id: 'ownBid' | 'ownAsk',
  col: Column | null,
  priceCol: Column,
  r: number,
  y: number,
  h: number,
  decimals: number,
  opts: SceneOptions,
): void {
  const size = frame[id][r]!;
  if (!(size > 0)) return;
  const count = (id === 'ownBid' ? frame.ownBidCount : frame.ownAskCount)[r]!;
  const lifted = opts.dragRow === r;
  const side = id === 'ownBid' ? 'buy' : 'sell';
  const pending = opts.own?.pending[side].has(r) ?? false;
  const chosen = opts.own?.selected?.side === side && opts.own.selected.row === r;
  const fill = lifted ? PALETTE.muted : pending ? PALETTE.ownPending : PALETTE.own;
  if (!col) {
    const x = id === 'ownBid' ? priceCol.x + 1 : priceCol.x + priceCol.width - 4;
    rects.push({ kind: 'own', row: r, column: 'price', x, y: y + 1, w: 3, h: h - 2, fill });
    return;
  }
  rects.push({ kind: 'own', row: r, column: id, x: col.x + 1, y: y + 1, w: col.width - 2, h: h - 2, fill });
  if (chosen)
    rects.push({
      kind: 'own',
      row: r,
      column: id,
      x: col.x + 1,
      y: y + 1,
      w: col.width - 2,
      h: h - 2,
      stroke: PALETTE.selected,
    });
  const text = formatScaled(size, frame.sizeScale, decimals);
  texts.push({
    row: r,
    column: id,
    x: col.x + col.width / 2,
    y: y + h / 2,
    text: count > 1 ? `${text} (${count})` : text,
    color: pending ? PALETTE.ownPendingText : PALETTE.ownText,
    align: 'center',
    bold: true,
  });
}
