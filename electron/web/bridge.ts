// The web host's side of the WebSocket bridge: the same contract the Electron preload carries,
// framed as JSON text plus binary frames for binary streams. One socket per page.
import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import {
  BINARY_HEADER_BYTES,
  ClientMessage,
  MAX_CLIENT_MESSAGE_BYTES,
  type ServerMessage,
} from '../../shared/contract/bridge-protocol';
import { describeIssues } from '../../shared/contract';
import type { CrossbookCore } from '../base/crossbook-core';
import { createLogger } from '../base/log';

const log = createLogger('web-bridge');
/** A page that stops reading must not make the core buffer without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const MAX_SUBSCRIPTIONS = 256;
/** A page that keeps sending what we refuse is broken or hostile: past this, the socket closes. */
export const MAX_REFUSED_MESSAGES = 100;
/** Refusals logged per connection; the rest are counted in the closing line. */
const MAX_REFUSAL_LOG_LINES = 5;

/**
 * The id of a message we could not accept, when it is readable: the page's pending promise (or
 * subscription) then settles with the error instead of waiting forever.
 */
export function readableId(json: unknown): number | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const id = (json as { id?: unknown }).id;
  return typeof id === 'number' && Number.isInteger(id) && id > 0 && id <= 2 ** 31 ? id : undefined;
}

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
    if (rejected <= MAX_REFUSAL_LOG_LINES)
      log.warn('refused bridge message', { client: caller.client, reason: message.slice(0, 300), rejected });
    send({
      t: 'err',
      ...(id ? { id } : {}),
      error: { code: 'BAD_REQUEST', message: message.slice(0, 1000) },
    });
    if (rejected === MAX_REFUSED_MESSAGES) {
      log.warn('closing a bridge that sent too many refused messages', { client: caller.client, rejected });
      socket.close(1008, 'too many refused messages');
    }
  };

  socket.on('message', (raw, isBinary) => {
    try {
      onMessage(raw, isBinary);
    } catch (error) {
      log.error('bridge message handler failed', { client: caller.client, error });
      refuse('internal error');
    }
  });

  const onMessage = (raw: RawData, isBinary: boolean) => {
    if (rejected >= MAX_REFUSED_MESSAGES) return;
    if (isBinary) return refuse('binary messages are not accepted from the page');
    const text = Array.isArray(raw)
      ? Buffer.concat(raw).toString()
      : Buffer.from(raw as Uint8Array).toString();
    if (text.length > MAX_CLIENT_MESSAGE_BYTES) return refuse('message too large');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return refuse('message is not valid JSON');
    }
    const parsed = ClientMessage.safeParse(json);
    if (!parsed.success)
      return refuse(`malformed bridge message: ${describeIssues(parsed.error)}`, readableId(json));
    const message = parsed.data;
    switch (message.t) {
      case 'req':
        core.invoke(message.channel, message.payload, caller).then(
          (result) =>
            send(
              result.ok
                ? { t: 'res', id: message.id, ok: true, result: result.result }
                : { t: 'res', id: message.id, ok: false, error: result.error },
            ),
          (error: unknown) => {
            log.error('core invoke failed', { channel: message.channel, error });
            send({
              t: 'res',
              id: message.id,
              ok: false,
              error: { code: 'INTERNAL', message: 'internal error' },
            });
          },
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
  };

  socket.on('close', () => {
    if (rejected > MAX_REFUSAL_LOG_LINES)
      log.warn('bridge closed after refused messages', { client: caller.client, rejected });
    for (const stop of subscriptions.values()) stop();
    subscriptions.clear();
  });
  socket.on('error', (error) => log.warn('bridge socket error', { client: caller.client, error }));
}
