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

function rowKey(ops: RowOps): string {
  let k = '';
  for (const r of ops.rects) k += `${r.kind},${r.x},${r.y},${r.w},${r.h},${r.fill ?? ''},${r.stroke ?? ''};`;
  for (const t of ops.texts) k += `${t.x},${t.y},${t.text},${t.color},${t.align},${t.bold ? 1 : 0};`;
  return k;
}

export class LadderPainter {
  private keys = new Map<number, string>();
  private geometry = '';
  private readonly bold: string;

  constructor(
    private readonly ctx: CanvasRenderingContext2D,
    private readonly font = '12px system-ui, sans-serif',
  ) {
    this.bold = `600 ${font}`;
  }

  /** Forget what is on the canvas: the next paint draws everything (after a resize clears it). */
  invalidate(): void {
    this.keys.clear();
    this.geometry = '';
  }

  paint(scene: Scene, layout: LadderLayout): PaintStats {
    const geometry = `${layout.width}x${layout.height}/${layout.rowHeight}/${layout.headerHeight}`;
    const full = geometry !== this.geometry;
    if (full) {
      this.keys.clear();
      this.geometry = geometry;
    }
    const rows = new Map<number, RowOps>();
    const bucket = (row: number) => {
      let ops = rows.get(row);
      if (!ops) rows.set(row, (ops = { rects: [], texts: [] }));
      return ops;
    };
    // The full-canvas background is what every band is cleared to; it is not a row of its own.
    for (const r of scene.rects) if (r.kind !== 'background') bucket(r.row).rects.push(r);
    for (const t of scene.texts) bucket(t.row).texts.push(t);

    const visible = Math.ceil((layout.height - layout.headerHeight) / layout.rowHeight);
    const ctx = this.ctx;
    let painted = 0;
    for (let row = HEADER; row < visible; row++) {
      const ops = rows.get(row) ?? { rects: [], texts: [] };
      const key = rowKey(ops);
      if (!full && this.keys.get(row) === key) continue;
      this.keys.set(row, key);
      const top = row === HEADER ? 0 : layout.headerHeight + row * layout.rowHeight;
      const height = row === HEADER ? layout.headerHeight : layout.rowHeight;
      // Clipped, so a glyph or stroke that reaches past its band cannot leave marks on a
      // neighbour that is not repainted.
      ctx.save();
      ctx.beginPath();
      ctx.rect(0, top, layout.width, height);
      ctx.clip();
      ctx.textBaseline = 'middle';
      ctx.fillStyle = PALETTE.background;
      ctx.fillRect(0, top, layout.width, height);
      this.draw(ops);
      ctx.restore();
      painted++;
    }
    return { rows: painted, full };
  }

  private draw(ops: RowOps): void {
    const ctx = this.ctx;
    // Canvas state setters parse their string on every assignment (fonts are the costly ones),
    // so each is set only when it changes within the band.
    let fill = '';
    let font = '';
    let align = '';
    for (const r of ops.rects) {
      if (r.fill) {
        if (r.fill !== fill) ctx.fillStyle = fill = r.fill;
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
      if (f !== font) ctx.font = font = f;
      if (t.color !== fill) ctx.fillStyle = fill = t.color;
      if (t.align !== align) ctx.textAlign = align = t.align;
      ctx.fillText(t.text, t.x, t.y);
    }
  }
}
