// The ladder stream for this window's instrument, rows and grouping. A change of any of them
// resubscribes, once the changes settle (resizing fires many row counts in a row). A change of the
// row count alone keeps the centre: the window's height changes under a still pointer (a banner,
// a status line that wraps), and the rows must not jump away from what the trader is pointing at.
import { onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue';
import type { CrossbookApi, InstrumentInfo } from '../../../shared/contract';
import { describeError } from '../common/describe-error';

export interface LadderSubscriptionOptions {
  api: CrossbookApi;
  info: Ref<InstrumentInfo | undefined>;
  rows: Ref<number>;
  groupTicks: () => number;
  /** The price the shown view is centred on, if any (decimal string). */
  center?: () => string | null;
  /** True once a frame has been shown: later resubscriptions wait for changes to settle. */
  hasFrame: () => boolean;
  /** Called on every (re)subscription, before the first buffer. */
  onStart: () => void;
  onBuffer: (buffer: ArrayBuffer) => void;
}

export function useLadderSubscription(o: LadderSubscriptionOptions) {
  const streamError = ref<string>();
  let stop: (() => void) | undefined;
  let resubscribe: ReturnType<typeof setTimeout> | undefined;
  let subscribedTo = '';

  function subscribe() {
    stop?.();
    stop = undefined;
    o.onStart();
    const i = o.info.value;
    if (!i) return;
    streamError.value = undefined;
    const to = JSON.stringify([i.ref, o.groupTicks()]);
    const center = to === subscribedTo ? (o.center?.() ?? null) : null;
    subscribedTo = to;
    // Frames at the display rate. Twice that (so each frame carried fresher ticks) cut tick-to-pixel
    // p50 by ~3 ms but, with 8 ladders on 2 cores, dropped 1–5 % of display frames instead of <1 %.
    stop = o.api.subscribe(
      'market.ladder',
      {
        instrument: i.ref,
        rows: o.rows.value,
        groupTicks: o.groupTicks(),
        maxFps: 60,
        ...(center !== null ? { center } : {}),
      },
      o.onBuffer,
      (e) => (streamError.value = describeError(e, 'Ladder stream')),
    );
  }
  watch([o.info, o.rows, o.groupTicks], () => {
    clearTimeout(resubscribe);
    resubscribe = setTimeout(subscribe, o.hasFrame() ? 150 : 0);
  });
  onMounted(subscribe);
  onBeforeUnmount(() => {
    clearTimeout(resubscribe);
    stop?.();
  });
  return { streamError };
}
