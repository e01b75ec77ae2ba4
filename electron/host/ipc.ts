// Main-process end of the preload's API. Requests are checked twice: the sender must be one of
// our own pages (senderFrame on app://crossbook), then the core parses the payload itself.
import {
  MessageChannelMain,
  type IpcMain,
  type IpcMainEvent,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import type { CrossbookCore } from '../base/crossbook-core';
import { createLogger } from '../base/log';
import { IPC, type PortMessage } from './ipc-channels';
import { isOwnUrl } from './security';

const log = createLogger('electron-ipc');

export function isTrustedSender(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame !== undefined && frame === event.sender.mainFrame && isOwnUrl(frame.url);
}

export function registerIpc(ipcMain: IpcMain, core: CrossbookCore): () => void {
  const perContents = new Map<number, Map<number, () => void>>();

  const subscriptionsOf = (contents: WebContents) => {
    let subs = perContents.get(contents.id);
    if (!subs) {
      subs = new Map();
      perContents.set(contents.id, subs);
      contents.once('destroyed', () => {
        for (const stop of subs!.values()) stop();
        perContents.delete(contents.id);
      });
    }
    return subs;
  };

  ipcMain.handle(IPC.invoke, async (event, channel: unknown, payload: unknown) => {
    if (!isTrustedSender(event)) {
      log.warn('refused invoke from an untrusted frame', { url: event.senderFrame?.url ?? '(none)' });
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'request from an untrusted frame' } };
    }
    return core.invoke(channel, payload, { host: 'electron', client: `window-${event.sender.id}` });
  });

  ipcMain.on(IPC.subscribe, (event, request: unknown) => {
    if (!isTrustedSender(event)) {
      log.warn('refused subscription from an untrusted frame', { url: event.senderFrame?.url ?? '(none)' });
      return;
    }
    const { id, stream, params } = (request ?? {}) as { id?: unknown; stream?: unknown; params?: unknown };
    if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) return;
    const subs = subscriptionsOf(event.sender);
    if (subs.has(id)) return;
    // High-rate streams get their own MessagePort so they never queue behind IPC requests.
    const { port1, port2 } = new MessageChannelMain();
    const post = (message: PortMessage) => port1.postMessage(message);
    const result = core.subscribe(
      stream,
      params,
      (data) => post({ t: 'ev', data }),
      (error) => {
        post({ t: 'end', ...(error ? { error } : {}) });
        subs.delete(id);
        port1.close();
      },
      { host: 'electron', client: `window-${event.sender.id}` },
    );
    event.sender.postMessage(IPC.port, { id }, [port2]);
    if (!result.ok) {
      post({ t: 'end', error: result.error });
      port1.close();
      return;
    }
    port1.start();
    subs.set(id, () => {
      result.unsubscribe();
      port1.close();
    });
  });

  ipcMain.on(IPC.unsubscribe, (event, request: unknown) => {
    if (!isTrustedSender(event)) return;
    const id = (request as { id?: unknown } | null)?.id;
    if (typeof id !== 'number') return;
    const subs = perContents.get(event.sender.id);
    subs?.get(id)?.();
    subs?.delete(id);
  });

  return () => {
    ipcMain.removeHandler(IPC.invoke);
    ipcMain.removeAllListeners(IPC.subscribe);
    ipcMain.removeAllListeners(IPC.unsubscribe);
    for (const subs of perContents.values()) for (const stop of subs.values()) stop();
    perContents.clear();
  };
}
