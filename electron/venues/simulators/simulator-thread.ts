// Runs the demo profile's embedded simulators on a worker thread (see simulator-worker.ts for
// why) and gives the session the same two things it needs from them: their descriptor and close.
// The thread is supervised: should it die (a simulator bug must not end the demo), it is started
// again on the same ports with the same credentials, so the adapters' reconnects find it, and the
// session is told both events so the windows can say so.
import type { Worker } from 'node:worker_threads';
import type { VenueId } from '../../../shared/domain';
import { createLogger, logLevel, writeLogRecord } from '../../base/log';
import { spawnWorker } from '../../base/worker-thread';
import { restartOptions, type AllSimulators, type AllSimulatorsOptions } from '../simulator-registry';
import type { SimulatorWorkerData, SimulatorWorkerMessage } from './simulator-worker';

const log = createLogger('simulators');
const CLOSE_TIMEOUT_MS = 5_000;
/** Waits before restart attempts 1, 2, 3…; the last one repeats. */
const RESTART_DELAYS_MS = [0, 500, 2_000, 5_000];

export type SimulatorThreadEvent =
  | { kind: 'died'; message: string }
  | { kind: 'restarted'; message: string }
  | { kind: 'restart-failed'; message: string };

export interface SimulatorThreadOptions {
  /** Told when the thread dies, is restarted, or cannot be restarted. */
  onEvent?: (event: SimulatorThreadEvent) => void;
}

export interface EmbeddedSimulators {
  descriptor: AllSimulators['descriptor'];
  /** Stops one venue's simulator (its server and sockets close): that venue goes down. */
  stopVenue(venue: VenueId): Promise<void>;
  close(): Promise<void>;
  /** Ends the thread as a crash would; the supervisor restarts it (supervision tests). */
  killThread(): Promise<void>;
}

interface RunningThread {
  worker: Worker;
  descriptor: AllSimulators['descriptor'];
  exited: boolean;
}

/** Starts one worker; resolves once its simulators listen, rejects with why they could not. */
function startThread(options: AllSimulatorsOptions): Promise<RunningThread> {
  const data: SimulatorWorkerData = { options, logLevel: logLevel() };
  const worker: Worker = spawnWorker(
    {
      bundled: new URL('./sim-worker.mjs', import.meta.url),
      source: new URL('./simulator-worker.ts', import.meta.url),
    },
    data,
  );
  worker.on('message', (m: SimulatorWorkerMessage) => {
    if (m.type === 'log') writeLogRecord(m.record);
  });
  return new Promise<RunningThread>((resolve, reject) => {
    const fail = (why: string) => {
      void worker.terminate();
      reject(new Error(`the demo simulators could not start: ${why}`));
    };
    const onMessage = (m: SimulatorWorkerMessage) => {
      if (m.type === 'failed') fail(m.message);
      if (m.type !== 'ready') return;
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      const thread: RunningThread = { worker, descriptor: m.descriptor, exited: false };
      worker.once('exit', () => (thread.exited = true));
      resolve(thread);
    };
    const onError = (e: Error) => fail(e.message);
    const onExit = (code: number) => fail(`its thread exited with code ${code}`);
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
  });
}

function closeThread(thread: RunningThread): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (thread.exited) return resolve();
    const { worker } = thread;
    const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
    let error: string | undefined;
    worker.on('message', (m: SimulatorWorkerMessage) => {
      if (m.type !== 'closed') return;
      error = m.error;
      void worker.terminate();
    });
    worker.once('exit', () => {
      clearTimeout(timer);
      if (error) reject(new Error(`demo simulators did not close cleanly: ${error}`));
      else resolve();
    });
    worker.postMessage({ type: 'close' });
  });
}

function stopVenueOn(thread: RunningThread, venue: VenueId): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (thread.exited) return resolve();
    const { worker } = thread;
    const onStopped = (m: SimulatorWorkerMessage) => {
      if (m.type !== 'venueStopped' || m.venue !== venue) return;
      worker.off('message', onStopped);
      if (m.error) reject(new Error(`the ${venue} simulator did not stop cleanly: ${m.error}`));
      else resolve();
    };
    worker.on('message', onStopped);
    worker.postMessage({ type: 'stopVenue', venue });
  });
}

export async function startSimulatorThread(
  options: AllSimulatorsOptions,
  supervision: SimulatorThreadOptions = {},
): Promise<EmbeddedSimulators> {
  let thread = await startThread(options);
  const again = restartOptions(options, thread.descriptor);
  const tell = (event: SimulatorThreadEvent) => {
    try {
      supervision.onEvent?.(event);
    } catch (e) {
      log.error('simulator event listener failed', { error: (e as Error).message });
    }
  };
  let closing: Promise<void> | undefined;
  let restarting: Promise<void> | undefined;

  const restart = async (why: string): Promise<void> => {
    log.error('simulator thread died; restarting it', { why });
    tell({ kind: 'died', message: `The demo simulators stopped (${why}); restarting them.` });
    for (let attempt = 0; !closing; attempt++) {
      const delay = RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length - 1)]!;
      if (delay > 0) await new Promise((r) => setTimeout(r, delay).unref());
      if (closing) return;
      try {
        const next = await startThread(again);
        if (closing) return void (await closeThread(next).catch(() => undefined));
        thread = next;
        watch(next);
        log.info('simulator thread restarted', { attempt: attempt + 1 });
        tell({ kind: 'restarted', message: 'The demo simulators were restarted; the venues reconnect.' });
        return;
      } catch (e) {
        const message = (e as Error).message;
        log.error('simulator thread restart failed', { attempt: attempt + 1, error: message });
        if (attempt === 0) tell({ kind: 'restart-failed', message: `${message}; trying again.` });
      }
    }
  };

  const watch = (t: RunningThread) => {
    let reason = 'its thread exited';
    t.worker.on('error', (e) => {
      reason = e.message;
      log.error('simulator thread failed', { error: e.message });
    });
    t.worker.once('exit', (code) => {
      if (closing || t !== thread) return;
      restarting = restart(`${reason}, code ${code}`).finally(() => (restarting = undefined));
    });
  };
  watch(thread);

  return {
    descriptor: thread.descriptor,
    stopVenue: (venue) => stopVenueOn(thread, venue),
    close: () =>
      (closing ??= (async () => {
        await restarting;
        await closeThread(thread);
      })()),
    killThread: async () => {
      const t = thread;
      await t.worker.terminate();
      // The restart begins on 'exit'; wait for it so the caller sees the restarted thread.
      await new Promise((r) => setImmediate(r));
      await restarting;
    },
  };
}
