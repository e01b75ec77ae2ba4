// One rig per venue for the cross-venue soak: the venue's simulator driven by a generator the test
// steps, our adapter against it, and the engine's pure API as the market-data sink (wired like the
// host: an engine 'resync' goes back to the adapter). The three builders differ only in what the
// venue needs; the soak drives all of them through the VenueRig shape.
import type { Engine } from '../../../electron/engine/engine';
import type { ConnectionState, VenueId } from '../../../shared/domain';
import { formatScaled, parseScaled } from '../../../shared/decimal';
import type {
  PlaceOrderRequest,
  VenueAdapter,
  VenueFill,
  VenueOrderUpdate,
} from '../../../electron/venues/common/adapter';
import { createPaxosAdapter } from '../../../electron/venues/paxos/adapter/paxos-adapter';
import { paxosSimMarketSpecs, startPaxosSimulator } from '../../../electron/venues/paxos/sim/paxos-simulator';
import { createFineryAdapter } from '../../../electron/venues/finery/adapter/finery-adapter';
import {
  finerySimMarketSpecs,
  startFinerySimulator,
} from '../../../electron/venues/finery/sim/finery-simulator';
import { createAlorAdapter } from '../../../electron/venues/alor/adapter/alor-adapter';
import { alorSimMarketSpecs, startAlorSimulator } from '../../../electron/venues/alor/sim/alor-simulator';
import { createMarketGenerator } from '../../../electron/venues/simkit';
import type { MarketGenerator, SimFaults, SimMarket } from '../../../electron/venues/simkit/types';
import { SoakSink, watchPlacements, type PlacedBySim } from './sink';

export type FaultKind = 'drop' | 'stall' | 'malformed' | 'expire' | 'restart' | 'delay' | 'reject';

/** Book silence after which each adapter calls a feed stale; stalls are sized from it. */
const SILENCE_MS = 600;

export interface VenueRig {
  venue: VenueId;
  faults: SimFaults;
  gen: MarketGenerator;
  simMarkets: ReadonlyMap<string, SimMarket>;
  adapter: VenueAdapter;
  engine: Engine;
  /** Subscribed markets, and the depth at which the venue's book is compared. */
  markets: string[];
  depth: number;
  /** The owner tag the simulator gives our orders in SimMarket. */
  owner: string;
  /** Every order the simulator's matching engine was asked to place for `owner`. */
  simPlacements: PlacedBySim[];
  venueIdOf(simId: string): string;
  faultKinds: FaultKind[];
  /** Stall length range: below the silence threshold only where the venue catches up on resume. */
  stallMs: [number, number];
  /** Reply delay range: the upper end is past the adapter's reply deadline, forcing resends. */
  delayMs: [number, number];
  status(): ConnectionState | undefined;
  /** Book resets the adapter asked the sink for (resubscribe, reconnect, gap). */
  resets(): number;
  updates: VenueOrderUpdate[];
  fills: VenueFill[];
  /** undefined when the engine book is live and equal to the simulator's top `depth`; else why not. */
  bookDiff(market: string): string | undefined;
  /** A resting (far from the touch) or marketable order of one small lot. */
  order(
    kind: 'resting' | 'marketable',
    market: string,
    side: 'buy' | 'sell',
    away: number,
    id: string,
  ): PlaceOrderRequest;
  startFlow(): void;
  stopFlow(): void;
  close(): Promise<void>;
}

interface Common {
  venue: VenueId;
  gen: MarketGenerator;
  faults: SimFaults;
  simMarkets: ReadonlyMap<string, SimMarket>;
  closeSim(): Promise<void>;
}

