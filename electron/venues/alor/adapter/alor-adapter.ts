// ALOR Open API adapter (../shared/venues/alor.md): /ws market data and portfolio streams, /cws
// orders, refresh-token → JWT auth, recovery. Book frames go raw to the engine via the sink; the
// rest is validated here. Quantities are lots everywhere (sizeDecimals 0, lotSize "1"); price
// steps come from GET /md/v2/Securities/{exchange}/{symbol} at connect.
//
// Staleness: a book is requested with `frequency` F (default 100 ms) and ALOR sends at most one
// message per F, only when the book changed. A liquid MOEX share changes several times a second
// in session, so silence past max(3 s, 30 × F) with the socket up means a frozen feed: the book
// goes stale and is resubscribed (a false alarm in a quiet book costs one fresh snapshot). The
// public-trade and portfolio streams are event-driven (silence is normal) and are not watched;
// a dead socket is caught by transport pings instead.
//
// Open questions (alor.md README): update:* is read as issuing a new orderNumber (the simulator's
// reading), so a modify ties the new number to the same clientOrderId and reports the old one as
// cancelled "replaced by order N"; a repeated /cws guid is answered with the original reply.
import { createHash } from 'node:crypto';
import type { ConnectionState } from '../../../../shared/domain';
import { createLogger } from '../../../base/log';
import { limitedLogger } from '../../common/retry-limit';
import { TypedEvents } from '../../../base/typed-events';
import type {
  CancelOrderRequest,
  ModifyOrderRequest,
  OrderRef,
  PlaceOrderRequest,
  VenueAdapter,
  VenueAdapterEvents,
  VenueCapabilities,
  VenueFill,
  VenueMarketInfo,
  VenueOrderUpdate,
} from '../../common/adapter';
import { VenueError } from '../../common/adapter';
import type { CommandContext, MarketGrid } from './commands';
import { OrderDesk } from './cws';
import { AlorHttp, loadMarkets } from './http';
import { parseOptions, type AlorAdapterConfig, type AlorAdapterOptions } from './options';
import { Portfolio } from './portfolio';
import { RoundTripEstimate } from '../../common/rtt';
import { SessionLoop } from './session';
import { AuthRefused, TokenManager } from './token';
import { Trading } from './trading';
import { DataFeed, type Counter, type FeedSpec } from './ws';
import { alorCapabilities } from './capabilities';

export { optionsFromProfile, type AlorAdapterOptions, type AlorProfileEndpoints } from './options';

export interface AlorAdapterStats extends Record<Counter, number> {
  sessions: number;
  tokenMints: number;
  commandsResent: number;
  tokenRefusals: number;
  state: ConnectionState;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PORTFOLIO_FEEDS: FeedSpec[] = [
  { key: 'orders', kind: 'orders' },
  { key: 'stops', kind: 'stops' },
  { key: 'fills', kind: 'fills' },
  { key: 'positions', kind: 'positions' },
];

export class AlorAdapter implements VenueAdapter {
  readonly venue = 'alor' as const;
  readonly capabilities: VenueCapabilities = alorCapabilities;
  private readonly cfg: AlorAdapterConfig;
  private readonly log = limitedLogger(createLogger('alor'));
  private readonly events = new TypedEvents<VenueAdapterEvents>((event, error) =>
    this.log.error('ALOR adapter listener threw', { event, error }),
  );
  private readonly grids = new Map<string, { info: VenueMarketInfo; grid: MarketGrid }>();
  private readonly wanted = new Set<string>();
  private readonly counters: Record<Counter, number> = {
    malformed: 0,
    outOfOrder: 0,
    unknown: 0,
    resyncs: 0,
    staleEvents: 0,
    duplicates: 0,
  };
  private readonly tokens: TokenManager;
  private readonly http: AlorHttp;
  private readonly desk: OrderDesk;
  private readonly feed: DataFeed;
  private readonly portfolio: Portfolio;
  private readonly loop: SessionLoop;
  private readonly ctx: CommandContext;
  private readonly trading: Trading;
  private readonly rtt = new RoundTripEstimate();
  private phase: ConnectionState = 'idle';
  private reason: string | undefined;
  private lastStatus = '';
  private accessRefusals = 0;
  private first: { resolve(): void; reject(e: Error): void; promise: Promise<void> } | undefined;

