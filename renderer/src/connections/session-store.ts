// What every window knows about its link to the core: who the core is, whether it is alive
// (the heartbeat stream — a window must notice when its host has gone quiet), and the login
// session (keychain, profile, which credentials are set).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CrossbookApi, ResponseOf, SessionState } from '../../../shared/contract';

export const useSessionStore = defineStore('session', () => {
  const info = ref<ResponseOf<'app.info'>>();
  const state = ref<SessionState>();
  const lastBeatAt = ref<number>();
  const beats = ref(0);
  const error = ref<string>();

  function start(api: CrossbookApi): () => void {
    const fail = (e: Error) => (error.value = e.message);
    const refreshInfo = () => api.invoke('app.info', {}).then((result) => (info.value = result), fail);
    void refreshInfo();
    const stopBeat = api.subscribe(
      'system.heartbeat',
      {},
      () => {
        beats.value++;
        lastBeatAt.value = Date.now();
      },
      fail,
    );
    const stopState = api.subscribe(
      'session.state',
      {},
      (next) => {
        if (state.value?.profile !== next.profile) void refreshInfo();
        state.value = next;
      },
      fail,
    );
    return () => {
      stopBeat();
      stopState();
    };
  }

  return { info, state, lastBeatAt, beats, error, start };
});
