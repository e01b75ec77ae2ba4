// The worker_threads entry for the demo profile's embedded simulators. The simulated venues
// generate and send up to 100,000 level updates a second; on the core's main thread that work
// and its socket writes queued ahead of adapter callbacks and ladder frames. Here they compete
// only for a core. Protocol with simulator-thread.ts: workerData → 'ready' | 'failed';
// 'close' → 'closed'; 'stopVenue' → 'venueStopped' (the demo's test hook: one venue goes away);
// 'log' records at any time.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { replaceLogSinks, setLogLevel, type LogLevel, type LogRecord } from '../../base/log';
import { startAllSimulators, type AllSimulators, type AllSimulatorsOptions } from '../simulator-registry';
import { VenueId } from '../../../shared/domain';

export interface SimulatorWorkerData {
  options: AllSimulatorsOptions;
  logLevel: LogLevel;
}

export type SimulatorWorkerMessage =
  | { type: 'ready'; descriptor: AllSimulators['descriptor'] }
  | { type: 'failed'; message: string }
  | { type: 'closed'; error?: string }
  | { type: 'venueStopped'; venue: VenueId; error?: string }
  | { type: 'log'; record: LogRecord };

const SIMULATOR_NICENESS = 10;
const port = parentPort;
if (!port) throw new Error('electron/venues/simulators/simulator-worker.ts must run as a worker thread');
const post = (m: SimulatorWorkerMessage) => port.postMessage(m);
const data = workerData as SimulatorWorkerData;
setLogLevel(data.logLevel);
replaceLogSinks((_line, record) => post({ type: 'log', record }));

// The simulated venues stand in for the outside world: on a saturated machine they, not the
// trader's windows or the core, should be the ones to slow down. Linux applies a priority set
// on a thread id to that thread alone; elsewhere this is skipped.
function yieldToTheDesk(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, SIMULATOR_NICENESS);
  } catch {
    // Not Linux, or not permitted: the simulators run at normal priority.
  }
}
yieldToTheDesk();

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

startAllSimulators(data.options).then(
  (sims) => {
    post({ type: 'ready', descriptor: sims.descriptor });
    port.on('message', (m: unknown) => {
      const stop = (m as { type?: unknown } | null)?.type === 'stopVenue';
      const venue = VenueId.safeParse((m as { venue?: unknown }).venue);
      if (stop && venue.success) {
        sims.handles[venue.data].close().then(
          () => post({ type: 'venueStopped', venue: venue.data }),
          (e: unknown) => post({ type: 'venueStopped', venue: venue.data, error: message(e) }),
        );
        return;
      }
      if ((m as { type?: unknown } | null)?.type !== 'close') return;
      sims.close().then(
        () => post({ type: 'closed' }),
        (e: unknown) => post({ type: 'closed', error: message(e) }),
      );
    });
  },
  (e: unknown) => post({ type: 'failed', message: message(e) }),
);
