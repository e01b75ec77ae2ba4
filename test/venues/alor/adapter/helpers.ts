// Test rig for the ALOR adapter: the simulator with a generator the test drives, the real engine
// (pure API) as the market-data sink, and bounded waits for events.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { formatScaled } from '../../../../shared/decimal';
import { Engine } from '../../../../electron/engine/engine';
import type { EngineEvent } from '../../../../electron/engine/protocol';
import {
  createAlorAdapter,
  type AlorAdapter,
  type AlorAdapterOptions,
} from '../../../../electron/venues/alor/adapter/alor-adapter';
import {
  alorSimMarketSpecs,
  startAlorSimulator,
  type AlorSimulatorOptions,
} from '../../../../electron/venues/alor/sim/alor-simulator';
import type {
  MarketDataSink,
  OrderSide,
  OrderType,
  PlaceOrderRequest,
  VenueConnectionStatus,
  VenueFill,
  VenueOrderUpdate,
  VenuePosition,
  VenueTrade,
} from '../../../../electron/venues/common/adapter';
import { createMarketGenerator } from '../../../../electron/venues/simkit';
import type { MarketGenerator } from '../../../../electron/venues/simkit/types';

export const DEPTH = 10;

export interface Rig {
  sim: Awaited<ReturnType<typeof startAlorSimulator>>;
  generator: MarketGenerator;
  engine: Engine;
  engineEvents: EngineEvent[];
  adapter: AlorAdapter;
  statuses: VenueConnectionStatus[];
  orders: VenueOrderUpdate[];
  fills: VenueFill[];
  positions: VenuePosition[];
  trades: VenueTrade[];
  sinkCalls: { resets: string[]; binds: string[] };
  close(): Promise<void>;
}

const rigs: Rig[] = [];

export async function closeRigs(): Promise<void> {
  for (const r of rigs.splice(0)) await r.close();
}

export async function startRig(
  opts: {
    sim?: Partial<AlorSimulatorOptions>;
    adapter?: Partial<AlorAdapterOptions>;
    rate?: number;
    connect?: boolean;
  } = {},
): Promise<Rig> {
  const generator = createMarketGenerator(alorSimMarketSpecs, {
    seed: 11,
    levelUpdatesPerSecond: opts.rate ?? 0,
  });
  const sim = await startAlorSimulator({ seed: 11, rate: 0, generator, ...opts.sim });
  if ((opts.rate ?? 0) > 0) generator.start();
  const engineEvents: EngineEvent[] = [];
  const engine = new Engine((e) => engineEvents.push(e));
  const trades: VenueTrade[] = [];
  const sinkCalls = { resets: [] as string[], binds: [] as string[] };
  const sink: MarketDataSink = {
    frame: (venue, text, receivedAt) => engine.handle({ type: 'frame', venue, text, receivedAt }),
    bindStream: (venue, key, market) => {
      sinkCalls.binds.push(market);
      engine.handle({ type: 'bindStream', venue, key, market });
    },
    unbindStream: (venue, key) => engine.handle({ type: 'unbindStream', venue, key }),
    resetBook: (venue, market) => {
      sinkCalls.resets.push(market);
      engine.handle({ type: 'resetBook', venue, market });
    },
    trade: (t) => {
      trades.push(t);
      engine.handle({ type: 'trade', trade: t });
    },
  };
  const d = sim.descriptor;
  const adapter = createAlorAdapter({
    wsUrl: d.ws,
    cwsUrl: d.cws,
    oauthUrl: d.oauth,
    apiUrl: d.api,
    refreshToken: d.refreshToken,
    portfolio: d.portfolio,
    sink,
    symbols: ['SBER', 'GAZP'],
    bookDepth: DEPTH,
    bookFrequencyMs: 25,
    bookStaleAfterMs: 60_000,
    commandTimeoutMs: 5_000,
    httpTimeoutMs: 3_000,
    backoff: { initialMs: 50, maxMs: 400 },
    authBackoff: { initialMs: 300, maxMs: 2_000 },
    ...opts.adapter,
  });
  const rig: Rig = {
    sim,
    generator,
    engine,
    engineEvents,
    adapter,
    statuses: [],
    orders: [],
    fills: [],
    positions: [],
    trades,
    sinkCalls,
    close: async () => {
      generator.stop();
      await adapter.disconnect();
      await sim.close();
    },
  };
  adapter.on('status', (s) => rig.statuses.push(s));
  adapter.on('order', (o) => rig.orders.push(o));
  adapter.on('fill', (f) => rig.fills.push(f));
  adapter.on('position', (p) => rig.positions.push(p));
  rigs.push(rig);
  if (opts.connect !== false) {
    await adapter.connect();
    defineMarkets(rig);
  }
  return rig;
}

