// What every window knows about its link to the core: who the core is, whether it is alive
// (the heartbeat stream — a window must notice when its host has gone quiet), and the login
// session (keychain, profile, which credentials are set).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CrossbookApi, ResponseOf, SessionState } from '../../../shared/contract';
import type { WebBridge } from '../api/web-bridge';

export const useSessionStore = defineStore('session', () => {
  const info = ref<ResponseOf<'app.info'>>();
  const state = ref<SessionState>();
  const lastBeatAt = ref<number>();
  const beats = ref(0);
  const error = ref<string>();
  /**
   * The transport to the host, where it can tell (the web bridge): 'closed' the moment the host
   * goes away, until the bridge has reconnected by itself. 'unknown' for the Electron preload.
   */
  const link = ref<'connecting' | 'open' | 'closed' | 'unknown'>('unknown');

  function start(api: CrossbookApi): () => void {
    const fail = (e: Error) => (error.value = e.message);
    const bridge = api as Partial<Pick<WebBridge, 'state' | 'onStateChange'>>;
    let stopLink = () => {};
    if (bridge.state && bridge.onStateChange) {
      link.value = bridge.state();
      stopLink = bridge.onStateChange((next) => {
        link.value = next;
        // Back from a host restart: who the core is and which profile may have changed.
        if (next === 'open') void refreshInfo();
      });
    }
    const refreshInfo = () => api.invoke('app.info', {}).then((result) => (info.value = result), fail);
    void refreshInfo();
    const stopBeat = api.subscribe(
      'system.heartbeat',
      {},
      () => {
        beats.value++;
        lastBeatAt.value = Date.now();
        error.value = undefined;
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
      stopLink();
      stopBeat();
      stopState();
    };
  }

  return { info, state, lastBeatAt, beats, error, link, start };
});
