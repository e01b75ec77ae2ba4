// Typed client for the engine worker. Spawns electron/engine/worker.ts from source (vitest/tsx,
// via the tsx loader) or the bundled engine-worker.mjs next to this bundle.
import { spawnWorker } from '../base/worker-thread';
import type { EngineEvent, WorkerCommand } from './protocol';

export interface EngineClientOptions {
  /** Display frame rate in Hz (default 60); each view may ask for less with maxFps. */
  tickHz?: number;
  /** Period of bookStats events in ms (default 1000, 0 = only on request). */
  statsIntervalMs?: number;
}

type EventOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

export interface EngineClient {
  send(command: WorkerCommand): void;
  /** Sends several commands in one message (e.g. a burst of frames). */
  sendBatch(commands: WorkerCommand[]): void;
  on<T extends EngineEvent['type']>(type: T, handler: (event: EventOf<T>) => void): () => void;
  /** Every event, for logging or routing. */
  onAny(handler: (event: EngineEvent) => void): () => void;
  close(): Promise<void>;
}

export function createEngineClient(options: EngineClientOptions = {}): EngineClient {
  const worker = spawnWorker(
    {
      bundled: new URL('./engine-worker.mjs', import.meta.url),
      source: new URL('./worker.ts', import.meta.url),
    },
    { tickHz: options.tickHz, statsIntervalMs: options.statsIntervalMs },
  );
  const handlers = new Map<string, Set<(e: EngineEvent) => void>>();
  const any = new Set<(e: EngineEvent) => void>();
  let closed = false;
  let exited = false;

  const dispatch = (e: EngineEvent): void => {
    for (const h of handlers.get(e.type) ?? []) h(e);
    for (const h of any) h(e);
  };
  worker.on('message', (e: EngineEvent) => dispatch(e));
  worker.on('error', (err) => dispatch({ type: 'error', message: `engine worker failed: ${err.message}` }));
  worker.on('exit', (code) => {
    exited = true;
    if (!closed) dispatch({ type: 'error', message: `engine worker exited with code ${code}` });
  });

  return {
    send(command) {
      if (!closed) worker.postMessage(command);
    },
    sendBatch(commands) {
      if (!closed) worker.postMessage(commands);
    },
    on(type, handler) {
      let set = handlers.get(type);
      if (!set) handlers.set(type, (set = new Set()));
      const h = handler as (e: EngineEvent) => void;
      set.add(h);
      return () => set.delete(h);
    },
    onAny(handler) {
      any.add(handler);
      return () => any.delete(handler);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (exited) return;
      const done = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: '__close' });
      const timer = setTimeout(() => void worker.terminate(), 2000);
      await done;
      clearTimeout(timer);
    },
  };
}
