// Paints a ladder scene incrementally. A row is a horizontal band that no other row draws into,
// and within a row three segments never draw into each other either: our bids and the bid sizes,
// the price, and the ask sizes, our asks and the volume (a long size or volume spills only into
// its own segment). A segment whose operations are the same as last paint is left as it is on
// the canvas; a changed one is cleared to the background and drawn again. Measured in headless
// Chromium with eight ladders on two cores: text (fillText) is most of a paint, and most rows
// change on one side only (a depth bar, a size), so the price and the other side stay put.
import { PALETTE, type RectOp, type Scene, type TextOp } from './draw';
import { column, type ColumnId, type LadderLayout } from './layout';

interface RowOps {
  rects: RectOp[];
  texts: TextOp[];
}

/** A row: what spans it whole (separator, hover), and its three segments. */
interface RowParts {
  wide: RowOps;
  segments: [RowOps, RowOps, RowOps];
}

const SEGMENT: Record<ColumnId, 0 | 1 | 2> = { ownBid: 0, bid: 0, price: 1, ask: 2, ownAsk: 2, volume: 2 };

export interface PaintStats {
  /** Rows (header included) repainted, whole or in part, by the last paint. */
  rows: number;
  /** Segments repainted (a whole row counts three; the header one). */
  segments: number;
  full: boolean;
}

const HEADER = -1;
const MIN_UNCLIPPED_ROW = 16;

function sameRect(a: RectOp, b: RectOp): boolean {
  return (
    a.kind === b.kind &&
    a.x === b.x &&
    a.y === b.y &&
    a.w === b.w &&
    a.h === b.h &&
    a.fill === b.fill &&
    a.stroke === b.stroke
  );
}

function sameText(a: TextOp, b: TextOp): boolean {
  return (
    a.text === b.text &&
    a.x === b.x &&
    a.y === b.y &&
    a.color === b.color &&
    a.align === b.align &&
    a.bold === b.bold
  );
}

// Compared field by field: turning every number into a string key cost more than painting.
function sameOps(a: RowOps | undefined, b: RowOps): boolean {
  if (!a || a.rects.length !== b.rects.length || a.texts.length !== b.texts.length) return false;
  for (let i = 0; i < b.rects.length; i++) if (!sameRect(a.rects[i]!, b.rects[i]!)) return false;
  for (let i = 0; i < b.texts.length; i++) if (!sameText(a.texts[i]!, b.texts[i]!)) return false;
  return true;
}

const empty = (): RowOps => ({ rects: [], texts: [] });

function sameParts(a: RowParts | undefined, b: RowParts): boolean[] | null {
  if (!a || !sameOps(a.wide, b.wide)) return null;
  return [0, 1, 2].map((k) => sameOps(a.segments[k], b.segments[k]!));
}

export class LadderPainter {
  /** What each band holds now, indexed by row + 1 (the header, row -1, is one segment). */
  private shown: (RowParts | undefined)[] = [];
  private geometry = '';
  private readonly bold: string;
  /** What this painter last set on the context; cleared whenever the context's state resets. */
  private state = { fill: '', font: '', align: '' };
  /** Set while the layout is squeezed: each text is cut at its column's edges. */
  private textClip: Map<string, [number, number]> | null = null;

  constructor(
    private readonly ctx: CanvasRenderingContext2D,
    private readonly font = '12px system-ui, sans-serif',
  ) {
    this.bold = `600 ${font}`;
    ctx.textBaseline = 'middle';
  }

  /** Width of a text in the font this painter draws it in. */
  measure(text: string, bold: boolean): number {
    const f = bold ? this.bold : this.font;
    if (f !== this.state.font) this.ctx.font = this.state.font = f;
    return this.ctx.measureText(text).width;
  }

