// A faithful in-process VenueAdapter over FakeVenue, with the faults real venues have: slow
// replies, lost replies (the venue acted, we never heard), rejections, held replies for races,
// an unreachable venue and disconnects (with cancel-on-disconnect where the venue does it).
import type { VenueId } from '../../../shared/domain';
import type {
  VenueAdapter,
  VenueAdapterEvents,
  VenueCapabilities,
  VenueMarketInfo,
} from '../../../electron/venues/common/adapter';
import { VenueError } from '../../../electron/venues/common/adapter';
import type { OrderLookup } from '../../../electron/orders/ports';
import { FakeVenue } from './venue';

/** As the real adapters declare them (electron/venues/<venue>/adapter). */
export const CAPS: Record<VenueId, VenueCapabilities> = {
  paxos: {
    orderTypes: ['market', 'limit', 'stop', 'stopLimit'],
    timeInForce: ['GTC', 'IOC', 'FOK'],
    postOnly: true,
    modify: false,
    cancelAll: true,
    cancelsOnDisconnect: false,
  },
  finery: {
    orderTypes: ['market', 'limit'],
    timeInForce: ['GTC', 'IOC', 'FOK'],
    postOnly: false,
    modify: true,
    cancelAll: true,
    cancelsOnDisconnect: true,
  },
  alor: {
    orderTypes: ['market', 'limit', 'stop', 'stopLimit'],
    timeInForce: ['DAY', 'IOC', 'FOK'],
    postOnly: true,
    modify: true,
    cancelAll: true,
    cancelsOnDisconnect: false,
  },
};

export const MARKET: Record<VenueId, string> = { paxos: 'BTCUSD', finery: 'BTC-USD', alor: 'SBER' };
export const CANONICAL: Record<VenueId, string> = { paxos: 'BTC-USD', finery: 'BTC-USD', alor: 'SBER' };

type Action = 'place' | 'modify' | 'cancel' | 'cancelAll' | 'openOrders' | 'fillsSince' | 'lookup';
type FaultKind = 'lose' | 'reject' | 'unavailable' | 'hold' | 'lose-before';
interface Fault {
  action: Action;
  kind: FaultKind;
  message?: string;
}

export class FakeAdapter implements VenueAdapter {
  readonly venue: VenueId;
  readonly capabilities: VenueCapabilities;
  readonly sim: FakeVenue;
  reachable = true;
  /** When false, stream events are dropped (as while a socket is down). */
  streaming = true;
  faults: Fault[] = [];
  readonly calls: { action: Action; args: unknown }[] = [];
  private held: (() => void)[] = [];
  private readonly listeners: { [E in keyof VenueAdapterEvents]: Set<VenueAdapterEvents[E]> } = {
    status: new Set(),
    order: new Set(),
    fill: new Set(),
    position: new Set(),
  };

  constructor(venue: VenueId, capabilities: Partial<VenueCapabilities> = {}) {
    this.venue = venue;
    this.capabilities = { ...CAPS[venue], ...capabilities };
    this.sim = new FakeVenue(venue);
    this.sim.onOrder = (u) => this.streaming && this.listeners.order.forEach((l) => l(u));
    this.sim.onFill = (f) => this.streaming && this.listeners.fill.forEach((l) => l(f));
  }

  fault(action: Action, kind: FaultKind, message?: string): this {
    this.faults.push({ action, kind, ...(message ? { message } : {}) });
    return this;
  }

  /** Releases replies held by 'hold' faults, in order. */
  release(): void {
    const held = this.held;
    this.held = [];
    for (const h of held) h();
  }

  get heldCount(): number {
    return this.held.length;
  }

  async connect(): Promise<void> {
    this.reachable = true;
    this.streaming = true;
    this.emitStatus('live');
  }

  async disconnect(): Promise<void> {
    this.drop('disconnected');
  }

  /** The session drops: the venue cancels our orders if that is what it does. */
  drop(reason = 'connection lost'): void {
    this.reachable = false;
    this.streaming = false;
    if (this.capabilities.cancelsOnDisconnect) this.sim.endAll('cancelled', 'cancelled on disconnect');
    this.emitStatus('down', reason);
  }

  emitStatus(state: 'live' | 'down' | 'reconnecting', reason?: string): void {
    this.listeners.status.forEach((l) =>
      l({ venue: this.venue, state, at: Date.now(), ...(reason ? { reason } : {}) }),
    );
  }

  markets(): VenueMarketInfo[] {
    const base = {
      venue: this.venue,
      priceDecimals: 2,
      sizeDecimals: 4,
      tickSize: '0.01',
      lotSize: '0.0001',
    };
    return [
      { ...base, market: MARKET[this.venue], canonical: CANONICAL[this.venue] },
      { ...base, market: `ETH${this.venue}`, canonical: 'ETH-USD' },
    ];
  }

  subscribeMarket(): void {}
  unsubscribeMarket(): void {}

  idempotencyKeyFor(clientOrderId: string): string {
    return `${this.venue}:${clientOrderId}`;
  }

  private async call<T>(action: Action, args: unknown, act: () => T): Promise<T> {
    this.calls.push({ action, args });
    await Promise.resolve();
    if (!this.reachable) throw new VenueError('unavailable', `${this.venue} is unreachable`, true);
    const i = this.faults.findIndex((f) => f.action === action);
    const fault = i >= 0 ? this.faults.splice(i, 1)[0] : undefined;
    if (fault?.kind === 'reject') throw new VenueError('rejected', fault.message ?? 'rejected by venue');
    if (fault?.kind === 'unavailable') throw new VenueError('unavailable', 'venue busy', true);
    if (fault?.kind === 'lose-before') throw new VenueError('timeout', 'request lost on the way', true);
    const result = act();
    if (fault?.kind === 'lose') throw new VenueError('timeout', 'reply lost', true);
    if (fault?.kind === 'hold') {
      return new Promise<T>((resolve) => this.held.push(() => resolve(result)));
    }
    return result;
  }

  placeOrder: VenueAdapter['placeOrder'] = (r) => this.call('place', r, () => this.sim.place(r));
  modifyOrder: VenueAdapter['modifyOrder'] = (r) => this.call('modify', r, () => this.sim.modify(r));
  cancelOrder: VenueAdapter['cancelOrder'] = (r) => this.call('cancel', r, () => this.sim.cancel(r));
  cancelAll: VenueAdapter['cancelAll'] = (market) =>
    this.call('cancelAll', market, () => ({ cancelled: this.sim.cancelAll(market), failed: [] }));
  openOrders: VenueAdapter['openOrders'] = () =>
    this.call('openOrders', undefined, () => this.sim.openOrders());
  /** The order lookup by idempotency key recovery asks before a resend (ports.ts OrderLookup). */
  lookupOrder: OrderLookup['lookupOrder'] = (ref) =>
    this.call('lookup', ref, () => {
      const id = this.sim.byKey.get(ref.idempotencyKey);
      const o = id !== undefined ? this.sim.orders.get(id) : undefined;
      return o ? this.sim.view(o) : undefined;
    });
  fillsSince: VenueAdapter['fillsSince'] = (since) =>
    this.call('fillsSince', since, () => this.sim.fillsSince(since));

  on<E extends keyof VenueAdapterEvents>(event: E, listener: VenueAdapterEvents[E]): () => void {
    (this.listeners[event] as Set<VenueAdapterEvents[E]>).add(listener);
    return () => (this.listeners[event] as Set<VenueAdapterEvents[E]>).delete(listener);
  }
}
