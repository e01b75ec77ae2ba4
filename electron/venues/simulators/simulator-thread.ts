// Runs the demo profile's embedded simulators on a worker thread (see simulator-worker.ts for
// why) and gives the session the same two things it needs from them: their descriptor and close.
import type { Worker } from 'node:worker_threads';
import type { VenueId } from '../../../shared/domain';
import { createLogger, logLevel, writeLogRecord } from '../../base/log';
import { spawnWorker } from '../../base/worker-thread';
import type { AllSimulators, AllSimulatorsOptions } from '../simulator-registry';
import type { SimulatorWorkerData, SimulatorWorkerMessage } from './simulator-worker';

const log = createLogger('simulators');
const CLOSE_TIMEOUT_MS = 5_000;

export interface EmbeddedSimulators {
  descriptor: AllSimulators['descriptor'];
  /** Stops one venue's simulator (its server and sockets close): that venue goes down. */
  stopVenue(venue: VenueId): Promise<void>;
  close(): Promise<void>;
}

export function startSimulatorThread(options: AllSimulatorsOptions): Promise<EmbeddedSimulators> {
  const data: SimulatorWorkerData = { options, logLevel: logLevel() };
  const worker: Worker = spawnWorker(
    {
      bundled: new URL('./sim-worker.mjs', import.meta.url),
      source: new URL('./simulator-worker.ts', import.meta.url),
    },
    data,
  );
  let closing: Promise<void> | undefined;
  let exited = false;
  worker.on('message', (m: SimulatorWorkerMessage) => {
    if (m.type === 'log') writeLogRecord(m.record);
  });
  worker.once('exit', () => (exited = true));

  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve, reject) => {
      if (exited) return resolve();
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
    }));

  const stopVenue = (venue: VenueId): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (exited) return resolve();
      const onStopped = (m: SimulatorWorkerMessage) => {
        if (m.type !== 'venueStopped' || m.venue !== venue) return;
        worker.off('message', onStopped);
        if (m.error) reject(new Error(`the ${venue} simulator did not stop cleanly: ${m.error}`));
        else resolve();
      };
      worker.on('message', onStopped);
      worker.postMessage({ type: 'stopVenue', venue });
    });

  return new Promise<EmbeddedSimulators>((resolve, reject) => {
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
      // After start-up a dead simulator thread is a demo venue going down: the adapters see
      // their sockets close and report it; this says why.
      worker.on('error', (e) => log.error('simulator thread failed', { error: e.message }));
      resolve({ descriptor: m.descriptor, stopVenue, close });
    };
    const onError = (e: Error) => fail(e.message);
    const onExit = (code: number) => fail(`its thread exited with code ${code}`);
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
  });
}
