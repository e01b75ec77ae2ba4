// Arming and the kill switch. The armed flag shown anywhere comes from the core (risk.events or
// a risk.arm answer), never from a local toggle, so a window cannot look armed when it is not.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CancelReport, CrossbookApi, RiskEvent, RiskState } from '../../../shared/contract';
import { describeError } from '../common/describe-error';

export const useRiskStore = defineStore('risk', () => {
  const state = ref<RiskState>({ armed: false, killed: false });
  const known = ref(false);
  const events = ref<RiskEvent[]>([]);
  const error = ref<string>();
  const lastKill = ref<(CancelReport & { at: number }) | undefined>();
  /** Alert ids this window acknowledged (or learnt were acknowledged elsewhere). */
  const acknowledged = ref<ReadonlySet<string>>(new Set());
  /** Alerts the trader must acknowledge, newest first, one per id. */
  const awaitingAck = computed(() => {
    const seen = new Set<string>();
    return events.value.filter((e) => {
      if (!e.needsAck || !e.id || acknowledged.value.has(e.id) || seen.has(e.id)) return false;
      seen.add(e.id);
      return true;
    });
  });

  // Several parts of one window (the window itself, its kill switch) need the stream: they share
  // one subscription, so an event is not counted twice.
  let users = 0;
  let stopStream: (() => void) | undefined;
  function start(api: CrossbookApi): () => void {
    if (users++ === 0)
      stopStream = api.subscribe(
        'risk.events',
        {},
        (e) => {
          state.value = e.state;
          known.value = true;
          if (e.events.length > 0) events.value = [...e.events.reverse(), ...events.value].slice(0, 100);
          // The core re-sends an alert's id with needsAck false once any window acknowledged it.
          const done = e.events.filter((x) => x.id && x.needsAck === false).map((x) => x.id!);
          if (done.length) acknowledged.value = new Set([...acknowledged.value, ...done]);
        },
        (e) => (error.value = describeError(e, 'Risk state')),
      );
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      if (--users === 0) {
        stopStream?.();
        stopStream = undefined;
      }
    };
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

  /**
   * Lifts the kill switch. The core lifts it by arming; one-click trading is then disarmed again
   * at once, so re-enabling orders never leaves a ladder trading on a click unasked.
   */
  async function rearm(api: CrossbookApi): Promise<void> {
    await arm(api, true);
    if (!error.value && !state.value.killed) {
      await arm(api, false);
      lastKill.value = undefined;
    }
  }

  /** Acknowledges an alert; an alert the core already counts as acknowledged goes too. */
  async function acknowledge(api: CrossbookApi, id: string): Promise<void> {
    error.value = undefined;
    try {
      await api.invoke('risk.events.ack', { id });
      acknowledged.value = new Set([...acknowledged.value, id]);
    } catch (e) {
      error.value = describeError(e, 'Acknowledging the alert');
    }
  }

  return {
    state,
    known,
    events,
    error,
    lastKill,
    acknowledged,
    awaitingAck,
    start,
    arm,
    kill,
    rearm,
    acknowledge,
  };
});
