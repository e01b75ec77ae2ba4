// A venue as a recording remembers it: its markets come from the recording, its market data is fed
// by the replay thread straight into the core's sink (not through this object), and its orders go
// to a paper matcher on the replayed book, never to a venue. It is always "live" while the replay
// runs, so the feed banners and the order manager treat it as an up venue.
import type { VenueId } from '../../shared/domain';
import { TypedEvents } from '../base/typed-events';
import { createLogger } from '../base/log';
import type {
  CancelOrderRequest,
  ModifyOrderRequest,
  PlaceOrderRequest,
  VenueAdapter,
  VenueAdapterEvents,
  VenueCapabilities,
  VenueFill,
  VenueMarketInfo,
  VenueOrderUpdate,
  VenueTrade,
} from '../venues/common/adapter';
import { PaperMatcher, type ReplayedDepth } from './paper-matcher';

const log = createLogger('replay');
/** How often resting paper orders are held against the replayed book (wall time). */
const SWEEP_MS = 250;

export const REPLAY_CAPABILITIES: VenueCapabilities = {
  orderTypes: ['limit', 'market'],
  timeInForce: ['GTC', 'IOC', 'FOK'],
  postOnly: true,
  modify: true,
  cancelAll: true,
  cancelsOnDisconnect: false,
  defaultTimeInForce: 'GTC',
  notes: ['Replay: paper orders against the recorded market, filled by the replay, never sent to a venue'],
};

export class ReplayVenueAdapter implements VenueAdapter {
  readonly capabilities = REPLAY_CAPABILITIES;
  private readonly events = new TypedEvents<VenueAdapterEvents>((event, error) =>
    log.error('replay adapter listener failed', { event, error }),
  );
  private readonly matcher: PaperMatcher;
  private readonly fills: VenueFill[] = [];
  private readonly byMarket: Map<string, VenueMarketInfo>;
  private sweepTimer: ReturnType<typeof setInterval> | undefined;
  private sweeping = false;

  constructor(
    readonly venue: VenueId,
    private readonly infos: VenueMarketInfo[],
    depth: ReplayedDepth,
    now: () => number,
  ) {
    this.byMarket = new Map(infos.map((m) => [m.market, m]));
    this.matcher = new PaperMatcher(
      venue,
      this.byMarket,
      depth,
      {
        order: (u) => this.events.emit('order', u),
        fill: (f) => this.record(f),
      },
      now,
    );
  }

  on<E extends keyof VenueAdapterEvents>(event: E, listener: VenueAdapterEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  async connect(): Promise<void> {
    this.events.emit('status', { venue: this.venue, state: 'live', reason: 'replay', at: Date.now() });
    // Resting paper orders are checked against the replayed book as it moves (see PaperMatcher.sweep).
    this.sweepTimer ??= setInterval(() => {
      if (this.sweeping || this.matcher.working().length === 0) return;
      this.sweeping = true;
      this.matcher
        .sweep()
        .catch((error: unknown) => log.warn('paper sweep failed', { venue: this.venue, error }))
        .finally(() => (this.sweeping = false));
    }, SWEEP_MS);
    this.sweepTimer.unref?.();
  }

  async disconnect(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    this.events.emit('status', { venue: this.venue, state: 'idle', reason: 'replay ended', at: Date.now() });
  }

  markets(): VenueMarketInfo[] {
    return this.infos;
  }

  subscribeMarket(): void {}
  unsubscribeMarket(): void {}

  idempotencyKeyFor(clientOrderId: string): string {
    return clientOrderId;
  }

  /** A replayed print: the paper matcher fills resting orders it trades through. */
  trade(trade: VenueTrade): void {
    this.matcher.onTrade(trade);
  }

  async placeOrder(request: PlaceOrderRequest): Promise<VenueOrderUpdate> {
    const { update, fills } = await this.matcher.place(request);
    // Fills after the answer, as a venue's execution reports follow its acknowledgement.
    setImmediate(() => {
      for (const f of fills) this.record(f);
    });
    return update;
  }

  async modifyOrder(request: ModifyOrderRequest): Promise<VenueOrderUpdate> {
    const { update, fills } = await this.matcher.modify(request.venueOrderId, {
      ...(request.price !== undefined ? { price: request.price } : {}),
      ...(request.size !== undefined ? { size: request.size } : {}),
    });
    setImmediate(() => {
      for (const f of fills) this.record(f);
    });
    return update;
  }

  async cancelOrder(request: CancelOrderRequest): Promise<VenueOrderUpdate> {
    return this.matcher.cancel(request.venueOrderId);
  }

  async cancelAll(market?: string) {
    const cancelled: string[] = [];
    for (const o of this.matcher.working(market)) {
      this.events.emit('order', this.matcher.cancel(o.venueOrderId));
      cancelled.push(o.venueOrderId);
    }
    return { cancelled, failed: [] };
  }

  async openOrders(): Promise<VenueOrderUpdate[]> {
    return this.matcher.working();
  }

  async fillsSince(sinceMs: number): Promise<VenueFill[]> {
    return this.fills.filter((f) => f.at >= sinceMs);
  }

  private record(fill: VenueFill): void {
    this.fills.push(fill);
    this.events.emit('fill', fill);
  }
}
