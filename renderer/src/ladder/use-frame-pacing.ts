// Keeps a window's ladder frames in step with its display (see frame-pacer.ts): the pacer's
// advice goes to the engine as 'ladder.pace' for every view the window shows. A single ladder
// window has its own pacer; a board has one for all its ladders (they share one display, and one
// sample of its animation frames serves them all), provided to its tiles through LADDER_PACING.
import { inject, onBeforeUnmount, provide, type InjectionKey } from 'vue';
import type { CrossbookApi } from '../../../shared/contract';
import { browserPacerClock, FramePacer } from './frame-pacer';

type ViewId = () => number | undefined;

/** What a ladder tells its window's pacer: a new subscription started, a frame arrived. */
export interface LadderPacing {
  reset(): void;
  arrived(): void;
}

const LADDER_PACING: InjectionKey<(viewId: ViewId) => LadderPacing> = Symbol('crossbook.ladderPacing');

function pacerFor(api: CrossbookApi, views: () => Iterable<ViewId>): FramePacer {
  const pacer = new FramePacer(browserPacerClock(), (pace) => {
    for (const view of views()) {
      const id = view();
      if (id === undefined) continue;
      // Pacing only shortens the wait for a paint; if the view was replaced in the meantime, the
      // next sample paces its successor, so a refusal here needs no one's attention.
      api.invoke('ladder.pace', { viewId: id, ...pace }).catch(() => undefined);
    }
  });
  onBeforeUnmount(() => pacer.stop());
  return pacer;
}

export function useFramePacing(api: CrossbookApi, viewId: ViewId): FramePacer {
  return pacerFor(api, () => [viewId]);
}

/** One pacer for all the ladders under this component (a board); they join with useLadderPacing. */
export function useSharedFramePacing(api: CrossbookApi): FramePacer {
  const views = new Set<ViewId>();
  const pacer = pacerFor(api, () => views);
  provide(LADDER_PACING, (viewId) => {
    views.add(viewId);
    onBeforeUnmount(() => views.delete(viewId));
    return pacer;
  });
  return pacer;
}

/** The window's shared pacer when there is one, else this ladder's own. */
export function useLadderPacing(api: CrossbookApi, viewId: ViewId): LadderPacing {
  const shared = inject(LADDER_PACING, null);
  return shared ? shared(viewId) : useFramePacing(api, viewId);
}
