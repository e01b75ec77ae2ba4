// Starts the replay thread and gives its owner a typed handle: the recording's markets and span,
// the clock controls, the batches of due events, and the thread's own CPU time. The replay profile
// uses it to feed the core; a benchmark can use it as its load source (`pace: { framesPerSecond }`,
// `loop: true`) and read `cpuMicros()` apart from the core's.
import type { Worker } from 'node:worker_threads';
import { logLevel, writeLogRecord } from '../../base/log';
import { spawnWorker } from '../../base/worker-thread';
import type { RecordedEvent } from '../recording/format';
import type { ReplayClockState, ReplayPace } from './player';
import type { ReplayCommand, ReplayLoaded, ReplayWorkerData, ReplayWorkerMessage } from './replay-worker';

export type { ReplayClockState, ReplayPace, ReplayLoaded };

/** The replay thread's name (worker_threads.threadName), so its CPU can be told apart. */
export const REPLAY_THREAD_NAME = 'crossbook-replay';
/** The replay thread's heap: room for a loaded recording of MAX_LOADED_TEXT_BYTES and its objects. */
const REPLAY_HEAP_MB = 2048;

export interface ReplayThreadOptions {
  /** The profile's recording folder and the session id to play. */
  dir: string;
  id: string;
  pace?: ReplayPace;
  loop?: boolean;
  /** Due events, in recording order; `history` while a seek fast-forwards. */
  onBatch(events: RecordedEvent[], history: boolean): void;
  /** A seek starts over: the replayed books must be cleared first. */
  onReset?(): void;
  onClock?(state: ReplayClockState): void;
  /** The thread ended without being closed (a crash): the replay has stopped feeding. */
  onExit?(message: string): void;
}

export interface ReplayThread {
  readonly recording: ReplayLoaded;
  play(): void;
  pause(): void;
  step(): void;
  seek(at: number): void;
  setPace(pace: ReplayPace): void;
  /** The replay thread's own CPU time so far (user + system, microseconds). */
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

export function startReplayThread(options: ReplayThreadOptions): Promise<ReplayThread> {
  const data: ReplayWorkerData = {
    dir: options.dir,
    id: options.id,
    pace: options.pace,
    loop: options.loop,
    logLevel: logLevel(),
  };
  const worker: Worker = spawnWorker(
    {
      bundled: new URL('./replay-worker.mjs', import.meta.url),
      source: new URL('./replay-worker.ts', import.meta.url),
    },
    data,
    // A recording too big for its heap ends the replay thread, never the core.
    { name: REPLAY_THREAD_NAME, resourceLimits: { maxOldGenerationSizeMb: REPLAY_HEAP_MB } },
  );
  const cpuWaiters = new Map<number, (micros: number) => void>();
  let nextRequest = 1;
  let exited = false;
  let closing = false;
  const exit = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      exited = true;
      if (!closing && loaded) options.onExit?.(`the replay thread exited with code ${code}`);
      if (!loaded)
        failBeforeLoaded(new Error(`the replay thread ended (code ${code}) before the recording was read`));
      for (const w of cpuWaiters.values()) w(0);
      resolve();
    }),
  );
  let loaded = false;
  let failBeforeLoaded: (error: Error) => void = () => {};
  const send = (m: ReplayCommand) => {
    if (!exited) worker.postMessage(m);
  };
  return new Promise<ReplayThread>((resolve, reject) => {
    failBeforeLoaded = reject;
    // Kept for the thread's life: an unheard 'error' event would end the core.
    worker.on('error', (e) => reject(new Error(`the replay thread failed: ${e.message}`)));
    worker.on('message', (m: ReplayWorkerMessage) => {
      switch (m.type) {
        case 'log':
          return writeLogRecord(m.record);
        case 'failed':
          void worker.terminate();
          return reject(new Error(`the recording could not be replayed: ${m.message}`));
        case 'batch':
          try {
            return options.onBatch(m.events, m.history);
          } finally {
            // Handled: the replay clock may hand out more (it waits past a few unhandled batches).
            send({ type: 'ack' });
          }
        case 'reset':
          return options.onReset?.();
        case 'clock':
          return options.onClock?.(m.state);
        case 'cpu':
          cpuWaiters.get(m.requestId)?.(m.userMicros + m.systemMicros);
          cpuWaiters.delete(m.requestId);
          return;
        case 'loaded':
          loaded = true;
          return resolve({
            recording: m.recording,
            play: () => send({ type: 'play' }),
            pause: () => send({ type: 'pause' }),
            step: () => send({ type: 'step' }),
            seek: (at) => send({ type: 'seek', at }),
            setPace: (pace) => send({ type: 'pace', pace }),
            cpuMicros: () =>
              new Promise<number>((done) => {
                if (exited) return done(0);
                const requestId = nextRequest++;
                cpuWaiters.set(requestId, done);
                send({ type: 'cpu', requestId });
              }),
            close: async () => {
              closing = true;
              send({ type: 'close' });
              const timer = setTimeout(() => void worker.terminate(), 2_000);
              await exit;
              clearTimeout(timer);
            },
          });
      }
    });
  });
}
