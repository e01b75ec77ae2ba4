// Keeps this window's ladder frames in step with its display (see frame-pacer.ts): the pacer's
// advice goes to the engine as 'ladder.pace' for the view currently shown.
import { onBeforeUnmount } from 'vue';
import type { CrossbookApi } from '../../../shared/contract';
import { browserPacerClock, FramePacer } from './frame-pacer';

export function useFramePacing(api: CrossbookApi, viewId: () => number | undefined): FramePacer {
  const pacer = new FramePacer(browserPacerClock(), (pace) => {
    const id = viewId();
    if (id === undefined) return;
    // Pacing only shortens the wait for a paint; if the view was replaced in the meantime, the
    // next sample paces its successor, so a refusal here needs no one's attention.
    api.invoke('ladder.pace', { viewId: id, ...pace }).catch(() => undefined);
  });
  onBeforeUnmount(() => pacer.stop());
  return pacer;
}
