// Paints a ladder scene incrementally. A row is a horizontal band that no other row draws into,
// so a row whose operations are the same as last paint is left as it is on the canvas, and a
// changed row is cleared to the background and drawn again. Measured in headless Chromium with
// eight ladders on two cores: text is most of a paint's raster cost, and a ladder at 100,000
// level updates per second changes a minority of its visible rows per display frame.
import { PALETTE, type RectOp, type Scene, type TextOp } from './draw';
import type { LadderLayout } from './layout';

interface RowOps {
  rects: RectOp[];
  texts: TextOp[];
}

export interface PaintStats {
  /** Rows (header included) repainted by the last paint. */
  rows: number;
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

export class LadderPainter {
  /** What each band holds now, indexed by row + 1 (the header is row -1). */
  private shown: (RowOps | undefined)[] = [];
  private geometry = '';
  private readonly bold: string;
  private state = { fill: '', font: '', align: '' };

  constructor(
    private readonly ctx: CanvasRenderingContext2D,
    private readonly font = '12px system-ui, sans-serif',
  ) {
    this.bold = `600 ${font}`;
    ctx.textBaseline = 'middle';
  }

  /** Forget what is on the canvas: the next paint draws everything (after a resize clears it). */
  invalidate(): void {
    this.shown = [];
    this.geometry = '';
    this.state = { fill: '', font: '', align: '' };
  }

  paint(scene: Scene, layout: LadderLayout): PaintStats {
    const geometry = `${layout.width}x${layout.height}/${layout.rowHeight}/${layout.headerHeight}`;
    const full = geometry !== this.geometry;
    if (full) {
      this.shown = [];
      this.geometry = geometry;
    }
    const visible = Math.ceil((layout.height - layout.headerHeight) / layout.rowHeight);
    const rows: RowOps[] = [];
    for (let i = 0; i <= visible; i++) rows.push({ rects: [], texts: [] });
    // The full-canvas background is what every band is cleared to; it is not a row of its own.
    for (const r of scene.rects)
      if (r.kind !== 'background' && r.row < visible) rows[r.row + 1]!.rects.push(r);
    for (const t of scene.texts) if (t.row < visible) rows[t.row + 1]!.texts.push(t);

    const ctx = this.ctx;
    // A 12 px font centred in a 16 px row, and strokes inset by a pixel, stay inside their band.
    // Shorter rows clip each band, at the price of a save/restore (which also resets the font,
    // the most costly state to set) per repainted row.
    const clip = layout.rowHeight < MIN_UNCLIPPED_ROW;
    if (full) this.state = { fill: '', font: '', align: '' };
    let painted = 0;
    for (let row = HEADER; row < visible; row++) {
      const ops = rows[row + 1]!;
      if (!full && sameOps(this.shown[row + 1], ops)) continue;
      this.shown[row + 1] = ops;
      const top = row === HEADER ? 0 : layout.headerHeight + row * layout.rowHeight;
      const height = row === HEADER ? layout.headerHeight : layout.rowHeight;
      if (clip) {
        ctx.save();
        ctx.beginPath();
        ctx.rect(0, top, layout.width, height);
        ctx.clip();
      }
      this.fill(PALETTE.background);
      ctx.fillRect(0, top, layout.width, height);
      this.draw(ops);
      if (clip) {
        ctx.restore();
        this.state = { fill: '', font: '', align: '' };
      }
      painted++;
    }
    return { rows: painted, full };
  }

  // Canvas state setters parse their string on every assignment (fonts are the costly ones), so
  // each is set only when it differs from what this painter last set on this context.
  private fill(style: string): void {
    if (style !== this.state.fill) this.ctx.fillStyle = this.state.fill = style;
  }

  private draw(ops: RowOps): void {
    const ctx = this.ctx;
    const state = this.state;
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
      const f = t.bold ? this.bold : this.font;
      if (f !== state.font) ctx.font = state.font = f;
      this.fill(t.color);
      if (t.align !== state.align) ctx.textAlign = state.align = t.align;
      ctx.fillText(t.text, t.x, t.y);
    }
  }
}
