// Test rig: the Finery simulator driven by step(), our adapter, and the engine's pure API as the
// sink, so "the adapter-fed book equals the simulator's own book" is checked end to end.
import { randomUUID } from 'node:crypto';
import { Engine } from '../../../../electron/engine/engine';
import type { EngineEvent } from '../../../../electron/engine/protocol';
import type {
  MarketDataSink,
  PlaceOrderRequest,
  VenueConnectionStatus,
  VenueFill,
  VenueOrderUpdate,
  VenuePosition,
} from '../../../../electron/venues/common/adapter';
import {
  createFineryAdapter,
  type FineryAdapter,
} from '../../../../electron/venues/finery/adapter/finery-adapter';
import type { FineryAdapterOptions } from '../../../../electron/venues/finery/adapter/options';
import {
  finerySimMarketSpecs,
  startFinerySimulator,
  type FinerySimHandle,
  type FinerySimulatorOptions,
} from '../../../../electron/venues/finery/sim/finery-simulator';
import { createMarketGenerator } from '../../../../electron/venues/simkit';
import type { MarketGenerator } from '../../../../electron/venues/simkit/types';

export interface BookView {
  state: string | undefined;
  bids: [number, number][];
  asks: [number, number][];
}

export interface Rig {
  sim: FinerySimHandle;
  gen: MarketGenerator;
  adapter: FineryAdapter;
  engine: Engine;
  engineEvents: EngineEvent[];
  statuses: VenueConnectionStatus[];
  orders: VenueOrderUpdate[];
  fills: VenueFill[];
  positions: VenuePosition[];
  sinkCalls: string[];
  /** Resolves when pred holds, polling; rejects with `what` after ms. */
  until(pred: () => boolean, what: string, ms?: number): Promise<void>;
  /** Waits for a status event (after index `from`) in the given state. */
  status(state: VenueConnectionStatus['state'], from?: number, ms?: number): Promise<VenueConnectionStatus>;
  /** The engine's top-N levels for a market vs the simulator's own snapshot, both as wire integers. */
  books(market: string, depth?: number): { ours: BookView; theirs: BookView };
  close(): Promise<void>;
}

export async function startRig(
  simOptions: FinerySimulatorOptions = {},
  adapterOptions: Partial<FineryAdapterOptions> = {},
): Promise<Rig> {
  const gen = createMarketGenerator(finerySimMarketSpecs, { seed: 7, levelUpdatesPerSecond: 0 });
  const sim = await startFinerySimulator({ generator: gen, ...simOptions });
  const engineEvents: EngineEvent[] = [];
  const engine = new Engine((e) => engineEvents.push(e));
  const defined = new Set<string>();
  const sinkCalls: string[] = [];
  const sink: MarketDataSink = {
    frame: (venue, text, receivedAt) => engine.handle({ type: 'frame', venue, text, receivedAt }),
    bindStream: () => undefined,
    unbindStream: () => undefined,
    resetBook: (venue, market) => {
      sinkCalls.push(`reset:${market}`);
      if (defined.has(market)) engine.handle({ type: 'resetBook', venue, market });
    },
    trade: () => undefined,
  };
  const adapter = createFineryAdapter({
    wsUrl: sim.descriptor.ws,
    restUrl: sim.descriptor.rest,
    key: sim.descriptor.key,
    secret: sim.descriptor.secret,
    sink,
    backoff: { initialMs: 20, maxMs: 200 },
    replyTimeoutMs: 2000,
    orderTimeoutMs: 8000,
    ...adapterOptions,
  });
  const statuses: VenueConnectionStatus[] = [];
  const orders: VenueOrderUpdate[] = [];
  const fills: VenueFill[] = [];
  const positions: VenuePosition[] = [];
  adapter.on('status', (s) => statuses.push(s));
  adapter.on('order', (o) => orders.push(o));
  adapter.on('fill', (f) => fills.push(f));
  adapter.on('position', (p) => positions.push(p));

  const until = async (pred: () => boolean, what: string, ms = 5000): Promise<void> => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end)
        throw new Error(`timed out waiting for ${what}; last status ${JSON.stringify(statuses.at(-1))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  const rig: Rig = {
    sim,
    gen,
    adapter,
    engine,
    engineEvents,
    statuses,
    orders,
    fills,
    positions,
    sinkCalls,
    until,
    async status(state, from = 0, ms = 5000) {
      let hit: VenueConnectionStatus | undefined;
      await until(
        () => (hit = statuses.slice(from).find((s) => s.state === state)) !== undefined,
        `status ${state}`,
        ms,
      );
      return hit!;
    },
    books(market, depth = 25) {
      const book = engine.getBook('finery', market);
      const info = adapter.markets().find((m) => m.market === market)!;
      const tick = Number(info.tickSize) * 1e8;
      const lot = Number(info.lotSize) * 1e8;
      const side = (isBid: boolean) => {
        const out: [number, number][] = [];
        (isBid ? book!.bids : book!.asks).forEach((t, s) => {
          out.push([t * tick, s * lot]);
          return out.length < depth;
        });
        return out;
      };
      const snap = sim.markets.get(market)!.snapshot(depth);
      return {
        ours: { state: book?.state, bids: side(true), asks: side(false) },
        theirs: {
          state: 'live',
          bids: snap.bids.map((l): [number, number] => [l.price, l.size]),
          asks: snap.asks.map((l): [number, number] => [l.price, l.size]),
        },
      };
    },
    async close() {
      await adapter.disconnect();
      await sim.close();
    },
  };
  return rig;
}

/** Connects, defines the engine markets from markets(), subscribes and waits for live. */
export async function connectAndSubscribe(rig: Rig, markets: string[] = ['BTC-USD']): Promise<void> {
  await rig.adapter.connect();
  for (const m of rig.adapter.markets()) {
    rig.engine.handle({
      type: 'defineMarket',
      market: {
        venue: 'finery',
        market: m.market,
        canonical: m.canonical,
        priceDecimals: m.priceDecimals,
        sizeDecimals: m.sizeDecimals,
        tickSize: m.tickSize,
      },
    });
  }
  for (const m of markets) rig.adapter.subscribeMarket(m);
  await rig.until(
    () =>
      markets.every((m) => rig.engine.getBook('finery', m)?.state === 'live') &&
      rig.adapter.currentStatus().state === 'live',
    'books live',
  );
}

export function order(rig: Rig, over: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest {
  const clientOrderId = over.clientOrderId ?? randomUUID();
  return {
    clientOrderId,
    idempotencyKey: rig.adapter.idempotencyKeyFor(clientOrderId),
    market: 'BTC-USD',
    side: 'buy',
    type: 'limit',
    size: '0.01',
    price: '50000',
    timeInForce: 'GTC',
    ...over,
  };
}
