// The engine view is static: the window decides when it recentres (button, hotkey, or auto when the
// inside market leaves the middle rows) and never while the pointer is over the ladder.
import { ref } from 'vue';
import type { CrossbookApi } from '../../../shared/contract';
import type { LadderFrame } from '../../../shared/ladder-frame';
import { describeError } from '../common/describe-error';
import { needsRecenter, RecenterGate } from './layout';

export interface RecentringOptions {
  api: CrossbookApi;
  frame: () => LadderFrame | null;
  autoRecenter: () => boolean;
  reportError: (text: string) => void;
}

export function useRecentring(o: RecentringOptions) {
  const deferred = ref(false);
  // The centre a requested recentre moves away from: until a frame shows a new centre, the
  // automatic recentre does not ask again.
  let pendingFrom: number | null = null;
  const gate = new RecenterGate(() => {
    const f = o.frame();
    deferred.value = false;
    if (!f) return;
    pendingFrom = f.center;
    o.api.invoke('ladder.recenter', { viewId: f.viewId, center: null }).catch((e) => {
      pendingFrom = null;
      o.reportError(describeError(e, 'Recentre'));
    });
  });

  function recenter() {
    deferred.value = gate.request() === 'deferred';
  }

  /** Called for each painted frame: recentres automatically when the market has moved away. */
  function onFrame(f: LadderFrame) {
    if (pendingFrom !== null && f.center !== pendingFrom) pendingFrom = null;
    if (o.autoRecenter() && pendingFrom === null && !gate.isDeferred && needsRecenter(f)) recenter();
  }

  function onHover(hovered: boolean) {
    gate.setHovered(hovered);
    deferred.value = gate.isDeferred;
  }

  return { gate, deferred, recenter, onFrame, onHover };
}
