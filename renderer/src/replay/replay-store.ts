// The replay as every window sees it: whether one runs, its clock (replay time, speed, paused),
// and, for the main window's panel, the recordings to choose from and the recording switch.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type {
  CrossbookApi,
  RecordingSummary,
  ReplayControl,
  ReplayState,
  ResponseOf,
} from '../../../shared/contract';

export const useReplayStore = defineStore('replay', () => {
  const state = ref<ReplayState>({ active: false });
  const recordings = ref<RecordingSummary[]>([]);
  const recording = ref<ResponseOf<'replay.recordings'>['recording']>();
  const error = ref<string>();
  const busy = ref(false);

  function start(api: CrossbookApi): () => void {
    return api.subscribe(
      'replay.clock',
      {},
      (next) => (state.value = next),
      (e) => (error.value = e.message),
    );
  }

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    error.value = undefined;
    try {
      return await work();
    } catch (e) {
      error.value = (e as Error).message;
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  async function load(api: CrossbookApi): Promise<void> {
    const result = await run(() => api.invoke('replay.recordings', {}));
    if (!result) return;
    recordings.value = result.recordings;
    recording.value = result.recording;
  }

  async function setRecording(api: CrossbookApi, enabled: boolean): Promise<void> {
    const result = await run(() => api.invoke('recording.set', { enabled }));
    if (result) recording.value = result;
  }

  async function play(
    api: CrossbookApi,
    choice: Pick<RecordingSummary, 'profile' | 'id'> & { startAt?: number; speed?: number },
  ): Promise<void> {
    const next = await run(() => api.invoke('replay.start', choice));
    if (next) state.value = next;
  }

  async function control(api: CrossbookApi, action: ReplayControl): Promise<void> {
    await run(() => api.invoke('replay.control', action));
  }

  async function stop(api: CrossbookApi): Promise<void> {
    const next = await run(() => api.invoke('replay.stop', {}));
    if (next) state.value = next;
  }

  return { state, recordings, recording, error, busy, start, load, setRecording, play, control, stop };
});
