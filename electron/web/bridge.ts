// The web host's side of the WebSocket bridge: the same contract the Electron preload carries,
// framed as JSON text plus binary frames for binary streams. One socket per page.
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import {
  BINARY_HEADER_BYTES,
  ClientMessage,
  MAX_CLIENT_MESSAGE_BYTES,
  type ServerMessage,
} from '../../shared/bridge-protocol';
import { describeIssues } from '../../shared/contract';
import type { CrossbookCore } from '../base/crossbook-core';
import { createLogger } from '../base/log';

const log = createLogger('web-bridge');
/** A page that stops reading must not make the core buffer without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const MAX_SUBSCRIPTIONS = 256;

export function attachBridge(socket: WebSocket, core: CrossbookCore): void {
  const caller = { host: 'web' as const, client: `page-${randomUUID().slice(0, 8)}` };
  const subscriptions = new Map<number, () => void>();
  let rejected = 0;

  const send = (message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const sendBinary = (id: number, data: ArrayBuffer) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return; // frames are snapshots; a later one supersedes
    const frame = Buffer.allocUnsafe(BINARY_HEADER_BYTES + data.byteLength);
    frame.writeUInt32LE(id, 0);
    Buffer.from(data).copy(frame, BINARY_HEADER_BYTES);
    socket.send(frame);
  };
  const refuse = (message: string, id?: number) => {
    rejected++;
    log.warn('refused bridge message', { client: caller.client, reason: message, rejected });
    send({ t: 'err', ...(id ? { id } : {}), error: { code: 'BAD_REQUEST', message } });
  };

  socket.on('message', (raw, isBinary) => {
    if (isBinary) return refuse('binary messages are not accepted from the page');
    const text = raw.toString();
    if (text.length > MAX_CLIENT_MESSAGE_BYTES) return refuse('message too large');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return refuse('message is not valid JSON');
    }
    const parsed = ClientMessage.safeParse(json);
    if (!parsed.success) return refuse(`malformed bridge message: ${describeIssues(parsed.error)}`);
    const message = parsed.data;
    switch (message.t) {
      case 'req':
        void core
          .invoke(message.channel, message.payload, caller)
          .then((result) =>
            send(
              result.ok
                ? { t: 'res', id: message.id, ok: true, result: result.result }
                : { t: 'res', id: message.id, ok: false, error: result.error },
            ),
          );
        return;
      case 'sub': {
        if (subscriptions.has(message.id))
          return refuse(`subscription id ${message.id} is already in use`, message.id);
        if (subscriptions.size >= MAX_SUBSCRIPTIONS) return refuse('too many subscriptions', message.id);
        const id = message.id;
        const result = core.subscribe(
          message.stream,
          message.params,
          (event) =>
            event instanceof ArrayBuffer ? sendBinary(id, event) : send({ t: 'ev', id, data: event }),
          (error) => {
            subscriptions.delete(id);
            send({ t: 'end', id, ...(error ? { error } : {}) });
          },
          caller,
        );
        if (result.ok) subscriptions.set(id, result.unsubscribe);
        else send({ t: 'end', id, error: result.error });
        return;
      }
      case 'unsub':
        subscriptions.get(message.id)?.();
        subscriptions.delete(message.id);
        return;
    }
  });

  socket.on('close', () => {
    for (const stop of subscriptions.values()) stop();
    subscriptions.clear();
  });
  socket.on('error', (error) => log.warn('bridge socket error', { client: caller.client, error }));
}
