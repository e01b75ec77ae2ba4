// A minimal Node client for the web host's bridge (shared/bridge-protocol.ts), for what the
// benchmark reads from the core itself: the instrument list and venue status.
import WebSocket from 'ws';

export interface BridgeClient {
  request<T>(channel: string, payload: unknown): Promise<T>;
  subscribe(stream: string, params: unknown, onEvent: (data: unknown) => void): void;
  close(): void;
}

export async function connectBridge(origin: string, token: string): Promise<BridgeClient> {
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/bridge?token=${encodeURIComponent(token)}`, {
    headers: { Origin: origin },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`bridge refused: HTTP ${res.statusCode}`)),
    );
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const streams = new Map<number, (data: unknown) => void>();
  ws.on('message', (raw, isBinary) => {
    if (isBinary) return;
    const m = JSON.parse(raw.toString()) as {
      t: string;
      id?: number;
      ok?: boolean;
      result?: unknown;
      data?: unknown;
      error?: { message: string };
    };
    if (m.t === 'res' && m.id !== undefined) {
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.ok) w?.resolve(m.result);
      else w?.reject(new Error(m.error?.message ?? 'request failed'));
    } else if (m.t === 'ev' && m.id !== undefined) streams.get(m.id)?.(m.data);
    else if (m.t === 'err' || m.t === 'end') {
      if (m.error) process.stderr.write(`bench-ui: bridge: ${m.error.message}\n`);
    }
  });
  return {
    request<T>(channel: string, payload: unknown): Promise<T> {
      const id = nextId++;
      ws.send(JSON.stringify({ t: 'req', id, channel, payload }));
      return new Promise<T>((resolve, reject) =>
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject }),
      );
    },
    subscribe(stream, params, onEvent) {
      const id = nextId++;
      streams.set(id, onEvent);
      ws.send(JSON.stringify({ t: 'sub', id, stream, params }));
    },
    close: () => ws.close(),
  };
}
