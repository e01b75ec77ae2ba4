// One requestAnimationFrame callback for every ladder of a window. A board shows up to eight
// ladders; each asking for its own animation frame would run eight callbacks per display frame,
// each with its own bookkeeping in the browser. A pass collects the ladders with something new
// and paints them all in one callback. A window provides one (PAINT_PASS); a ladder canvas
// without one schedules itself, as a single ladder window does.
import type { InjectionKey } from 'vue';

export interface FrameScheduler {
  request(cb: (t: number) => void): number;
  cancel(handle: number): void;
}

export const browserScheduler = (win: Window = window): FrameScheduler => ({
  request: (cb) => win.requestAnimationFrame(cb),
  cancel: (h) => win.cancelAnimationFrame(h),
});

export class PaintPass {
  private due = new Set<() => void>();
  // The set being painted; the two swap each pass, so a pass allocates nothing.
  private painting = new Set<() => void>();
  private handle = 0;
  private passes = 0;

  constructor(private readonly scheduler: FrameScheduler = browserScheduler()) {}

  /** Paint `render` in the next pass (once, however often it is asked). */
  request(render: () => void): void {
    this.due.add(render);
    if (!this.handle) this.handle = this.scheduler.request(this.run);
  }

  /** A ladder going away: it must not be painted after it is gone. */
  forget(render: () => void): void {
    this.due.delete(render);
  }

  /** How many animation frames painted at least one ladder (for tests and the benchmark). */
  count(): number {
    return this.passes;
  }

  dispose(): void {
    this.due.clear();
    if (this.handle) this.scheduler.cancel(this.handle);
    this.handle = 0;
  }

  private readonly run = (): void => {
    this.handle = 0;
    const renders = this.due;
    this.due = this.painting;
    this.painting = renders;
    this.passes++;
    for (const render of renders) {
      // One ladder's failure must not leave the others unpainted.
      try {
        render();
      } catch (e) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
    renders.clear();
  };
}

export const PAINT_PASS: InjectionKey<PaintPass> = Symbol('crossbook.paintPass');
