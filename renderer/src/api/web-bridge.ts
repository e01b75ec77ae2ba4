// The browser side of the web host's bridge: implements the same CrossbookApi the Electron
// preload exposes, over one WebSocket to 127.0.0.1. When the host goes away the window hears it at
// once (every stream gets an UNAVAILABLE error, state 'closed'), and the bridge keeps trying to
// reconnect; once back, every stream still wanted is subscribed again.
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
  stream: StreamName;
  params: unknown;
  handler: (event: unknown) => void;
  onError?: (error: ContractError) => void;
}

/** Reconnect delays: quick at first (a restarting host), then every few seconds. */
export const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000];

export type BridgeState = 'connecting' | 'open' | 'closed';

export interface WebBridge extends CrossbookApi {
  readonly token: string;
  state(): BridgeState;
  onStateChange(listener: (state: BridgeState) => void): () => void;
}

export function connectWebBridge(location: Location, token: string): WebBridge {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${BRIDGE_PATH}?token=${encodeURIComponent(token)}`;
  let socket: WebSocket;
  let attempt = 0;
  let state: BridgeState = 'connecting';
  let nextId = 1;
  const outbox: string[] = [];
  const pending = new Map<number, Pending>();
  const subscriptions = new Map<number, Subscription>();
  const stateListeners = new Set<(state: BridgeState) => void>();

  const setState = (next: BridgeState) => {
    if (state === next) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  };
  const send = (message: ClientMessage) => {
    const text = JSON.stringify(message);
    if (state === 'open') socket.send(text);
    else if (state === 'connecting') outbox.push(text);
  };
  const fail = (error: WireError) => ContractError.fromWire(error);

  const onOpen = () => {
    const again = attempt > 0;
    attempt = 0;
    setState('open');
    // The host forgot our streams with the old connection: ask for each again, same id.
    if (again)
      for (const [id, s] of subscriptions)
        socket.send(JSON.stringify({ t: 'sub', id, stream: s.stream, params: s.params } as ClientMessage));
    for (const text of outbox.splice(0)) socket.send(text);
  };
  const onClose = () => {
    const wasUp = state !== 'closed';
    setState('closed');
    outbox.length = 0;
    const gone = new ContractError('UNAVAILABLE', 'the connection to Crossbook closed; reconnecting');
    for (const p of pending.values()) p.reject(gone);
    pending.clear();
    // Each stream hears it at once (so nothing keeps looking live) but stays wanted.
    if (wasUp) for (const s of subscriptions.values()) s.onError?.(gone);
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]!;
    attempt++;
    setTimeout(open, delay);
  };
  const onMessage = (event: MessageEvent<string | ArrayBuffer>) => {
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
  };
  function open() {
    socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('open', onOpen);
    socket.addEventListener('close', onClose);
    socket.addEventListener('message', onMessage);
  }
  open();

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
          reject(new ContractError('UNAVAILABLE', 'the connection to Crossbook is closed; reconnecting'));
          return;
        }
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        send({ t: 'req', id, channel, payload });
      });
    },
    subscribe(stream: StreamName, params, handler, onError) {
      const id = nextId++;
      subscriptions.set(id, { stream, params, handler: handler as (event: unknown) => void, onError });
      send({ t: 'sub', id, stream, params });
      return () => {
        if (subscriptions.delete(id)) send({ t: 'unsub', id });
      };
    },
  };
}
