// Finery Markets adapter (finery-markets.md): signed WebSocket handshake, feeds I (instruments),
// F (firm book → engine), O (our orders and deals), P and K (positions), orders through `request`,
// and recovery: backoff reconnects, rebinds, fresh snapshots, order/fill reconciliation.
import { createLogger, registerSecret } from '../../../base/log';
import { limitedLogger, RetryGate } from '../../common/retry-limit';
import { TypedEvents } from '../../../base/typed-events';
import type {
  CancelOrderRequest,
  ModifyOrderRequest,
  OrderRef,
  PlaceOrderRequest,
  VenueAdapter,
  VenueAdapterEvents,
  VenueCapabilities,
  VenueConnectionStatus,
  VenueFill,
  VenueMarketInfo,
  VenueOrderUpdate,
} from '../../common/adapter';
import { VenueError } from '../../common/adapter';
import { Backoff } from '../../common/backoff';
import { StalenessWatchdog } from '../../common/watchdog';
import type { ConnectionState } from '../../../../shared/domain';
import { clientOrderIdFor, signedHandshake } from './auth';
import { meaning } from './codec';
import { ReadyGate } from './ready-gate';
import { AccountFeeds } from './feeds';
import { OrderDesk } from './orders';
import type { FineryAdapterOptions, ResolvedOptions } from './options';
import { resolveOptions } from './options';
import { RoundTripEstimate } from '../../common/rtt';
import type { Binding, SessionHost } from './session';
import { Session } from './session';
import type { CloseInfo } from './socket';
import { OrderTracker } from './tracker';
import { fineryCapabilities } from './capabilities';

export type { FineryAdapterOptions } from './options';
export { clientOrderIdFor, signEfx, NonceSource } from './auth';

const AUTH_CODES = new Set([3, 6, 7, 14]);

export type FineryAdapterStats = FineryAdapter['counters'] & {
  sessions: number;
  handshakeFailures: number;
  resyncs: number;
  staleEvents: number;
  resends: number;
};

/**
 * Book rebinds back off to at most 4 s, not 30: a book is the desk's view of the market, and
 * back-to-back faults with no update between them (nothing resets the backoff then) pushed a
 * rebind past 20 s (the soak, seed 20240611). A snapshot alone does not reset the backoff: a feed
 * that sends a good snapshot and then a bad update every time would otherwise loop at round-trip
 * speed; 4 s keeps such a loop to 15 rebinds a minute.
 */
export const BOOK_REBIND_BACKOFF = { initialMs: 250, maxMs: 4_000 } as const;

export class FineryAdapter implements VenueAdapter {
  readonly venue = 'finery' as const;
  readonly capabilities: VenueCapabilities;
  readonly counters = { malformed: 0, unknown: 0, dropped: 0, bookFrames: 0, lateReplies: 0 };
  private readonly extra = { sessions: 0, handshakeFailures: 0, resyncs: 0, staleEvents: 0, resends: 0 };
  private readonly options: ResolvedOptions;
  private readonly log = limitedLogger(createLogger('finery'));
  /** Account-feed rebinds (a record we refuse): a feed that keeps failing is retried twice a minute. */
  private readonly retries = new RetryGate({ initialMs: 250, maxMs: 30_000 });
  private readonly bookRetries = new RetryGate(BOOK_REBIND_BACKOFF);
  private readonly events = new TypedEvents<VenueAdapterEvents>((event, error) =>
    this.log.error('event listener failed', { event, error: error instanceof Error ? error : String(error) }),
  );
  private readonly subscriptions = new Set<string>();
  private readonly backoff: Backoff;
  private readonly authBackoff: Backoff;
  private readonly watchdog = new StalenessWatchdog(Date.now, 100);
  private readonly tracker: OrderTracker;
  private readonly desk: OrderDesk;
  private readonly feeds: AccountFeeds;
  private readonly rtt = new RoundTripEstimate();
  private session: Session | undefined;
  private running = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private gateTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly gate = new ReadyGate(
    () => this.session?.ready === true,
    () => this.running,
  );
  private connectWaiter: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private status: VenueConnectionStatus = { venue: 'finery', state: 'idle', at: Date.now() };
  private everLive = false;

