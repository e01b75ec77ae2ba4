// The worker_threads entry: a thin shell around Engine. Commands arrive as messages (one command or
// an array of them, to amortise postMessage for bursts); events go back with ladder frame buffers
// transferred, not copied. A display timer drives Engine.flush; a slower one publishes bookStats
// for the adapters' staleness watchdog.
import { parentPort, workerData } from 'node:worker_threads';
import { Engine } from './engine';
import { recorderCommandSchema, type EngineEvent } from './protocol';
import { RecordingWriter } from '../replay/recording/writer';
import { createLogger } from '../base/log';

interface WorkerOptions {
  /** Engine tick rate = the display frame (default 60 Hz); a view emits at most once per tick and
   *  at most at its own maxFps. */
  tickHz?: number;
  /** Periodic bookStats; 0 disables. */
  statsIntervalMs?: number;
}

const port = parentPort;
if (!port) throw new Error('electron/engine/worker.ts must run as a worker thread');
const opts = (workerData ?? {}) as WorkerOptions;

const engine = new Engine((event: EngineEvent, transfer?: ArrayBuffer[]) => {
  port.postMessage(event, transfer ?? []);
});

// Engine time is wall-clock milliseconds with sub-millisecond precision: windows report their
// display timing on that clock (ladder.pace), and core and windows share one machine's clock.
const now = () => performance.timeOrigin + performance.now();

// A paced view's next slot rarely falls on the display tick below, so a one-shot timer wakes the
// engine at the earliest slot a pending view waits for.
let wake: ReturnType<typeof setTimeout> | undefined;
let wakeAt = Infinity;
function flush(): void {
  if (closed) return;
  engine.flush(now());
  const due = engine.nextDue();
  if (due === wakeAt) return;
  clearTimeout(wake);
  wakeAt = due;
  if (due !== Infinity)
    wake = setTimeout(
      () => {
        wakeAt = Infinity;
        flush();
      },
      Math.max(1, due - now()),
    );
}

// The market recorder reads the very batches the engine reads (see electron/replay/recording/).
let recorder: RecordingWriter | undefined;
const recorderLog = createLogger('recorder');
function isRecorderCommand(m: unknown): boolean {
  const type = (m as { type?: unknown } | null)?.type;
  return type === 'recording' || type === 'recordMarkets';
}
function handle(m: unknown): void {
  if (!isRecorderCommand(m)) return engine.handle(m);
  const type = (m as { type?: unknown }).type;
  const parsed = recorderCommandSchema.safeParse(m);
  if (!parsed.success) return recorderLog.warn('invalid recorder command', { type });
  const cmd = parsed.data;
  if (cmd.type === 'recordMarkets') return recorder?.defineMarkets(cmd.markets);
  const previous = recorder;
  recorder = cmd.target ? new RecordingWriter(cmd.target) : undefined;
  void previous?.close();
  if (recorder) recorderLog.info('recording', { dir: cmd.target?.dir, session: recorder.sessionName });
}

let closed = false;
port.on('message', (msg: unknown) => {
  if (Array.isArray(msg)) {
    // Recorder commands first, so a batch that starts a recording is recorded whole.
    for (const m of msg) if (isRecorderCommand(m)) handle(m);
    recorder?.record(msg as { type: string }[]);
    for (const m of msg) if (!isRecorderCommand(m)) engine.handle(m);
  } else if (msg && (msg as { type?: unknown }).type === '__close') {
    closed = true;
    clearInterval(tick);
    clearInterval(stats);
    clearTimeout(wake);
    // The file being written gets its gzip trailer before the thread goes.
    void (recorder?.close() ?? Promise.resolve()).finally(() => port.close());
    return;
  } else {
    if (recorder) recorder.record([msg as { type: string }]);
    handle(msg);
  }
  // Views that are due go out as soon as their data arrives rather than at the next timer tick;
  // each view still emits at most once per its own frame interval.
  flush();
});

const tick = setInterval(flush, 1000 / Math.min(Math.max(opts.tickHz ?? 60, 1), 1000));
const statsMs = opts.statsIntervalMs ?? 1000;
const stats = setInterval(
  () => {
    if (statsMs > 0) engine.handle({ type: 'stats' });
  },
  statsMs > 0 ? statsMs : 1 << 30,
);
