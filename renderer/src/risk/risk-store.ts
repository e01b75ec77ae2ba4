// Arming and the kill switch. The armed flag shown anywhere comes from the core (risk.events or
// a risk.arm answer), never from a local toggle, so a window cannot look armed when it is not.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CancelReport, CrossbookApi, RiskEvent, RiskState } from '../../../shared/contract';
import { describeError } from '../common/describe-error';

export const useRiskStore = defineStore('risk', () => {
  const state = ref<RiskState>({ armed: false, killed: false });
  const known = ref(false);
  const events = ref<RiskEvent[]>([]);
  const error = ref<string>();
  const lastKill = ref<(CancelReport & { at: number }) | undefined>();

  function start(api: CrossbookApi): () => void {
    return api.subscribe(
      'risk.events',
      {},
      (e) => {
        state.value = e.state;
        known.value = true;
        if (e.events.length > 0) events.value = [...e.events.reverse(), ...events.value].slice(0, 100);
      },
      (e) => (error.value = describeError(e, 'Risk state')),
    );
  }

  async function arm(api: CrossbookApi, armed: boolean): Promise<void> {
    error.value = undefined;
    try {
      state.value = await api.invoke('risk.arm', { armed });
      known.value = true;
    } catch (e) {
      error.value = describeError(e, armed ? 'Arming' : 'Disarming');
    }
  }

  async function kill(api: CrossbookApi): Promise<void> {
    error.value = undefined;
    try {
      const r = await api.invoke('risk.kill', {});
      state.value = r.state;
      lastKill.value = { cancelled: r.cancelled, failed: r.failed, at: r.at };
    } catch (e) {
      error.value = describeError(e, 'Kill switch');
    }
  }

  return { state, known, events, error, lastKill, start, arm, kill };
});
