// The browser side of the web host's bridge: implements the same CrossbookApi the Electron
// preload exposes, over one WebSocket to 127.0.0.1.
import {
  BINARY_HEADER_BYTES,
  BRIDGE_PATH,
  type ClientMessage,
} from '../../../shared/contract/bridge-protocol';
import {
  ContractError,
  type CrossbookApi,
  type RequestChannel,
  type RequestOf,
  type ResponseOf,
  type StreamName,
  type WireError,
} from '../../../shared/contract';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: ContractError) => void;
}

interface Subscription {
  handler: (event: unknown) => void;
  onError?: (error: ContractError) => void;
}

export type BridgeState = 'connecting' | 'open' | 'closed';

export interface WebBridge extends CrossbookApi {
  readonly token: string;
  state(): BridgeState;
  onStateChange(listener: (state: BridgeState) => void): () => void;
}

export function connectWebBridge(location: Location, token: string): WebBridge {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${BRIDGE_PATH}?token=${encodeURIComponent(token)}`;
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  let state: BridgeState = 'connecting';
  let nextId = 1;
  const outbox: string[] = [];
  const pending = new Map<number, Pending>();
  const subscriptions = new Map<number, Subscription>();
  const stateListeners = new Set<(state: BridgeState) => void>();

  const setState = (next: BridgeState) => {
    state = next;
    for (const listener of stateListeners) listener(next);
  };
  const send = (message: ClientMessage) => {
    const text = JSON.stringify(message);
    if (state === 'open') socket.send(text);
    else if (state === 'connecting') outbox.push(text);
  };
  const fail = (error: WireError) => ContractError.fromWire(error);

  socket.addEventListener('open', () => {
    setState('open');
    for (const text of outbox.splice(0)) socket.send(text);
  });
  socket.addEventListener('close', () => {
    setState('closed');
    const gone = new ContractError('UNAVAILABLE', 'the connection to Crossbook closed; reload the page');
    for (const p of pending.values()) p.reject(gone);
    pending.clear();
    for (const s of subscriptions.values()) s.onError?.(gone);
    subscriptions.clear();
  });
  socket.addEventListener('message', (event: MessageEvent<string | ArrayBuffer>) => {
    if (typeof event.data !== 'string') {
      const view = new DataView(event.data);
      const id = view.getUint32(0, true);
      subscriptions.get(id)?.handler(event.data.slice(BINARY_HEADER_BYTES));
      return;
    }
    const message = JSON.parse(event.data) as {
      t: string;
      id?: number;
      ok?: boolean;
      result?: unknown;
      data?: unknown;
      error?: WireError;
    };
    const id = message.id ?? 0;
    if (message.t === 'res') {
      const p = pending.get(id);
      pending.delete(id);
      if (message.ok) p?.resolve(message.result);
      else p?.reject(fail(message.error!));
    } else if (message.t === 'ev') {
      subscriptions.get(id)?.handler(message.data);
    } else if (message.t === 'end' || message.t === 'err') {
      const p = pending.get(id);
      if (p && message.error) {
        pending.delete(id);
        p.reject(fail(message.error));
      }
      const s = subscriptions.get(id);
      if (s && (message.t === 'end' || message.error)) {
        subscriptions.delete(id);
        if (message.error) s.onError?.(fail(message.error));
      }
    }
  });

  return {
    host: 'web',
    token,
    state: () => state,
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    invoke<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
      const id = nextId++;
      return new Promise<ResponseOf<C>>((resolve, reject) => {
        if (state === 'closed') {
          reject(new ContractError('UNAVAILABLE', 'the connection to Crossbook is closed; reload the page'));
          return;
        }
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        send({ t: 'req', id, channel, payload });
      });
    },
    subscribe(stream: StreamName, params, handler, onError) {
      const id = nextId++;
      subscriptions.set(id, { handler: handler as (event: unknown) => void, onError });
      send({ t: 'sub', id, stream, params });
      return () => {
        if (subscriptions.delete(id)) send({ t: 'unsub', id });
      };
    },
  };
}
