// The engine view is static: the window decides when it recentres (button, hotkey, or auto when the
// inside market leaves the middle rows) and never while the pointer is over the ladder.
//
// An automatic recentre waits for the one before it, but never indefinitely: a recentre that
// lands on the centre it left (the market came back before the engine moved the view, or the
// mid sits where it was) shows no new centre, and waiting for one used to latch auto-recentre
// off until a manual Recentre. Now a request is outstanding until a frame shows a new centre or
// RETRY_MS pass, whichever is first; then the newest frame is checked again.
import { computed, onBeforeUnmount, ref } from 'vue';
import type { CrossbookApi } from '../../../shared/contract';
import type { LadderFrame } from '../../../shared/ladder-frame';
import { describeError } from '../common/describe-error';
import { needsRecenter, RecenterGate } from './layout';

export interface RecentringOptions {
  api: CrossbookApi;
  frame: () => LadderFrame | null;
  autoRecenter: () => boolean;
  /** Share of the rows, in %, the inside market may roam before an automatic recentre. */
  band?: () => number | undefined;
  reportError: (text: string) => void;
}

/** How long an automatic recentre waits for a new centre before it may ask again. */
export const RETRY_MS = 400;

export function useRecentring(o: RecentringOptions) {
  const deferred = ref(false);
  const hovered = ref(false);
  /** Auto-recentre is on but held still because the trader is pointing at the ladder. */
  const frozen = computed(() => hovered.value && o.autoRecenter());
  let pending: { from: number; timer: ReturnType<typeof setTimeout> } | null = null;

  function clearPending() {
    if (pending) clearTimeout(pending.timer);
    pending = null;
  }

  const gate = new RecenterGate(() => {
    const f = o.frame();
    deferred.value = false;
    if (!f) return;
    clearPending();
    const timer = setTimeout(() => {
      if (pending?.timer !== timer) return;
      pending = null;
      const latest = o.frame();
      if (latest) onFrame(latest);
    }, RETRY_MS);
    pending = { from: f.center, timer };
    o.api.invoke('ladder.recenter', { viewId: f.viewId, center: null }).catch((e) => {
      clearPending();
      o.reportError(describeError(e, 'Recentre'));
    });
  });

  function recenter() {
    deferred.value = gate.request() === 'deferred';
  }

  /** Called for each painted frame: recentres automatically when the market has moved away. */
  function onFrame(f: LadderFrame) {
    if (pending && f.center !== pending.from) clearPending();
    if (o.autoRecenter() && !pending && !gate.isDeferred && !gate.isHovered && needsRecenter(f, o.band?.()))
      recenter();
  }

  function onHover(h: boolean) {
    hovered.value = h;
    gate.setHovered(h);
    deferred.value = gate.isDeferred;
    // Leaving the ladder lifts the freeze: catch up with where the market went meanwhile.
    const f = o.frame();
    if (!h && f) onFrame(f);
  }

  onBeforeUnmount(clearPending);

  return { gate, deferred, frozen, recenter, onFrame, onHover };
}
