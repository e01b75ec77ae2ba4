// The venue-neutral heart shared by the three simulators: a seeded market generator and a
// matching engine for our own orders. Each venue's simulator (electron/venues/<venue>/sim/) wraps
// a SimMarket in that venue's wire protocol, so protocol faithfulness lives in the venue folder
// and market behaviour lives here once.
//
// Units: every price and size is a scaled integer (see shared/decimal.ts). A market's spec says
// how many decimals each carries; wire formatting is the venue simulator's job.

export type Side = 'buy' | 'sell';
export type BookSide = 'bid' | 'ask';

export interface SimMarketSpec {
  /** Canonical symbol the generator knows the market by, e.g. "BTCUSD". */
  symbol: string;
  priceDecimals: number;
  sizeDecimals: number;
  /** Minimum price increment in scaled units (e.g. 1 = 0.01 when priceDecimals is 2). */
  tickSize: number;
  /** Minimum size increment in scaled units. */
  lotSize: number;
  /** Starting mid price in scaled units. */
  initialMid: number;
  /** Number of price levels generated per side. */
  depth: number;
  /** Typical size of one generated level, in scaled units. */
  typicalLevelSize: number;
  /**
   * Shared instrument whose reference price this market follows (e.g. "BTC-USD" for Paxos BTCUSD
   * and Finery BTC-USD), so the same instrument agrees across simulators. Needs options.reference.
   */
  anchor?: string;
}

export interface BookLevel {
  price: number;
  size: number;
}

/** One level change: absolute new size at a price; size 0 removes the level. */
export interface LevelChange {
  side: BookSide;
  price: number;
  size: number;
}

export interface BookSnapshot {
  /** Best (highest) bid first. */
  bids: BookLevel[];
  /** Best (lowest) ask first. */
  asks: BookLevel[];
}

export interface SimTrade {
  /** Monotonic trade id within the market. */
  id: number;
  price: number;
  size: number;
  /** Aggressor side. */
  takerSide: Side;
  /** Nanoseconds since the Unix epoch (bigint: RFC 3339 nanosecond timestamps need it). */
  timeNs: bigint;
}

export type TimeInForce = 'GTC' | 'IOC' | 'FOK';

export interface SimOrderRequest {
  /** Id chosen by the venue simulator (its own order id space). */
  orderId: string;
  side: Side;
  type: 'limit' | 'market';
  /** Required for limit orders. */
  price?: number;
  size: number;
  timeInForce: TimeInForce;
  /** Reject instead of taking liquidity. */
  postOnly?: boolean;
  /** Opaque owner tag (connection, account) so a simulator can find its orders again. */
  owner: string;
}

export interface SimFill {
  orderId: string;
  tradeId: number;
  price: number;
  size: number;
  side: Side;
  /** True when our order was resting (maker) when it filled. */
  maker: boolean;
  timeNs: bigint;
}

export type SimOrderStatus = 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected';

export interface SimOrderState {
  orderId: string;
  owner: string;
  side: Side;
  type: 'limit' | 'market';
  price?: number;
  size: number;
  filled: number;
  /** Volume-weighted average fill price in scaled units (rounded), 0 before any fill. */
  averagePrice: number;
  status: SimOrderStatus;
  timeInForce: TimeInForce;
  createdNs: bigint;
  updatedNs: bigint;
  rejectReason?: SimRejectReason;
}

export type SimRejectReason =
  | 'post_only_would_take'
  | 'fok_not_fillable'
  | 'no_liquidity'
  | 'invalid_price'
  | 'invalid_size'
  | 'unknown_order'
  | 'order_not_open'
  | 'injected';

export interface PlaceResult {
  order: SimOrderState;
  /** Fills produced immediately on entry (taker fills). */
  fills: SimFill[];
}

export type SimOrderEvent =
  | { kind: 'fill'; fill: SimFill; order: SimOrderState }
  | { kind: 'cancelled'; order: SimOrderState }
  | { kind: 'modified'; order: SimOrderState };

export interface SimMarket {
  readonly spec: SimMarketSpec;
  /** Current book including our resting orders, best first, at most `depth` levels per side. */
  snapshot(depth?: number): BookSnapshot;
  /** Current best bid and ask (undefined when a side is empty). */
  top(): { bid?: BookLevel; ask?: BookLevel };
  /** Level changes, delivered synchronously in the order they happen, batched per generator step. */
  onChanges(listener: (changes: LevelChange[], timeNs: bigint) => void): () => void;
  /** Every trade, generated flow and ours alike. */
  onTrade(listener: (trade: SimTrade) => void): () => void;
  /**
   * Fills/cancels/modifies of our orders that happen after entry (resting orders hit by flow).
   * Never for the order a call is about: place/modify return their taker fills, cancel/modify
   * their new state. Events are delivered after the operation's level changes and trades.
   */
  onOrderEvent(listener: (event: SimOrderEvent) => void): () => void;

