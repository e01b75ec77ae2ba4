// Paxos venue adapter: SOR WebSocket for market data (marketSocket.ts), REST v2 for orders (orders.ts),
// one OAuth2 token for both (token.ts). See ../../../../../shared/venues/paxos.md.
//
// Readings where the reference is open: the heartbeat interval is taken as ~1 s (bounds in
// options.ts); token expiry on an open socket may close it (we re-mint and reconnect); a
// top-level {"type":"error"} answers our oldest pending control message; NO_EFFECT_ACTION on a
// subscribe means "already subscribed" and counts as success.
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
  VenueFill,
  VenueMarketInfo,
  VenueOrderUpdate,
} from '../../common/adapter';
import { VenueError } from '../../common/adapter';
import { marketsResponseSchema } from '../wire/paxos-wire';
import { marketsFromWire, staticMarkets } from './markets';
import type { PaxosAdapterOptions } from './options';
import { resolveOptions } from './options';
import { PaxosOrders } from './orders';
import { PaxosRest } from './rest';
import { RoundTripEstimate } from '../../common/rtt';
import type { MarketSocketStats } from './market-socket';
import { MarketSocket } from './market-socket';
import { TokenManager } from './token';
import { paxosCapabilities } from './capabilities';

export type { PaxosAdapterOptions, PaxosTiming } from './options';
export { DEFAULT_TIMING } from './options';

export interface PaxosAdapterStats extends MarketSocketStats {
  tokenMints: number;
  tokenFailures: number;
  restRequests: number;
  restBadReplies: number;
  orderPolls: number;
  listenerErrors: number;
}

export interface PaxosAdapter extends VenueAdapter {
  /** Counters of frames, faults and recoveries (malformed/unknown frames, resyncs, reconnects). */
  stats(): PaxosAdapterStats;
  /**
   * Rebuild one book from a fresh SNAPSHOT. The host calls this when the engine reports a
   * 'resync' for a Paxos market (a frame the engine refused), since only we can resubscribe.
   */
  resyncMarket(market: string, reason: string): void;
  roundTripMs(): number | undefined;
  /** Last top_of_book per market (decimal strings), as Paxos announced it. */
  topOfBook(market: string): { bid?: string; ask?: string; at: number } | undefined;
}

const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function createPaxosAdapter(options: PaxosAdapterOptions): PaxosAdapter {
  const o = resolveOptions(options);
  const log = limitedLogger(createLogger('paxos'));
  let listenerErrors = 0;
  const events = new TypedEvents<VenueAdapterEvents>((event, error) => {
    listenerErrors++;
    log.error('adapter listener failed', { event, error: error as Error });
  });
  const emit = events.emit.bind(events);

  let markets = new Map(staticMarkets().map((m) => [m.market, m]));
  const tokens = new TokenManager({
    url: o.oauthUrl,
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    scopes: o.scopes,
    fetch: o.fetch,
    timeoutMs: o.timing.requestTimeoutMs,
    renewFraction: o.timing.tokenRenewFraction,
    minRenewMs: o.timing.minTokenRenewMs,
    log,
  });
  const rest = new PaxosRest({
    base: o.restUrl,
    tokens,
    fetch: o.fetch,
    timeoutMs: o.timing.requestTimeoutMs,
    log,
  });
  const orders = new PaxosOrders({
    rest,
    profileId: o.profileId,
    market: (m) => markets.get(m),
    emitOrder: (u: VenueOrderUpdate) => emit('order', u),
    emitFill: (f: VenueFill) => emit('fill', f),
    log,
    timing: o.timing,
  });
  // REST call durations are not mixed in: they include order processing and, at times, a new
  // TLS connection, so they would measure something else than the route.
  const rtt = new RoundTripEstimate();
  const marketSocket = new MarketSocket({
    url: o.wsUrl,
    tokens,
    sink: o.sink,
    timing: o.timing,
    log,
    random: o.random,
    onStatus: (state, reason, staleFeeds) => {
      if (state === 'down' || state === 'reconnecting' || state === 'stale')
        log.warn('Paxos status', { state, reason });
      const s = { venue: 'paxos' as const, state, at: Date.now(), ...(reason ? { reason } : {}) };
      emit('status', staleFeeds && staleFeeds.length > 0 ? { ...s, staleFeeds } : s);
    },
    // After every (re)connect our orders may have moved while we were away.
    onSession: () => void orders.poll(),
    onRoundTrip: (ms) => rtt.add(ms),
  });
  let connected = false;

  async function refreshMarkets(): Promise<void> {
    try {
      const body = await rest.request('GET', '/markets', { schema: marketsResponseSchema, auth: false });
      const fresh = marketsFromWire(body);
      if (fresh.length > 0) markets = new Map(fresh.map((m) => [m.market, m]));
    } catch (err) {
      log.info('Paxos market list unavailable; using the built-in table', { reason: (err as Error).message });
    }
  }

  function checkMarket(market: unknown): string {
    if (typeof market !== 'string' || !/^[A-Z0-9]{2,20}$/.test(market))
      throw new VenueError(
        'invalid',
        `not a Paxos market symbol: ${JSON.stringify(String(market)).slice(0, 30)}`,
      );
    return market;
  }

  return {
    venue: 'paxos',
    capabilities: paxosCapabilities,
    async connect() {
      if (connected) return;
      connected = true;
      await refreshMarkets();
      tokens.start();
      orders.start();
      await marketSocket.start();
    },
    async disconnect() {
      connected = false;
      await marketSocket.stop();
      await orders.stop();
      tokens.stop();
      rtt.reset();
    },
    markets: (): VenueMarketInfo[] => [...markets.values()],
    subscribeMarket(market) {
      marketSocket.add(checkMarket(market));
    },
    unsubscribeMarket(market) {
      marketSocket.remove(checkMarket(market));
    },
    idempotencyKeyFor(clientOrderId) {
      if (typeof clientOrderId !== 'string' || !CLIENT_ID.test(clientOrderId))
        throw new VenueError('invalid', 'clientOrderId must be 1-64 letters, digits, - or _');
      // Deterministic and readable: support can match a Paxos ref_id to our order at a glance.
      return `cb-${clientOrderId}`;
    },
    placeOrder: (r: PlaceOrderRequest) => orders.place(r),
    modifyOrder: (_r: ModifyOrderRequest): Promise<VenueOrderUpdate> =>
      Promise.reject(
        new VenueError('invalid', 'Paxos cannot modify an order; cancel it and place a new one'),
      ),
    cancelOrder: (r: CancelOrderRequest) => orders.cancel(r),
    cancelAll: (market?: string) => orders.cancelAll(market === undefined ? undefined : checkMarket(market)),
    openOrders: () => orders.openOrders(),
    lookupOrder: (ref: OrderRef) => orders.lookupOrder(ref),
    fillsSince: (sinceMs: number) => orders.fillsSince(sinceMs),
    // Smoothed ping → pong time on the SOR socket (rtt.ts); kept across reconnects, cleared by disconnect().
    roundTripMs: () => rtt.ms,
    on: (event, listener) => events.on(event, listener),
    stats: () => ({
      ...marketSocket.stats,
      tokenMints: tokens.mints,
      tokenFailures: tokens.failures,
      restRequests: rest.requests,
      restBadReplies: rest.badReplies,
      orderPolls: orders.polls,
      listenerErrors,
    }),
    resyncMarket: (market, reason) => marketSocket.resync(market, String(reason).slice(0, 200)),
    resync: (market, reason) => marketSocket.resync(market, String(reason).slice(0, 200)),
    topOfBook: (market) => marketSocket.topOfBook.get(market),
  };
}