  paint(scene: Scene, layout: LadderLayout): PaintStats {
    const geometry = `${layout.width}x${layout.height}/${layout.rowHeight}/${layout.headerHeight}/${layout.columns.map((c) => `${c.id}${c.x}+${c.width}`).join()}`;
    const full = geometry !== this.geometry;
    if (full) {
      this.shown = [];
      this.geometry = geometry;
      this.forgetState();
    }
    this.textClip = layout.squeezed
      ? new Map(layout.columns.map((c) => [c.id, [c.x, c.width] as [number, number]]))
      : null;
    const visible = Math.ceil((layout.height - layout.headerHeight) / layout.rowHeight);
    const rows: RowParts[] = [];
    for (let i = 0; i <= visible; i++) rows.push({ wide: empty(), segments: [empty(), empty(), empty()] });
    const partOf = (row: number, col: ColumnId | 'banner' | undefined): RowOps => {
      const parts = rows[row + 1]!;
      // The header is painted as one piece.
      if (row === HEADER || col === undefined || col === 'banner')
        return row === HEADER ? parts.segments[0] : parts.wide;
      return parts.segments[SEGMENT[col]];
    };
    // The full-canvas background is what every band is cleared to; it is not a row of its own.
    for (const r of scene.rects)
      if (r.kind !== 'background' && r.row < visible) partOf(r.row, r.column).rects.push(r);
    for (const t of scene.texts) if (t.row < visible) partOf(t.row, t.column).texts.push(t);

    const edges = [0, column(layout, 'price').x, column(layout, 'ask').x, layout.width];
    // A 12 px font centred in a 16 px row, and strokes inset by a pixel, stay inside their band.
    // Shorter rows clip each band, at the price of a save/restore (which also resets the font,
    // the most costly state to set) per repainted piece.
    const clip = layout.rowHeight < MIN_UNCLIPPED_ROW;
    let painted = 0;
    let segments = 0;
    for (let row = HEADER; row < visible; row++) {
      const parts = rows[row + 1]!;
      const same = full ? null : sameParts(this.shown[row + 1], parts);
      this.shown[row + 1] = parts;
      const top = row === HEADER ? 0 : layout.headerHeight + row * layout.rowHeight;
      const height = row === HEADER ? layout.headerHeight : layout.rowHeight;
      if (row === HEADER) {
        if (same?.[0]) continue;
        this.piece(0, layout.width, top, height, clip, parts.segments[0]);
        painted++;
        segments++;
        continue;
      }
      // A stroke or a text across the row (a drag's drop target, a banner) cannot be split.
      if (same === null || parts.wide.texts.length > 0 || parts.wide.rects.some((r) => r.stroke)) {
        this.piece(0, layout.width, top, height, clip, parts.wide, ...parts.segments);
        painted++;
        segments += 3;
        continue;
      }
      let any = false;
      for (let k = 0; k < 3; k++) {
        if (same[k]) continue;
        const x0 = edges[k]!;
        const x1 = edges[k + 1]!;
        this.piece(x0, x1 - x0, top, height, clip, slice(parts.wide, x0, x1), parts.segments[k]!);
        segments++;
        any = true;
      }
      if (any) painted++;
    }
    return { rows: painted, segments, full };
  }

  /** Clears a rectangle of a band to the background and draws the given operations in it. */
  private piece(x: number, w: number, top: number, h: number, clip: boolean, ...ops: RowOps[]): void {
    const ctx = this.ctx;
    if (clip) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(x, top, w, h);
      ctx.clip();
    }
    this.fill(PALETTE.background);
    ctx.fillRect(x, top, w, h);
    for (const o of ops) this.draw(o);
    if (clip) {
      ctx.restore();
      this.forgetState();
    }
  }

  private forgetState(): void {
    this.state = { fill: '', font: '', align: '' };
  }

  // Canvas state setters parse their string on every assignment (fonts are the costly ones), so
  // each is set only when it differs from what this painter last set on this context.
  private fill(style: string): void {
    if (style !== this.state.fill) this.ctx.fillStyle = this.state.fill = style;
  }
  private draw(ops: RowOps): void {
    const ctx = this.ctx;
    for (const r of ops.rects) {
      if (r.fill) {
        this.fill(r.fill);
        ctx.fillRect(r.x, r.y, r.w, r.h);
      }
      if (r.stroke) {
        ctx.strokeStyle = r.stroke;
        ctx.lineWidth = 1.5;
        ctx.strokeRect(r.x, r.y, r.w, r.h);
      }
    }
    for (const t of ops.texts) {
      const cut = this.textClip?.get(t.column);
      if (cut) {
        ctx.save();
        ctx.beginPath();
        ctx.rect(cut[0], t.y - 9, cut[1], 18);
        ctx.clip();
        this.forgetState();
      }
      const f = t.bold ? this.bold : this.font;
      if (f !== this.state.font) ctx.font = this.state.font = f;
      this.fill(t.color);
      if (t.align !== this.state.align) ctx.textAlign = this.state.align = t.align;
      ctx.fillText(t.text, t.x, t.y);
      if (cut) {
        ctx.restore();
        this.forgetState();
      }
    }
  }
}

/** The filled rectangles of a row-wide set cut to [x0, x1) (a separator, a hover shade). */
function slice(ops: RowOps, x0: number, x1: number): RowOps {
  const rects: RectOp[] = [];
  for (const r of ops.rects) {
    const a = Math.max(r.x, x0);
    const b = Math.min(r.x + r.w, x1);
    if (r.fill && b > a) rects.push({ ...r, x: a, w: b - a });
  }
  return { rects, texts: [] };
}
