// Test rig: the Paxos simulator driven step by step, our adapter against it, and the engine's pure
// API as the market-data sink, so "the adapter-fed book equals the simulator's book" is checked on
// the real book code. Waits are bounded polls, never timing assertions.
import { Engine } from '../../../../electron/engine/engine';
import type { EngineEvent } from '../../../../electron/engine/protocol';
import type { Book } from '../../../../electron/book/book';
import type {
  MarketDataSink,
  VenueConnectionStatus,
  VenueFill,
  VenueOrderUpdate,
  VenueTrade,
} from '../../../../electron/venues/common/adapter';
import { createPaxosAdapter } from '../../../../electron/venues/paxos/adapter/paxos-adapter';
import type {
  PaxosAdapter,
  PaxosAdapterOptions,
  PaxosTiming,
} from '../../../../electron/venues/paxos/adapter/paxos-adapter';
import {
  paxosSimMarketSpecs,
  startPaxosSimulator,
} from '../../../../electron/venues/paxos/sim/paxos-simulator';
import type { PaxosSimulatorOptions } from '../../../../electron/venues/paxos/sim/paxos-simulator';
import { createMarketGenerator } from '../../../../electron/venues/simkit/index';
import type { MarketGenerator, SimMarket } from '../../../../electron/venues/simkit/index';
import { levelsOf } from '../../../engine/helpers';

export const PROFILE = '5d1c7a4e-0b7e-4c1e-9d0a-2f6f1b0c9e11';

/** Short bounds so recovery paths run in tests; each is still a real timer, never asserted on. */
export const FAST: Partial<PaxosTiming> = {
  requestTimeoutMs: 3000,
  handshakeTimeoutMs: 2000,
  heartbeatSilenceMs: 3000,
  marketSilenceMs: 60_000,
  reconnectInitialMs: 20,
  reconnectMaxMs: 200,
  authRetryInitialMs: 60_000,
  authRetryMaxMs: 60_000,
  pollIntervalMs: 50,
  resyncRetryMs: 1000,
  cancelConfirmMs: 1000,
};

