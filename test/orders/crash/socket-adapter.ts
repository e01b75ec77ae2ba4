// The trading process's side of venue-server.ts: a VenueAdapter over one TCP connection.
import { connect, type Socket } from 'node:net';
import type { VenueId } from '../../../shared/domain';
import type {
  VenueAdapter,
  VenueAdapterEvents,
  VenueCapabilities,
  VenueMarketInfo,
} from '../../../electron/venues/common/adapter';
import { VenueError } from '../../../electron/venues/common/adapter';
import { CANONICAL, CAPS, MARKET } from '../fake/adapter';

export class SocketAdapter implements VenueAdapter {
  readonly capabilities: VenueCapabilities;
  private socket?: Socket;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  private readonly listeners: { [E in keyof VenueAdapterEvents]: Set<VenueAdapterEvents[E]> } = {
    status: new Set(),
    order: new Set(),
    fill: new Set(),
    position: new Set(),
  };

  constructor(
    readonly venue: VenueId,
    private readonly port: number,
  ) {
    this.capabilities = CAPS[venue];
  }

  async connect(): Promise<void> {
    const s = connect(this.port, '127.0.0.1');
    s.setNoDelay(true);
    await new Promise<void>((resolve, reject) => s.once('connect', resolve).once('error', reject));
    this.socket = s;
    let buf = '';
    s.setEncoding('utf8');
    s.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const msg = JSON.parse(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (msg.event === 'order') this.listeners.order.forEach((l) => l(msg.data));
        else if (msg.event === 'fill') this.listeners.fill.forEach((l) => l(msg.data));
        else {
          const p = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          if (!p) continue;
          if (msg.ok) p.resolve(msg.result as never);
          else p.reject(new VenueError(msg.error.kind, msg.error.message, msg.error.retryable ?? false));
        }
      }
    });
    s.on('close', () => {
      for (const p of this.pending.values())
        p.reject(new VenueError('unavailable', 'connection closed', true));
      this.pending.clear();
      this.listeners.status.forEach((l) => l({ venue: this.venue, state: 'down', at: Date.now() }));
    });
    this.listeners.status.forEach((l) => l({ venue: this.venue, state: 'live', at: Date.now() }));
  }

  async disconnect(): Promise<void> {
    this.socket?.destroy();
  }

  private rpc<T>(method: string, params: unknown): Promise<T> {
    const s = this.socket;
    if (!s || s.destroyed) return Promise.reject(new VenueError('unavailable', 'not connected', true));
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: never) => void, reject });
      s.write(JSON.stringify({ id, method, params }) + '\n');
    });
  }

  markets(): VenueMarketInfo[] {
    return [
      {
        venue: this.venue,
        market: MARKET[this.venue],
        canonical: CANONICAL[this.venue],
        priceDecimals: 2,
        sizeDecimals: 4,
        tickSize: '0.01',
        lotSize: '0.0001',
      },
    ];
  }

  subscribeMarket(): void {}
  unsubscribeMarket(): void {}
  idempotencyKeyFor(clientOrderId: string): string {
    return `${this.venue}:${clientOrderId}`;
  }
  placeOrder: VenueAdapter['placeOrder'] = (r) => this.rpc('place', r);
  modifyOrder: VenueAdapter['modifyOrder'] = (r) => this.rpc('modify', r);
  cancelOrder: VenueAdapter['cancelOrder'] = (r) => this.rpc('cancel', r);
  cancelAll: VenueAdapter['cancelAll'] = (m) => this.rpc('cancelAll', m);
  openOrders: VenueAdapter['openOrders'] = () => this.rpc('openOrders', undefined);
  fillsSince: VenueAdapter['fillsSince'] = (since) => this.rpc('fillsSince', since);

  on<E extends keyof VenueAdapterEvents>(event: E, listener: VenueAdapterEvents[E]): () => void {
    (this.listeners[event] as Set<VenueAdapterEvents[E]>).add(listener);
    return () => (this.listeners[event] as Set<VenueAdapterEvents[E]>).delete(listener);
  }
}
