// What every window knows about its link to the core: who the core is, and whether it is alive
// (the heartbeat stream — a window must notice when its host has gone quiet).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CrossbookApi, ResponseOf } from '../../../shared/contract';

export const useSessionStore = defineStore('session', () => {
  const info = ref<ResponseOf<'app.info'>>();
  const lastBeatAt = ref<number>();
  const beats = ref(0);
  const error = ref<string>();

  function start(api: CrossbookApi): () => void {
    api.invoke('app.info', {}).then(
      (result) => (info.value = result),
      (e: Error) => (error.value = e.message),
    );
    return api.subscribe(
      'system.heartbeat',
      {},
      () => {
        beats.value++;
        lastBeatAt.value = Date.now();
      },
      (e) => (error.value = e.message),
    );
  }

  return { info, lastBeatAt, beats, error, start };
});