export async function waitFor(pred: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export class EngineSink implements MarketDataSink {
  readonly engine: Engine;
  readonly events: EngineEvent[] = [];
  readonly trades: VenueTrade[] = [];
  resets = 0;
  adapter: PaxosAdapter | undefined;

  constructor() {
    this.engine = new Engine((e) => {
      this.events.push(e);
      // The host's wiring: an engine resync request goes back to the adapter (deferred, as it
      // would arrive from the worker).
      if (e.type === 'resync') queueMicrotask(() => this.adapter?.resyncMarket(e.market, e.reason));
    });
    for (const s of paxosSimMarketSpecs) {
      const tick = (s.tickSize / 10 ** s.priceDecimals).toFixed(s.priceDecimals);
      this.engine.handle({
        type: 'defineMarket',
        market: {
          venue: 'paxos',
          market: s.symbol,
          priceDecimals: s.priceDecimals,
          sizeDecimals: s.sizeDecimals,
          tickSize: tick,
        },
      });
    }
  }
  frame(venue: 'paxos', text: string, receivedAt: number): void {
    this.engine.handle({ type: 'frame', venue, text, receivedAt });
  }
  bindStream(): void {}
  unbindStream(): void {}
  resetBook(venue: 'paxos', market: string): void {
    this.resets++;
    this.engine.handle({ type: 'resetBook', venue, market });
  }
  trade(trade: VenueTrade): void {
    this.trades.push(trade);
    this.engine.handle({ type: 'trade', trade: { ...trade, venue: 'paxos' } });
  }
  book(market: string): Book {
    return this.engine.getBook('paxos', market)!;
  }
}

/** Top `depth` levels of the engine book in the simulator's scaled units, best first. */
export function engineTop(book: Book, depth: number): { bids: number[][]; asks: number[][] } {
  const tu = book.spec.tickUnits;
  const side = (isBid: boolean) =>
    levelsOf(book, isBid)
      .slice(0, depth)
      .map(([t, s]) => [t * tu, s]);
  return { bids: side(true), asks: side(false) };
}

export function simTop(market: SimMarket, depth: number): { bids: number[][]; asks: number[][] } {
  const s = market.snapshot(depth);
  return { bids: s.bids.map((l) => [l.price, l.size]), asks: s.asks.map((l) => [l.price, l.size]) };
}

export function sameBook(sink: EngineSink, market: SimMarket, depth = 10): boolean {
  const book = sink.book(market.spec.symbol);
  return (
    book.state === 'live' && JSON.stringify(engineTop(book, depth)) === JSON.stringify(simTop(market, depth))
  );
}

export interface Rig {
  sim: Awaited<ReturnType<typeof startPaxosSimulator>>;
  gen: MarketGenerator;
  sink: EngineSink;
  adapter: PaxosAdapter;
  statuses: VenueConnectionStatus[];
  orders: VenueOrderUpdate[];
  fills: VenueFill[];
  /** Drives the generator on a timer (for feeds that must keep flowing); returns a stopper. */
  flow(updatesPerTick?: number, everyMs?: number): () => void;
  close(): Promise<void>;
}

export async function rig(
  simOptions: PaxosSimulatorOptions = {},
  adapterOptions: Partial<PaxosAdapterOptions> = {},
): Promise<Rig> {
  const gen = createMarketGenerator(paxosSimMarketSpecs, {
    seed: simOptions.seed ?? 7,
    levelUpdatesPerSecond: 0,
  });
  const sim = await startPaxosSimulator({
    profileId: PROFILE,
    generator: gen,
    heartbeatIntervalMs: 100,
    ...simOptions,
  });
  const d = sim.descriptor;
  const sink = new EngineSink();
  const adapter = createPaxosAdapter({
    endpoints: { ws: d.ws, oauthToken: d.oauth, rest: d.rest },
    clientId: d.clientId,
    clientSecret: d.clientSecret,
    profileId: PROFILE,
    sink,
    ...adapterOptions,
    timing: { ...FAST, ...(adapterOptions.timing ?? {}) },
  });
  sink.adapter = adapter;
  const statuses: VenueConnectionStatus[] = [];
  const orders: VenueOrderUpdate[] = [];
  const fills: VenueFill[] = [];
  adapter.on('status', (s) => statuses.push(s));
  adapter.on('order', (u) => orders.push(u));
  adapter.on('fill', (f) => fills.push(f));
  const stoppers = new Set<() => void>();
  return {
    sim,
    gen,
    sink,
    adapter,
    statuses,
    orders,
    fills,
    flow(updatesPerTick = 4, everyMs = 10) {
      const t = setInterval(() => gen.step(updatesPerTick), everyMs);
      const stop = () => {
        clearInterval(t);
        stoppers.delete(stop);
      };
      stoppers.add(stop);
      return stop;
    },
    async close() {
      for (const s of [...stoppers]) s();
      await adapter.disconnect();
      await sim.close();
    },
  };
}

export const lastState = (r: Rig) => r.statuses.at(-1)?.state;

/** Connects, subscribes and waits until the adapter is live and the books equal the simulator's. */
export async function liveWith(r: Rig, markets: string[]): Promise<void> {
  for (const m of markets) r.adapter.subscribeMarket(m);
  await r.adapter.connect();
  await waitFor(() => lastState(r) === 'live', 5000, 'live');
  await booksMatch(
    r,
    markets.filter((m) => r.sim.markets.has(m)),
  );
}

export async function booksMatch(r: Rig, markets: string[], depth = 10): Promise<void> {
  await waitFor(
    () => markets.every((m) => sameBook(r.sink, r.sim.markets.get(m)!, depth)),
    5000,
    `books equal to the simulator (${markets.join(', ')})`,
  );
}