function assemble(
  c: Common,
  sink: SoakSink,
  adapter: VenueAdapter,
  extra: Pick<
    VenueRig,
    'markets' | 'depth' | 'owner' | 'venueIdOf' | 'faultKinds' | 'stallMs' | 'delayMs' | 'order'
  > & {
    /** Engine book levels → simulator units: [price per tick, size per engine unit]. */
    units(market: string, tickUnits: number): [number, number];
  },
): VenueRig {
  sink.adapter = adapter;
  const updates: VenueOrderUpdate[] = [];
  const fills: VenueFill[] = [];
  let last: ConnectionState | undefined;
  adapter.on('status', (s) => (last = s.state));
  adapter.on('order', (u) => updates.push(u));
  adapter.on('fill', (f) => fills.push(f));
  const simPlacements = watchPlacements(c.simMarkets, extra.owner);
  let flow: ReturnType<typeof setInterval> | undefined;
  return {
    venue: c.venue,
    faults: c.faults,
    gen: c.gen,
    simMarkets: c.simMarkets,
    adapter,
    engine: sink.engine,
    simPlacements,
    status: () => last,
    resets: () => sink.resets,
    updates,
    fills,
    ...extra,
    bookDiff(market) {
      const book = sink.engine.getBook(c.venue, market);
      if (!book) return 'no engine book';
      if (book.state !== 'live') return `engine book ${book.state}`;
      const [pu, su] = extra.units(market, book.spec.tickUnits);
      const side = (isBid: boolean) => {
        const out: number[][] = [];
        (isBid ? book.bids : book.asks).forEach((t, s) => {
          out.push([t * pu, s * su]);
          return out.length < extra.depth;
        });
        return out;
      };
      const ours = { bids: side(true), asks: side(false) };
      const snap = c.simMarkets.get(market)!.snapshot(extra.depth);
      const theirs = {
        bids: snap.bids.map((l) => [l.price, l.size]),
        asks: snap.asks.map((l) => [l.price, l.size]),
      };
      const a = JSON.stringify(ours);
      const b = JSON.stringify(theirs);
      return a === b ? undefined : `engine ${a}\n   sim ${b}`;
    },
    startFlow() {
      // ~200 level updates a second across the venue's markets: every subscribed book changes
      // many times within the silence threshold, so only a fault makes a feed go quiet.
      flow ??= setInterval(() => c.gen.step(4), 20);
    },
    stopFlow() {
      clearInterval(flow);
      flow = undefined;
    },
    async close() {
      clearInterval(flow);
      flow = undefined;
      await adapter.disconnect();
      await c.closeSim();
    },
  };
}

const px = (market: SimMarket, side: 'buy' | 'sell', ticks: number): number => {
  const top = market.top();
  const tick = market.spec.tickSize;
  // A buy priced off the bid rests below it; priced off the ask (as 'sell') it crosses by `ticks`.
  return side === 'buy' ? top.bid!.price - ticks * tick : top.ask!.price + ticks * tick;
};

export async function paxosRig(seed: number): Promise<VenueRig> {
  const gen = createMarketGenerator(paxosSimMarketSpecs, { seed, levelUpdatesPerSecond: 0 });
  const sim = await startPaxosSimulator({ seed, generator: gen, heartbeatIntervalMs: 100 });
  const d = sim.descriptor;
  const sink = new SoakSink('paxos');
  for (const s of paxosSimMarketSpecs) {
    sink.define({
      venue: 'paxos',
      market: s.symbol,
      canonical: s.symbol,
      priceDecimals: s.priceDecimals,
      sizeDecimals: s.sizeDecimals,
      tickSize: formatScaled(s.tickSize, s.priceDecimals),
      lotSize: formatScaled(s.lotSize, s.sizeDecimals),
    });
  }
  const adapter = createPaxosAdapter({
    endpoints: { ws: d.ws, oauthToken: d.oauth, rest: d.rest },
    clientId: d.clientId,
    clientSecret: d.clientSecret,
    profileId: d.profileId,
    sink,
    timing: {
      requestTimeoutMs: 1200,
      handshakeTimeoutMs: 2000,
      heartbeatSilenceMs: 2000,
      marketSilenceMs: SILENCE_MS,
      resyncRetryMs: 800,
      reconnectInitialMs: 20,
      reconnectMaxMs: 200,
      authRetryInitialMs: 200,
      authRetryMaxMs: 1000,
      pollIntervalMs: 150,
      cancelConfirmMs: 1000,
    },
  });
  const markets = ['BTCUSD', 'ETHUSD'];
  const rig = assemble(
    {
      venue: 'paxos',
      gen,
      faults: sim.faults,
      simMarkets: sim.markets,
      closeSim: () => sim.close(),
    },
    sink,
    adapter,
    {
      markets,
      depth: 10,
      owner: d.profileId,
      venueIdOf: (id) => id,
      faultKinds: ['drop', 'stall', 'malformed', 'expire', 'restart', 'delay', 'reject'],
      // Paxos drops the UPDATEs of a stall (feed.ts), so only a stall the adapter can notice is fair.
      stallMs: [2 * SILENCE_MS, 3 * SILENCE_MS],
      delayMs: [200, 1800],
      units: (_m, tickUnits) => [tickUnits, 1],
      order(kind, market, side, away, id) {
        const m = sim.markets.get(market)!;
        const price = kind === 'resting' ? px(m, side, away) : px(m, side === 'buy' ? 'sell' : 'buy', away);
        return {
          clientOrderId: id,
          idempotencyKey: adapter.idempotencyKeyFor(id),
          market,
          side,
          type: 'limit',
          size: market === 'BTCUSD' ? '0.001' : '0.01',
          price: formatScaled(price, m.spec.priceDecimals),
          timeInForce: kind === 'resting' ? 'GTC' : 'IOC',
        };
      },
    },
  );
  for (const m of markets) adapter.subscribeMarket(m);
  await adapter.connect();
  return rig;
}

