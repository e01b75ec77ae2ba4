// Drives SimMarkets: step(n) for tests, a timer for real time. Updates go round-robin over the
// markets, each of which has its own PRNG stream derived from (seed, symbol): a market's history
// depends only on the seed, its symbol, how many updates it has had and what our orders did.
//
// Real-time pacing: each timer tick runs the updates owed since the previous tick
// (rate * elapsed, fractional remainder carried over), which is ceil(rate * tick) per tick on
// average yet exact over time even when timers fire late. A backlog is capped at 100 ms of
// updates so a stalled event loop does not answer with a huge burst.
//
// A simulator sends what one tick changed as one message per market, so a price touched twice in
// a tick goes out once. Unless the caller fixes the tick, it shrinks as the rate grows (to 1 ms)
// so a tick holds a few updates per market and fewer are merged away: of 100,000 generated
// updates/s about a quarter reached the wire at 10 ms, over half at 1 ms.

import { createLogger } from '../../base/log';
import { epochNs } from './clock';
import { MarketFlow } from './flow';
import { SimMarketImpl } from './market';
import { Prng, deriveSeed } from './prng';
import type { MarketGenerator, MarketGeneratorOptions, SimMarket, SimMarketSpec } from './types';

const log = createLogger('simkit');
const MAX_BACKLOG_S = 0.1;
const MAX_TICK_MS = 10;
/** Updates per market per tick the automatic tick aims for. */
const UPDATES_PER_MARKET_TICK = 4;

/** The tick that keeps a tick's batch near UPDATES_PER_MARKET_TICK per market: 1..10 ms. */
export function autoTickMs(levelUpdatesPerSecond: number, markets: number): number {
  if (levelUpdatesPerSecond <= 0 || markets <= 0) return MAX_TICK_MS;
  const ms = Math.floor((UPDATES_PER_MARKET_TICK * markets * 1000) / levelUpdatesPerSecond);
  return Math.min(MAX_TICK_MS, Math.max(1, ms));
}

export function createMarketGenerator(
  specs: SimMarketSpec[],
  options: MarketGeneratorOptions,
): MarketGenerator {
  if (!Array.isArray(specs)) throw new TypeError('createMarketGenerator: specs must be an array');
  if (!options || typeof options !== 'object')
    throw new TypeError('createMarketGenerator: options are required');
  if (!Number.isFinite(options.seed))
    throw new RangeError(`createMarketGenerator: seed must be a finite number, got ${options.seed}`);
  checkRate(options.levelUpdatesPerSecond);
  const fixedTickMs = options.tickMs;
  if (fixedTickMs !== undefined && (!Number.isFinite(fixedTickMs) || fixedTickMs < 1))
    throw new RangeError(`createMarketGenerator: tickMs must be >= 1, got ${fixedTickMs}`);
  const clock = options.clock ?? epochNs;
  const flows: MarketFlow[] = [];
  const markets = new Map<string, SimMarket>();
  for (const spec of specs) {
    checkSpec(spec);
    if (markets.has(spec.symbol))
      throw new Error(`createMarketGenerator: duplicate market symbol ${spec.symbol}`);
    const market = new SimMarketImpl({ ...spec }, clock);
    const anchor =
      spec.anchor && options.reference ? { source: options.reference, key: spec.anchor } : undefined;
    const flow = new MarketFlow(market, new Prng(deriveSeed(Math.trunc(options.seed), spec.symbol)), anchor);
    market.dispatch();
    flows.push(flow);
    markets.set(spec.symbol, market);
  }
  return new Generator(flows, markets, options.levelUpdatesPerSecond, fixedTickMs);
}

class Generator implements MarketGenerator {
  readonly markets: ReadonlyMap<string, SimMarket>;
  private readonly flows: MarketFlow[];
  private readonly fixedTickMs: number | undefined;
  private rate: number;
  private cursor = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerMs = 0;
  private last = 0;
  private owed = 0;

  constructor(
    flows: MarketFlow[],
    markets: ReadonlyMap<string, SimMarket>,
    rate: number,
    fixedTickMs: number | undefined,
  ) {
    this.flows = flows;
    this.markets = markets;
    this.rate = rate;
    this.fixedTickMs = fixedTickMs;
  }

  get tickMs(): number {
    return this.fixedTickMs ?? autoTickMs(this.rate, this.flows.length);
  }

  start(): void {
    if (this.timer) return;
    this.last = performance.now();
    this.owed = 0;
    this.arm();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  setRate(levelUpdatesPerSecond: number): void {
    checkRate(levelUpdatesPerSecond);
    this.rate = levelUpdatesPerSecond;
    if (this.timer && this.timerMs !== this.tickMs) {
      clearInterval(this.timer);
      this.arm();
    }
  }

  private arm(): void {
    this.timerMs = this.tickMs;
    this.timer = setInterval(() => this.tick(), this.timerMs);
    // The generator never keeps a process alive on its own; the simulators' servers do.
    this.timer.unref();
  }

  step(levelUpdates: number): void {
    if (!Number.isSafeInteger(levelUpdates) || levelUpdates < 0) {
      throw new RangeError(`step: levelUpdates must be a non-negative integer, got ${levelUpdates}`);
    }
    const flows = this.flows;
    if (flows.length === 0 || levelUpdates === 0) return;
    let cursor = this.cursor;
    for (let i = 0; i < levelUpdates; i++) {
      flows[cursor]!.update();
      if (++cursor === flows.length) cursor = 0;
    }
    this.cursor = cursor;
    for (const f of flows) f.market.dispatch();
  }

  private tick(): void {
    const now = performance.now();
    const elapsed = (now - this.last) / 1000;
    this.last = now;
    this.owed = Math.min(this.owed + this.rate * elapsed, this.rate * MAX_BACKLOG_S + 1);
    const n = Math.floor(this.owed);
    this.owed -= n;
    try {
      this.step(n);
    } catch (err) {
      log.error('market generator step failed', { error: err instanceof Error ? err : String(err) });
    }
  }
}

function checkRate(rate: number): void {
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) {
    throw new RangeError(`level update rate must be a finite number >= 0, got ${rate}`);
  }
}

function isCount(v: unknown, min: number): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
}

function checkSpec(spec: SimMarketSpec): void {
  const where = `market spec ${JSON.stringify(spec?.symbol)}`;
  if (!spec || typeof spec.symbol !== 'string' || spec.symbol === '')
    throw new TypeError('market spec needs a symbol');
  for (const key of ['priceDecimals', 'sizeDecimals'] as const) {
    if (!isCount(spec[key], 0) || spec[key] > 18)
      throw new RangeError(`${where}: ${key} must be an integer 0..18`);
  }
  for (const key of ['tickSize', 'lotSize', 'typicalLevelSize'] as const) {
    if (!isCount(spec[key], 1)) throw new RangeError(`${where}: ${key} must be a positive integer`);
  }
  if (!isCount(spec.depth, 1) || spec.depth > 10_000)
    throw new RangeError(`${where}: depth must be an integer 1..10000`);
  if (!isCount(spec.initialMid, 1) || spec.initialMid < 8 * spec.tickSize) {
    throw new RangeError(`${where}: initialMid must be an integer of at least 8 ticks`);
  }
  if (spec.initialMid > Number.MAX_SAFE_INTEGER / 8)
    throw new RangeError(`${where}: initialMid is too large`);
  if (spec.typicalLevelSize < spec.lotSize)
    throw new RangeError(`${where}: typicalLevelSize must be at least lotSize`);
}