  place(request: SimOrderRequest): PlaceResult;
  cancel(orderId: string): SimOrderState | { error: SimRejectReason };
  /** Price and/or size change; a price change loses time priority, a size decrease keeps it. */
  modify(
    orderId: string,
    change: { price?: number; size?: number },
  ): PlaceResult | { error: SimRejectReason };
  /** Any order by id, open or closed (the most recent 10,000 closed ones are kept). */
  order(orderId: string): SimOrderState | undefined;
  /** Open orders (status open or partially_filled) in arrival order, optionally of one owner. */
  orders(owner?: string): SimOrderState[];
}

export interface ReferencePriceSource {
  /** Price of an instrument relative to its start (1.0 at start), now. */
  factor(instrument: string): number;
}

export interface MarketGeneratorOptions {
  seed: number;
  /** Total level updates per second across all markets driven by this generator. */
  levelUpdatesPerSecond: number;
  /** Timer tick; the generator emits ceil(rate * tick) updates per tick in bursts. Default: 1..10 ms by rate. */
  tickMs?: number;
  /** Shared reference prices for anchored markets (see SimMarketSpec.anchor). */
  reference?: ReferencePriceSource;
  /** Source of every timestamp (nanoseconds since the epoch); tests inject a fixed one. Default: wall clock. */
  clock?: () => bigint;
}

/** Drives one or more SimMarkets in real time, or step by step in tests. Deterministic per seed. */
export interface MarketGenerator {
  readonly markets: ReadonlyMap<string, SimMarket>;
  /** The timer tick now in use (ms). */
  readonly tickMs: number;
  start(): void;
  stop(): void;
  setRate(levelUpdatesPerSecond: number): void;
  /** Advances by exactly `levelUpdates` updates synchronously (for tests and benchmarks). */
  step(levelUpdates: number): void;
}

/**
 * Fault injection every venue simulator offers, programmatically (tests) and through the
 * `npm run sim` CLI flags. Each call affects only that simulator.
 */
export interface SimFaults {
  /** Closes every open socket abruptly (no close frame), as a network drop would. */
  dropConnections(): void;
  /** Stops market-data output while keeping sockets open; `resumeFeeds` restarts it. */
  stallFeeds(): void;
  resumeFeeds(): void;
  /** Sends `count` malformed frames on every market-data subscription. */
  sendMalformed(count?: number): void;
  /** Makes every token issued so far expire now (the venue's expiry behaviour applies). */
  expireTokens(): void;
  /** Revokes every token issued so far (refused as invalid from now on). */
  revokeTokens(): void;
  /** Closes the listening server and every socket, then listens again on the same port. */
  restart(): Promise<void>;
  /** Delays every reply to an order command (and REST reply) by `ms`; 0 turns it off. */
  delayReplies(ms: number): void;
  /** While on, every new order is rejected with the venue's documented rejection. */
  rejectOrders(on: boolean): void;
  /** While on, the next request of a kind that can fail internally answers the venue's internal error. */
  failInternally(on: boolean): void;
}

export interface VenueSimulatorHandle<Descriptor> {
  /** What a client needs to connect: URLs on 127.0.0.1 and demo credentials (the CLI prints it). */
  readonly descriptor: Descriptor;
  readonly faults: SimFaults;
  /** Markets by the venue's own symbol. */
  readonly markets: ReadonlyMap<string, SimMarket>;
  close(): Promise<void>;
}

/** Options every venue simulator's start function takes (plus venue-specific extras). */
export interface VenueSimulatorOptions {
  /** Default 127.0.0.1; simulators never listen on other interfaces. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Seed for the market generator and generated ids; default 1. */
  seed?: number;
  /** Level updates per second across this venue's markets; 0 starts no timer (tests call generator.step). */
  rate?: number;
  /** Supply a generator to share or drive it from a test; otherwise the simulator builds one from its default specs. */
  generator?: MarketGenerator;
  /** Shared reference prices, so the same instrument on several simulators moves together. */
  reference?: ReferencePriceSource;
}