export async function fineryRig(seed: number): Promise<VenueRig> {
  const gen = createMarketGenerator(finerySimMarketSpecs, { seed, levelUpdatesPerSecond: 0 });
  const sim = await startFinerySimulator({ seed, generator: gen });
  const d = sim.descriptor;
  const sink = new SoakSink('finery');
  const adapter = createFineryAdapter({
    wsUrl: d.ws,
    restUrl: d.rest,
    key: d.key,
    secret: d.secret,
    sink,
    backoff: { initialMs: 20, maxMs: 200 },
    replyTimeoutMs: 1200,
    orderTimeoutMs: 8000,
    bookSilenceMs: SILENCE_MS,
    authRetryMs: 2000,
  });
  const markets = ['BTC-USD', 'ETH-USD'];
  await adapter.connect();
  for (const info of adapter.markets()) sink.define(info);
  const info = (m: string) => adapter.markets().find((i) => i.market === m)!;
  const rig = assemble(
    {
      venue: 'finery',
      gen,
      faults: sim.faults,
      simMarkets: sim.markets,
      closeSim: () => sim.close(),
    },
    sink,
    adapter,
    {
      markets,
      depth: 25,
      owner: 'finery',
      // The simulator's SimMarket id is `<account>-<order id>`; the venue order id is the number.
      venueIdOf: (id) => id.slice(id.lastIndexOf('-') + 1),
      // Finery API keys do not expire (reference §11), so no token fault here.
      faultKinds: ['drop', 'stall', 'malformed', 'restart', 'delay', 'reject'],
      // A stalled Finery feed catches up on resume, so short stalls are fair too.
      stallMs: [200, 3 * SILENCE_MS],
      delayMs: [200, 1800],
      units: (m) => [parseScaled(info(m).tickSize, 8), parseScaled(info(m).lotSize, 8)],
      order(kind, market, side, away, id) {
        const m = sim.markets.get(market)!;
        const size = market === 'BTC-USD' ? '0.01' : '0.1';
        const base = { clientOrderId: id, idempotencyKey: adapter.idempotencyKeyFor(id), market, side, size };
        if (kind === 'marketable') return { ...base, type: 'market', timeInForce: 'IOC' };
        return {
          ...base,
          type: 'limit',
          price: formatScaled(px(m, side, away), 8),
          timeInForce: 'GTC',
        };
      },
    },
  );
  for (const m of markets) adapter.subscribeMarket(m);
  return rig;
}

export async function alorRig(seed: number): Promise<VenueRig> {
  const gen = createMarketGenerator(alorSimMarketSpecs, { seed, levelUpdatesPerSecond: 0 });
  const sim = await startAlorSimulator({ seed, rate: 0, generator: gen });
  const d = sim.descriptor;
  const sink = new SoakSink('alor');
  const depth = 10;
  const adapter = createAlorAdapter({
    wsUrl: d.ws,
    cwsUrl: d.cws,
    oauthUrl: d.oauth,
    apiUrl: d.api,
    refreshToken: d.refreshToken,
    portfolio: d.portfolio,
    sink,
    symbols: ['SBER', 'GAZP'],
    bookDepth: depth,
    bookFrequencyMs: 25,
    bookStaleAfterMs: SILENCE_MS,
    commandTimeoutMs: 1200,
    httpTimeoutMs: 1200,
    backoff: { initialMs: 50, maxMs: 400 },
    authBackoff: { initialMs: 100, maxMs: 1000 },
  });
  const markets = ['SBER', 'GAZP'];
  await adapter.connect();
  for (const info of adapter.markets()) sink.define(info);
  const rig = assemble(
    {
      venue: 'alor',
      gen,
      faults: sim.faults,
      simMarkets: sim.markets,
      closeSim: () => sim.close(),
    },
    sink,
    adapter,
    {
      markets,
      depth,
      owner: d.portfolio,
      venueIdOf: (id) => id,
      faultKinds: ['drop', 'stall', 'malformed', 'expire', 'restart', 'delay', 'reject'],
      // The ALOR simulator holds a stalled book and sends the current one on resume.
      stallMs: [200, 3 * SILENCE_MS],
      delayMs: [200, 1800],
      units: (_m, tickUnits) => [tickUnits, 1],
      order(kind, market, side, away, id) {
        const m = sim.markets.get(market)!;
        const base = {
          clientOrderId: id,
          idempotencyKey: adapter.idempotencyKeyFor(id),
          market,
          side,
          size: '1',
        };
        if (kind === 'marketable') return { ...base, type: 'market', timeInForce: 'IOC' };
        return {
          ...base,
          type: 'limit',
          price: formatScaled(px(m, side, away), m.spec.priceDecimals),
          timeInForce: 'DAY',
        };
      },
    },
  );
  for (const m of markets) adapter.subscribeMarket(m);
  return rig;
}