  constructor(options: FineryAdapterOptions) {
    this.options = resolveOptions(options);
    registerSecret(this.options.secret);
    this.capabilities = fineryCapabilities(this.options.cod);
    this.backoff = new Backoff(this.options.backoff);
    this.authBackoff = new Backoff({ initialMs: this.options.authRetryMs, maxMs: 15 * 60_000 });
    this.tracker = new OrderTracker(
      (u) => this.emit('order', u),
      (f) => this.emit('fill', f),
      this.options.cod,
    );
    this.desk = new OrderDesk(
      {
        send: (m, c) => this.session?.request(m, c),
        whenReady: (deadline) => this.gate.wait(deadline),
        market: (name) => this.feeds.market(name),
        replyTimeoutMs: this.options.replyTimeoutMs,
        orderTimeoutMs: this.options.orderTimeoutMs,
        cod: this.options.cod,
        onResend: () => this.extra.resends++,
      },
      this.tracker,
    );
    this.feeds = new AccountFeeds({
      log: this.log,
      tracker: this.tracker,
      desk: this.desk,
      emitPosition: (p) => this.emit('position', p),
      rebind: (b) => this.retries.request(b.key, () => this.session?.bind(b, true)),
      changed: () => this.refreshStatus(),
    });
  }

  // ---- lifecycle ----

