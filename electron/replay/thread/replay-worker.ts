// The replay thread's entry: it reads (and gunzips) the recording, keeps the replay clock and posts
// the due events to the core in batches. Off the main thread so a replay, or a benchmark's load
// played from a recording, costs the core only what the venues' frames would; its own CPU is
// measured apart (threadCpuUsage, answered on request).
import { parentPort, workerData } from 'node:worker_threads';
import { loadRecording } from '../recording/reader';
import { replaceLogSinks, setLogLevel, type LogLevel, type LogRecord } from '../../base/log';
import type { RecordedMarket } from '../recording/format';
import { ReplayPlayer, type ReplayClockState, type ReplayPace } from './player';
import type { RecordedEvent } from '../recording/format';

export interface ReplayWorkerData {
  dir: string;
  id: string;
  pace?: ReplayPace;
  loop?: boolean;
  logLevel: LogLevel;
}

export type ReplayCommand =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'seek'; at: number }
  | { type: 'pace'; pace: ReplayPace }
  | { type: 'cpu'; requestId: number }
  /** The core handled one batch. */
  | { type: 'ack' }
  | { type: 'close' };

export interface ReplayLoaded {
  profile: string;
  markets: RecordedMarket[];
  startsAt: number;
  endsAt: number;
  total: number;
  skipped: number;
  /** The recording is longer than one replay holds: it ends early (recording/reader.ts). */
  partial: boolean;
}

export type ReplayWorkerMessage =
  | { type: 'loaded'; recording: ReplayLoaded }
  | { type: 'failed'; message: string }
  | { type: 'batch'; events: RecordedEvent[]; history: boolean }
  | { type: 'reset' }
  | { type: 'clock'; state: ReplayClockState }
  | { type: 'cpu'; requestId: number; userMicros: number; systemMicros: number }
  | { type: 'log'; record: LogRecord };

/** Batches (each up to the player's maxBatch events) the core may hold unhandled. */
const MAX_BATCHES_IN_FLIGHT = 4;

const port = parentPort;
if (!port) throw new Error('replay-worker.ts must run as a worker thread');
const data = workerData as ReplayWorkerData;
setLogLevel(data.logLevel);
const post = (m: ReplayWorkerMessage) => port.postMessage(m);
// Log records go to the core's logger (its sinks and redaction), as the simulator thread's do.
replaceLogSinks((_line, record) => post({ type: 'log', record }));

function marketsOf(events: readonly RecordedEvent[]): RecordedMarket[] {
  const byKey = new Map<string, RecordedMarket>();
  for (const e of events)
    if (e.k === 'markets') for (const m of e.markets) byKey.set(`${m.venue}:${m.market}`, m);
  return [...byKey.values()];
}

try {
  const recording = await loadRecording(data.dir, data.id);
  // Batches posted and not yet handled by the core: past the window the clock waits for acks.
  let inFlight = 0;
  const player = new ReplayPlayer(
    recording.events,
    {
      batch: (events, history) => {
        inFlight++;
        post({ type: 'batch', events, history });
      },
      reset: () => post({ type: 'reset' }),
      clock: (state) => post({ type: 'clock', state }),
      ready: () => inFlight < MAX_BATCHES_IN_FLIGHT,
    },
    { pace: data.pace, loop: data.loop },
  );
  port.on('message', (m: ReplayCommand) => {
    switch (m.type) {
      case 'play':
        return player.play();
      case 'pause':
        return player.pause();
      case 'step':
        return player.step();
      case 'seek':
        return player.seek(m.at);
      case 'pace':
        return player.setPace(m.pace);
      case 'ack':
        inFlight--;
        if (inFlight === MAX_BATCHES_IN_FLIGHT - 1) player.wake();
        return;
      case 'cpu': {
        const cpu = process.threadCpuUsage();
        return post({ type: 'cpu', requestId: m.requestId, userMicros: cpu.user, systemMicros: cpu.system });
      }
      case 'close':
        player.stop();
        return port.close();
    }
  });
  post({
    type: 'loaded',
    recording: {
      profile: recording.profile,
      markets: marketsOf(recording.events),
      startsAt: player.startsAt,
      endsAt: player.endsAt,
      total: recording.events.length,
      skipped: recording.skipped,
      partial: recording.partial,
    },
  });
} catch (error) {
  post({ type: 'failed', message: (error as Error).message });
}