  constructor(options: AlorAdapterOptions) {
    this.cfg = parseOptions(options);
    const cfg = this.cfg;
    const sink = options.sink;
    this.ctx = {
      exchange: cfg.exchange,
      portfolio: cfg.portfolio,
      stopLifetimeSeconds: cfg.stopLifetimeSeconds,
      now: Date.now,
    };
    this.tokens = new TokenManager({
      refreshUrl: cfg.refresh,
      refreshToken: cfg.refreshToken,
      renewBeforeMs: cfg.tokenRenewBeforeMs,
      renewFraction: cfg.tokenRenewFraction,
      httpTimeoutMs: cfg.httpTimeoutMs,
      log: this.log,
    });
    this.http = new AlorHttp({
      apiUrl: cfg.apiUrl,
      timeoutMs: cfg.httpTimeoutMs,
      token: (fresh) => (fresh ? this.tokens.remint() : this.tokens.get()),
    });
    this.portfolio = new Portfolio({
      order: (u) => this.emit('order', u),
      fill: (f) => this.emit('fill', f),
      position: (p) => this.emit('position', p),
    });
    this.desk = new OrderDesk({
      log: this.log,
      timeoutMs: cfg.commandTimeoutMs,
      onTokenRefused: () => void this.reauthorize(true),
      onBadFrame: (kind) => this.counters[kind]++,
    });
    this.feed = new DataFeed({
      log: this.log,
      sink,
      exchange: cfg.exchange,
      board: cfg.board,
      // Each symbol on its own board (primary_board from the securities list), not the default.
      boardOf: (market) => this.grids.get(market)?.grid.board,
      portfolio: cfg.portfolio,
      depth: cfg.bookDepth,
      frequencyMs: cfg.bookFrequencyMs,
      tradesHistory: cfg.tradesHistory,
      staleAfterMs: cfg.bookStaleAfterMs,
      token: () => this.tokens.get(),
      changed: () => this.publish(),
      refused: (code, message, spec) => this.refused(code, message, spec),
      count: (c) => this.counters[c]++,
      order: (r) => this.portfolio.applyOrder(r),
      stop: (r) => this.portfolio.applyStop(r),
      fill: (r) => this.portfolio.applyTrade(r),
      position: (r) => this.portfolio.applyPosition(r),
    });
    this.loop = new SessionLoop({
      cfg,
      log: this.log,
      tokens: this.tokens,
      desk: this.desk,
      feed: this.feed,
      setPhase: (s, r) => this.setPhase(s, r),
      specs: () => this.specs(),
      prepare: () => loadMarkets(this.http, this.cfg, this.grids, this.log),
      onConnected: () => this.settleFirst(),
      onFailed: (e) => this.settleFirst(e),
      onRoundTrip: (ms) => this.rtt.add(ms),
    });
    this.trading = new Trading({
      cfg,
      ctx: this.ctx,
      desk: this.desk,
      http: this.http,
      portfolio: this.portfolio,
      grids: this.grids,
      blocked: () =>
        !this.loop.active
          ? 'the ALOR adapter is not connected'
          : this.phase === 'down'
            ? `ALOR is down: ${this.reason ?? 'unknown reason'}`
            : undefined,
    });
    this.tokens.onToken((token) => {
      // Re-authorize the live /cws connection with each renewed token, before the old one expires.
      if (this.desk.ready) void this.loop.authorize(token).catch((err: unknown) => this.endForAuth(err));
    });
    this.tokens.onFailure((err) => this.endForAuth(err));
  }

  connect(): Promise<void> {
    if (this.loop.active && !this.first) return Promise.resolve();
    if (!this.first) {
      let resolve!: () => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      this.first = { resolve, reject, promise };
      this.tokens.start();
      this.loop.start();
    }
    return this.first.promise;
  }

  async disconnect(): Promise<void> {
    this.tokens.stop();
    await this.loop.stop();
    this.rtt.reset();
    this.desk.failAll(new VenueError('unavailable', 'the ALOR adapter was disconnected', true));
    this.settleFirst(new VenueError('unavailable', 'disconnected before the first connection', true));
    this.setPhase('idle', 'disconnected');
  }

  markets(): VenueMarketInfo[] {
    return [...this.grids.values()].map((g) => ({ ...g.info }));
  }

  subscribeMarket(market: string): void {
    if (!this.cfg.symbols.includes(market))
      throw new VenueError('invalid', `ALOR market ${String(market).slice(0, 32)} is not configured`);
    if (this.wanted.has(market)) return;
    this.wanted.add(market);
    if (!this.loop.isConnected) return;
    for (const spec of marketSpecs(market))
      void this.feed.subscribe(spec).catch((e: unknown) => this.endForAuth(e));
    this.publish();
  }

  unsubscribeMarket(market: string): void {
    if (!this.wanted.delete(market)) return;
    for (const spec of marketSpecs(market)) void this.feed.unsubscribe(spec.key);
  }