  connect(): Promise<void> {
    if (this.running && this.everLive) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => {
      const prev = this.connectWaiter;
      this.connectWaiter = {
        resolve: () => (prev?.resolve(), resolve()),
        reject: (e) => (prev?.reject(e), reject(e)),
      };
    });
    if (!this.running) {
      this.running = true;
      this.open();
    }
    return done;
  }

  async disconnect(): Promise<void> {
    this.running = false;
    clearTimeout(this.retryTimer);
    clearTimeout(this.gateTimer);
    this.retries.clear();
    this.bookRetries.clear();
    for (const m of this.subscriptions) this.watchdog.unwatch(`F:${m}`);
    this.watchdog.stop();
    const s = this.session;
    this.session = undefined;
    s?.close();
    this.rtt.reset();
    this.gate.wake();
    this.connectWaiter?.reject(new VenueError('unavailable', 'disconnected before the connection was up'));
    this.connectWaiter = undefined;
    this.setStatus('idle', 'disconnected');
  }

  private open(): void {
    if (!this.running) return;
    this.extra.sessions++;
    this.setStatus('connecting');
    const headers = signedHandshake(this.options.key, this.options.secret, this.options.nonces);
    const host: SessionHost = {
      log: this.log,
      sink: this.options.sink,
      counters: this.counters,
      onOpen: () => this.onOpen(session),
      onBackend: (code) => this.onBackend(session, code),
      onRoundTrip: (ms) => this.session === session && this.rtt.add(ms),
      onFeed: (m, b) => this.session === session && this.feeds.onFeed(m, b),
      onBookData: (b, snapshot) => this.onBookData(b, snapshot),
      resync: (market, reason) => this.resync(market, reason),
      onClose: (why) => this.onClose(session, why),
    };
    const session = new Session(host, {
      url: this.options.wsUrl,
      headers: { ...headers },
      pingIntervalMs: this.options.pingIntervalMs,
      deadAfterMs: this.options.deadAfterMs,
      openTimeoutMs: this.options.openTimeoutMs,
    });
    this.session = session;
    // Finery authenticates in the upgrade request itself: the signed upgrade is in flight.
    this.setStatus('authenticating');
  }

  private onOpen(session: Session): void {
    if (this.session !== session) return;
    this.authBackoff.reset();
    this.gateTimer = setTimeout(() => {
      if (this.session === session && session.backendCode === undefined) {
        this.log.warn('no connection status from Finery after connecting');
        session.close();
      }
    }, this.options.statusTimeoutMs);
  }

  /** ["X",0,"Z",code]: 0 = the gateway's backend link is up; bind (again) only then. */
  private onBackend(session: Session, code: number): void {
    if (this.session !== session) return;
    clearTimeout(this.gateTimer);
    if (code !== 0) {
      this.setStatus(
        'down',
        `Finery's gateway reports its backend link down: ${meaning(code)}; waiting for it to recover`,
      );
      this.gateTimer = setTimeout(() => {
        if (this.session === session && session.backendCode !== 0) session.close();
      }, this.options.backendWaitMs);
      return;
    }
    this.setStatus('connected');
    this.bindAll(session);
    this.gate.wake();
  }

  private bindAll(session: Session): void {
    const rebind = session.bindings.size > 0;
    for (const feed of ['I', 'P', 'K', 'O'] as const) {
      session.bind(session.bindings.get(feed) ?? { key: feed, feed, state: 'binding' }, rebind);
    }
    for (const market of this.subscriptions) this.bindBook(session, market, rebind);
  }

  private bindBook(session: Session, market: string, rebind: boolean): void {
    const key = `F:${market}`;
    this.options.sink.resetBook('finery', market);
    const b: Binding = session.bindings.get(key) ?? { key, feed: 'F', market, state: 'binding' };
    session.bind(b, rebind);
    this.watchdog.watch(key, {
      maxSilenceMs: this.options.bookSilenceMs,
      onStale: (feed, silentMs) => this.onSilent(feed, silentMs),
    });
  }

  private onClose(session: Session, why: CloseInfo): void {
    if (this.session !== session) return;
    this.session = undefined;
    clearTimeout(this.gateTimer);
    for (const m of this.subscriptions) this.watchdog.unwatch(`F:${m}`);
    if (!this.running) return;
    let delay: number;
    if (
      why.kind === 'refused' &&
      (AUTH_CODES.has(why.code ?? -1) || why.status === 401 || why.status === 403)
    ) {
      this.extra.handshakeFailures++;
      const reason = `Finery refused the connection: ${why.code !== undefined ? meaning(why.code) : `HTTP ${why.status}`}`;
      delay = this.authBackoff.next();
      this.setStatus('down', `${reason}; retrying in ${Math.round(delay / 1000)} s`);
      this.connectWaiter?.reject(new VenueError('unauthorized', reason, false, why.code));
      this.connectWaiter = undefined;
    } else {
      delay = this.backoff.next();
      const reason = why.kind === 'refused' ? `upgrade refused (HTTP ${why.status})` : why.reason;
      this.setStatus('reconnecting', `${reason}; reconnecting in ${delay} ms`);
    }
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  // ---- books and staleness ----

  private onBookData(b: Binding, snapshot: boolean): void {
    const key = b.key;
    if (snapshot) {
      if (b.state === 'binding') b.state = 'bound';
      if (b.stale === 'resync') delete b.stale;
    } else {
      if (b.stale === 'silent') delete b.stale;
      // Updates flow again after the snapshot: the rebind worked, the next fault retries at once.
      // Not while a resync waits for its slot (a bad frame after the snapshot): forgetting it
      // would leave the book marked stale with nothing left to rebind it (soak, seed 20240611).
      if (b.state === 'bound' && !b.stale) this.bookRetries.succeeded(key);
    }
    // A snapshot re-arms the watchdog but does not prove a silent feed alive: the venue may be
    // serving a frozen view. Only a level update clears 'silent'.
    this.watchdog.seen(key);
    this.refreshStatus();
  }

  private onSilent(key: string, silentMs: number): void {
    const b = this.session?.bindings.get(key);
    if (!b || !b.market || b.state === 'failed') return;
    this.extra.staleEvents++;
    this.log.warn('book feed silent; rebinding', { market: b.market, silentMs });
    b.stale = 'silent';
    this.rebook(b);
  }

  /** A bad or suspect book frame: count it, mark the book stale and rebuild it from a fresh snapshot. */
  resync(market: string, reason: string): void {
    const b = this.session?.bindings.get(`F:${market}`);
    if (!b) return;
    if (reason.startsWith('malformed')) this.counters.malformed++;
    b.stale ??= 'resync';
    // Said at once, also when the rebind has to wait for its slot.
    this.refreshStatus();
    // Rebinds back off per book: a feed that keeps failing is retried a few times a minute.
    this.bookRetries.request(b.key, () => {
      if (this.session?.bindings.get(b.key) !== b) return;
      this.log.warn('book resync', { market, reason });
      this.rebook(b);
    });
  }

  private rebook(b: Binding): void {
    this.extra.resyncs++;
    this.options.sink.resetBook('finery', b.market!);
    this.session?.bind(b, true);
    this.refreshStatus();
  }

  // ---- status ----

  private refreshStatus(): void {
    const s = this.session;
    if (!s || s.backendCode !== 0) return;
    const bindings = [...s.bindings.values()];
    const stale = bindings.filter((b) => b.stale).map((b) => (b.market ? `F:${b.market}` : b.feed));
    const failed = bindings.filter((b) => b.state === 'failed').map((b) => b.error!);
    const reason = failed.length ? failed.join('; ') : undefined;
    if (stale.length) return this.setStatus('stale', reason ?? 'book feed stale; rebinding', stale);
    if (bindings.some((b) => b.state === 'binding')) return this.setStatus('connected', reason);
    this.setStatus('live', reason);
    if (!this.everLive || this.connectWaiter) {
      this.everLive = true;
      this.backoff.reset();
      this.connectWaiter?.resolve();
      this.connectWaiter = undefined;
    }
  }

  private setStatus(state: ConnectionState, reason?: string, staleFeeds?: string[]): void {
    const prev = this.status;
    const same =
      prev.state === state &&
      prev.reason === reason &&
      (prev.staleFeeds ?? []).join() === (staleFeeds ?? []).join();
    if (same) return;
    this.status = {
      venue: 'finery',
      state,
      ...(reason ? { reason } : {}),
      ...(staleFeeds?.length ? { staleFeeds } : {}),
      at: Date.now(),
    };
    this.emit('status', this.status);
  }

  /**
   * Smoothed WebSocket ping → pong time (rtt.ts) while the gateway reports its backend up. Kept
   * across reconnects, as it describes the route more than the socket; cleared by disconnect().
   * Request → reply times are not mixed in: they include Finery's order processing.
   */
  roundTripMs(): number | undefined {
    return this.rtt.ms;
  }

  currentStatus(): VenueConnectionStatus {
    return this.status;
  }

  stats(): FineryAdapterStats {
    return { ...this.counters, malformed: this.counters.malformed + this.feeds.malformed, ...this.extra };
  }

  on<E extends keyof VenueAdapterEvents>(event: E, listener: VenueAdapterEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  private emit<E extends keyof VenueAdapterEvents>(
    event: E,
    arg: Parameters<VenueAdapterEvents[E]>[0],
  ): void {
    this.events.emit(event, arg);
  }

  // ---- markets ----

  markets(): VenueMarketInfo[] {
    return this.feeds.markets();
  }

  subscribeMarket(market: string): void {
    if (typeof market !== 'string' || market.length === 0 || market.length > 64)
      throw new VenueError('invalid', 'market must be a Finery instrument name such as BTC-USD');
    if (this.feeds.known() && !this.feeds.market(market))
      throw new VenueError('invalid', `unknown Finery market ${JSON.stringify(market)}`);
    if (this.subscriptions.has(market)) return;
    this.subscriptions.add(market);
    const s = this.session;
    if (s && s.backendCode === 0) {
      this.bindBook(s, market, false);
      this.refreshStatus();
    }
  }

  unsubscribeMarket(market: string): void {
    if (!this.subscriptions.delete(market)) return;
    this.watchdog.unwatch(`F:${market}`);
    this.session?.unbind(`F:${market}`);
    this.options.sink.resetBook('finery', market);
    this.refreshStatus();
  }

  // ---- orders ----

  idempotencyKeyFor(clientOrderId: string): string {
    return clientOrderIdFor(clientOrderId);
  }

  placeOrder(request: PlaceOrderRequest): Promise<VenueOrderUpdate> {
    return this.desk.place(request);
  }

  modifyOrder(request: ModifyOrderRequest): Promise<VenueOrderUpdate> {
    return this.desk.modify(request);
  }

  cancelOrder(request: CancelOrderRequest): Promise<VenueOrderUpdate> {
    return this.desk.cancel(request);
  }

  cancelAll(market?: string): ReturnType<VenueAdapter['cancelAll']> {
    return this.desk.cancelAll(market);
  }

  openOrders(): Promise<VenueOrderUpdate[]> {
    return this.desk.history.openOrders();
  }

  /** By our clientOrderId (the idempotency key) through `positions` and `dealHistory`. */
  lookupOrder(ref: OrderRef): Promise<VenueOrderUpdate | undefined> {
    this.tracker.uuidByKey.set(ref.idempotencyKey, ref.clientOrderId);
    return this.desk.history.find(ref.idempotencyKey, ref.market);
  }

  fillsSince(sinceMs: number): Promise<VenueFill[]> {
    return this.desk.history.fillsSince(
      sinceMs,
      this.feeds.markets().map((m) => m.market),
    );
  }
}

export function createFineryAdapter(options: FineryAdapterOptions): FineryAdapter {
  return new FineryAdapter(options);
}
