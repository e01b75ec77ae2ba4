// The whole surface a Crossbook page gets from Electron: one object, `window.crossbook`, with
// invoke and subscribe over the allow-listed channels. No ipcRenderer, no Node, no Electron.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC, type PortMessage } from './ipc-channels';

// The renderer's DOM MessagePort, described structurally so this file type-checks with the
// main process's Node types as well.
interface PortLike {
  onmessage: ((event: { data: PortMessage }) => void) | null;
  start(): void;
  close(): void;
}

interface Subscription {
  handler: (event: unknown) => void;
  onError?: (error: Error) => void;
  port?: PortLike;
}

const subscriptions = new Map<number, Subscription>();
let nextId = 1;

function contractError(error: { code: string; message: string }): Error {
  return Object.assign(new Error(error.message), { code: error.code });
}

ipcRenderer.on(IPC.port, (event, message: { id: number }) => {
  const port = event.ports[0] as unknown as PortLike | undefined;
  if (!port) return;
  const subscription = subscriptions.get(message.id);
  if (!subscription) {
    port.close();
    return;
  }
  subscription.port = port;
  port.onmessage = (e) => {
    const data = e.data;
    if (data.t === 'ev') subscription.handler(data.data);
    else {
      subscriptions.delete(message.id);
      port.close();
      if (data.error) subscription.onError?.(contractError(data.error));
    }
  };
  port.start();
});

const api = {
  host: 'electron' as const,
  async invoke(channel: string, payload: unknown): Promise<unknown> {
    const result = (await ipcRenderer.invoke(IPC.invoke, String(channel), payload)) as
      { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };
    if (result.ok) return result.result;
    throw contractError(result.error);
  },
  subscribe(
    stream: string,
    params: unknown,
    handler: (event: unknown) => void,
    onError?: (error: Error) => void,
  ): () => void {
    const id = nextId++;
    subscriptions.set(id, { handler, onError });
    ipcRenderer.send(IPC.subscribe, { id, stream: String(stream), params });
    return () => {
      const subscription = subscriptions.get(id);
      if (!subscription) return;
      subscriptions.delete(id);
      subscription.port?.close();
      ipcRenderer.send(IPC.unsubscribe, { id });
    };
  },
};

contextBridge.exposeInMainWorld('crossbook', api);
