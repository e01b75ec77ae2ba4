// The market watch table (market.watch): the core sends the whole table a few times a second.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CrossbookApi, MarketWatchRow } from '../../../shared/contract';
import { describeError } from '../common/describe-error';

export const useMarketWatchStore = defineStore('marketWatch', () => {
  const rows = shallowRef<MarketWatchRow[]>([]);
  const at = ref(0);
  const error = ref<string>();
  let users = 0;
  let stop: (() => void) | undefined;

  function start(api: CrossbookApi): () => void {
    users++;
    stop ??= api.subscribe(
      'market.watch',
      {},
      (e) => {
        error.value = undefined;
        rows.value = e.rows;
        at.value = e.at;
      },
      (e) => (error.value = describeError(e)),
    );
    return () => {
      if (--users > 0) return;
      stop?.();
      stop = undefined;
    };
  }

  return { rows, at, error, start };
});