  /** Our clientOrderId is a UUID and serves as the guid itself; anything else maps to a stable UUID. */
  idempotencyKeyFor(clientOrderId: string): string {
    if (UUID.test(clientOrderId)) return clientOrderId.toLowerCase();
    const h = createHash('sha256').update(`crossbook:alor:${clientOrderId}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  placeOrder(req: PlaceOrderRequest): Promise<VenueOrderUpdate> {
    return this.trading.placeOrder(req);
  }

  modifyOrder(req: ModifyOrderRequest): Promise<VenueOrderUpdate> {
    return this.trading.modifyOrder(req);
  }

  cancelOrder(req: CancelOrderRequest): Promise<VenueOrderUpdate> {
    return this.trading.cancelOrder(req);
  }

  cancelAll(market?: string): ReturnType<Trading['cancelAll']> {
    return this.trading.cancelAll(market);
  }

  openOrders(): Promise<VenueOrderUpdate[]> {
    return this.trading.openOrders();
  }

  lookupOrder(ref: OrderRef): Promise<VenueOrderUpdate | undefined> {
    return this.trading.lookupOrder(ref);
  }

  fillsSince(sinceMs: number): Promise<VenueFill[]> {
    return this.trading.fillsSince(sinceMs);
  }

  /**
   * Smoothed ping → pong time on /cws (rtt.ts). Kept across reconnects, as it describes the route
   * more than the socket; cleared by disconnect(), so undefined until a pong after connect().
   */
  roundTripMs(): number | undefined {
    return this.rtt.ms;
  }

  on<E extends keyof VenueAdapterEvents>(event: E, listener: VenueAdapterEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  stats(): AlorAdapterStats {
    return {
      ...this.counters,
      sessions: this.loop.sessions,
      tokenMints: this.tokens.mints,
      commandsResent: this.desk.resent,
      tokenRefusals: this.desk.tokenRefusals,
      state: this.phase,
    };
  }

  private emit<E extends keyof VenueAdapterEvents>(
    event: E,
    arg: Parameters<VenueAdapterEvents[E]>[0],
  ): void {
    this.events.emit(event, arg);
  }

  private specs(): FeedSpec[] {
    return [...PORTFOLIO_FEEDS, ...[...this.wanted].flatMap(marketSpecs)];
  }

  private setPhase(state: ConnectionState, reason?: string): void {
    this.phase = state;
    this.reason = reason;
    this.publish();
  }

  /** Emits a status event whenever the visible state, its reason or the stale feeds change. */
  private publish(): void {
    let state = this.phase;
    let reason = this.reason;
    let staleFeeds: string[] | undefined;
    if (state === 'connected') {
      const stale = this.feed.staleFeeds();
      if (stale.length > 0) {
        state = 'stale';
        staleFeeds = stale;
        reason = `no fresh data on ${stale.join(', ')}; resubscribing`;
      } else if (this.feed.allLive()) {
        state = 'live';
        this.accessRefusals = 0;
      }
    }
    const key = JSON.stringify([state, reason, staleFeeds]);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.emit('status', {
      venue: 'alor',
      state,
      ...(reason ? { reason } : {}),
      ...(staleFeeds ? { staleFeeds } : {}),
      at: Date.now(),
    });
  }

  private settleFirst(err?: VenueError): void {
    const f = this.first;
    if (!f) return;
    this.first = undefined;
    if (err) f.reject(err);
    else f.resolve();
  }

  private refused(code: number, message: string, spec: FeedSpec | undefined): void {
    if (code === 401) {
      // /ws checks the token per request; a refused one is re-minted once, then we go down.
      this.tokens.invalidate();
      const auth = ++this.accessRefusals > 1;
      const reason = auth
        ? 'ALOR keeps refusing freshly minted access tokens on /ws'
        : 'ALOR refused the access token on /ws; minting a new one';
      if (auth) this.desk.failAll(new VenueError('unauthorized', reason, true));
      this.loop.finish({ reason, auth, connected: this.loop.isConnected });
      return;
    }
    const what = spec ? `the ${spec.kind} subscription` : 'a /ws request';
    const reason = `ALOR refused ${what}: ${message.slice(0, 120)} (${code})`;
    this.loop.finish({ reason, auth: code === 403, connected: this.loop.isConnected });
  }

  private async reauthorize(fresh: boolean): Promise<void> {
    try {
      await this.loop.authorize(fresh ? await this.tokens.remint() : await this.tokens.get());
    } catch (err) {
      this.endForAuth(err);
    }
  }

  private endForAuth(err: unknown): void {
    const auth = err instanceof AuthRefused;
    const reason = auth
      ? err.credential === 'refresh'
        ? 'ALOR refused the refresh token (wrong, expired or revoked): check the API token'
        : 'ALOR refused a freshly minted access token'
      : `ALOR authorization failed: ${(err as Error)?.message ?? String(err)}`;
    if (auth) this.desk.failAll(new VenueError('unauthorized', reason, true));
    this.loop.finish({ reason, auth, connected: this.loop.isConnected });
  }
}

function marketSpecs(market: string): FeedSpec[] {
  return [
    { key: `book:${market}`, kind: 'book', market },
    { key: `trades:${market}`, kind: 'trades', market },
  ];
}

export function createAlorAdapter(options: AlorAdapterOptions): AlorAdapter {
  return new AlorAdapter(options);
}