export function defineMarkets(rig: Rig): void {
  for (const m of rig.adapter.markets()) {
    if (rig.engine.getBook('alor', m.market)) continue;
    rig.engine.handle({
      type: 'defineMarket',
      market: {
        venue: 'alor',
        market: m.market,
        priceDecimals: m.priceDecimals,
        sizeDecimals: m.sizeDecimals,
        tickSize: m.tickSize,
      },
    });
  }
}

/** Polls until `check` returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 8_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

export const state = (rig: Rig) => rig.statuses.at(-1)?.state;

export function waitState(rig: Rig, s: VenueConnectionStatus['state'], timeoutMs?: number): Promise<void> {
  return waitFor(`state ${s} (now ${state(rig)})`, () => state(rig) === s, timeoutMs);
}

/** The engine's book for a market vs the simulator's own book, as price→size lists. */
export function books(rig: Rig, market: string) {
  const book = rig.engine.getBook('alor', market);
  const units = book?.spec.tickUnits ?? 1;
  const side = (isBid: boolean) => {
    const out: [number, number][] = [];
    (isBid ? book?.bids : book?.asks)?.forEach((t: number, s: number) => {
      out.push([t * units, s]);
      return true;
    });
    return out;
  };
  const snap = rig.sim.markets.get(market)!.snapshot(DEPTH);
  return {
    ours: { bids: side(true), asks: side(false) },
    theirs: { bids: snap.bids.map((l) => [l.price, l.size]), asks: snap.asks.map((l) => [l.price, l.size]) },
  };
}

export async function expectBookMatches(rig: Rig, market = 'SBER'): Promise<void> {
  await waitFor(`${market} book to equal the simulator's`, () => {
    const b = books(rig, market);
    return b.ours.bids.length > 0 && JSON.stringify(b.ours) === JSON.stringify(b.theirs);
  }).catch((err: Error) => {
    const b = books(rig, market);
    expect(b.ours, err.message).toEqual(b.theirs);
  });
}

/** Decimal price at `ticksAway` from the simulator's best bid (negative) or ask (positive). */
export function priceFrom(rig: Rig, market: string, side: 'bid' | 'ask', ticksAway: number): string {
  const snap = rig.sim.markets.get(market)!.snapshot(1);
  const best = side === 'bid' ? snap.bids[0]!.price : snap.asks[0]!.price;
  const spec = rig.sim.markets.get(market)!.spec;
  return formatScaled(best + ticksAway * spec.tickSize, spec.priceDecimals);
}

export function order(
  rig: Rig,
  o: {
    side: OrderSide;
    type: OrderType;
    size?: string;
    price?: string;
    stopPrice?: string;
    market?: string;
    tif?: PlaceOrderRequest['timeInForce'];
  },
): PlaceOrderRequest {
  const clientOrderId = randomUUID();
  return {
    clientOrderId,
    idempotencyKey: rig.adapter.idempotencyKeyFor(clientOrderId),
    market: o.market ?? 'SBER',
    side: o.side,
    type: o.type,
    size: o.size ?? '1',
    ...(o.price ? { price: o.price } : {}),
    ...(o.stopPrice ? { stopPrice: o.stopPrice } : {}),
    timeInForce: o.tif ?? (o.type === 'market' ? 'IOC' : 'DAY'),
  };
}

/** Our orders resting in the simulator's market (its own truth). */
export const simOrders = (rig: Rig, market = 'SBER') =>
  rig.sim.markets.get(market)!.orders(rig.sim.descriptor.portfolio);
