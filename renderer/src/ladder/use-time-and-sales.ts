// The prints of this ladder's instrument, newest first, while the time and sales is shown: the
// market trades stream narrowed to the canonical symbol (every venue on a consolidated ladder),
// then to the one venue market on a single-venue ladder.
import { onBeforeUnmount, shallowRef, watch, type Ref } from 'vue';
import type { CrossbookApi, MarketTrade } from '../../../shared/contract';
import { describeError } from '../common/describe-error';
import type { LadderTarget } from './ladder-trader';

export const MAX_PRINTS = 200;

export function useTimeAndSales(o: {
  api: CrossbookApi;
  target: Ref<LadderTarget | null>;
  shown: () => boolean;
}) {
  const prints = shallowRef<MarketTrade[]>([]);
  const error = shallowRef<string>();
  let stop: (() => void) | undefined;

  function subscribe(t: LadderTarget | null, shown: boolean) {
    stop?.();
    stop = undefined;
    prints.value = [];
    error.value = undefined;
    if (!t || !shown) return;
    const ours = (x: MarketTrade) =>
      x.canonical === t.canonical && (t.consolidated || (x.venue === t.venue && x.market === t.market));
    stop = o.api.subscribe(
      'market.trades',
      { canonical: t.canonical },
      (e) => {
        const fresh = e.trades.filter(ours);
        if (fresh.length === 0) return;
        // The stream sends oldest first; the tape shows newest at the top.
        prints.value = [...fresh.reverse(), ...prints.value].slice(0, MAX_PRINTS);
      },
      (e) => (error.value = describeError(e, 'Time and sales')),
    );
  }

  watch(
    [
      () => o.target.value?.canonical,
      () => o.target.value?.venue,
      () => o.target.value?.consolidated,
      o.shown,
    ],
    () => subscribe(o.target.value, o.shown()),
    { immediate: true },
  );
  onBeforeUnmount(() => stop?.());
  return { prints, error };
}
