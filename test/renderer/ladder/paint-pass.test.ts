import { describe, expect, it } from 'vitest';
import { PaintPass, type FrameScheduler } from '../../../renderer/src/ladder/paint-pass';

function manualScheduler() {
  const queued: ((t: number) => void)[] = [];
  let cancelled = 0;
  const scheduler: FrameScheduler = {
    request: (cb) => queued.push(cb),
    cancel: () => {
      cancelled++;
      queued.length = 0;
    },
  };
  return {
    scheduler,
    pending: () => queued.length,
    cancelled: () => cancelled,
    flush: () => queued.splice(0).forEach((cb) => cb(0)),
  };
}

describe('PaintPass', () => {
  it('paints every ladder that asked in one animation frame, each once', () => {
    const raf = manualScheduler();
    const pass = new PaintPass(raf.scheduler);
    const painted: string[] = [];
    const a = () => painted.push('a');
    const b = () => painted.push('b');
    pass.request(a);
    pass.request(b);
    pass.request(a);
    expect(raf.pending()).toBe(1);
    raf.flush();
    expect(painted).toEqual(['a', 'b']);
    expect(pass.count()).toBe(1);
    raf.flush();
    expect(painted).toEqual(['a', 'b']);
  });

  it('a ladder asking during the pass is painted in the next one', () => {
    const raf = manualScheduler();
    const pass = new PaintPass(raf.scheduler);
    let n = 0;
    const again = () => {
      n++;
      if (n === 1) pass.request(again);
    };
    pass.request(again);
    raf.flush();
    expect(n).toBe(1);
    expect(raf.pending()).toBe(1);
    raf.flush();
    expect(n).toBe(2);
  });

  it('a forgotten ladder is not painted, and one failing ladder does not stop the others', async () => {
    const raf = manualScheduler();
    const pass = new PaintPass(raf.scheduler);
    const painted: string[] = [];
    const gone = () => painted.push('gone');
    pass.request(() => {
      throw new Error('broken');
    });
    pass.request(gone);
    pass.request(() => painted.push('kept'));
    pass.forget(gone);
    const thrown = new Promise<unknown>((resolve) => {
      const original = globalThis.queueMicrotask;
      globalThis.queueMicrotask = (cb) =>
        original(() => {
          try {
            cb();
          } catch (e) {
            resolve(e);
          } finally {
            globalThis.queueMicrotask = original;
          }
        });
    });
    raf.flush();
    expect(painted).toEqual(['kept']);
    expect(((await thrown) as Error).message).toBe('broken');
  });

  it('dispose cancels the pending frame', () => {
    const raf = manualScheduler();
    const pass = new PaintPass(raf.scheduler);
    pass.request(() => undefined);
    pass.dispose();
    expect(raf.cancelled()).toBe(1);
  });
});
