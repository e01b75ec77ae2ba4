// The broker side of the simulator: one client portfolio's orders, trades and positions on top of
// the shared SimMarkets, plus ALOR's conditional (stop / stop-limit) orders, which live at the
// broker until the last price meets their condition. Everything here is scaled integers; the /ws
// renderers turn records into ALOR's wire shapes. Sizes are lots (the markets trade in lots).
import type {
  PlaceResult,
  SimFill,
  SimMarket,
  SimOrderState,
  SimTrade,
  Side,
  TimeInForce,
} from '../../simkit/types';
import { idEpoch } from '../../simkit/ids';
import type { AlorCondition, AlorOrderStatus, AlorTimeInForce } from '../wire/alor-wire';
import { alorInstrumentBySymbol, type AlorInstrument } from './specs';
import { StopBook, type StopRecord, type StopParams } from './stops';

export interface OrderRecord {
  id: string;
  instrument: AlorInstrument;
  portfolio: string;
  comment: string | null;
  type: 'limit' | 'market';
  side: Side;
  status: AlorOrderStatus;
  transTimeMs: number;
  updateTimeMs: number;
  endTimeMs: number | null;
  qty: number;
  filled: number;
  /** Scaled; 0 for market orders as ALOR reports them. */
  price: number;
  timeInForce: AlorTimeInForce;
  icebergFixed: number | null;
}

export interface TradeRecord {
  id: string;
  orderId: string;
  instrument: AlorInstrument;
  portfolio: string;
  comment: string | null;
  side: Side;
  qty: number;
  price: number;
  timeMs: number;
}

export interface PositionRecord {
  portfolio: string;
  /** undefined for the money (RUB) position. */
  instrument?: AlorInstrument;
  /** Lots (signed) for instruments; kopecks for money. */
  qty: number;
  /** |qty| × average price, scaled at the instrument's price decimals. */
  cost: number;
  /** Last price, scaled (instrument positions). */
  last: number;
}

export interface PublicTrade {
  id: number;
  symbol: string;
  price: number;
  qty: number;
  side: Side;
  timeMs: number;
}

export interface MarketStats {
  last: number;
  lastTimeMs: number;
  open: number;
  high: number;
  low: number;
  volume: number;
}

export interface NewOrderParams {
  instrument: AlorInstrument;
  type: 'limit' | 'market';
  side: Side;
  qty: number;
  price: number;
  timeInForce: AlorTimeInForce;
  comment: string | null;
  icebergFixed: number | null;
}

export type BrokerResult =
  { ok: true; orderNumber: string } | { ok: false; httpCode: number; message: string };

const TRADE_HISTORY = 5000;
export const START_CASH_KOPECKS = 1_000_000_00;

export const toMs = (ns: bigint) => Number(ns / 1_000_000n);

type Listener<T> = (value: T) => void;

export class Broker {
  readonly orders = new Map<string, OrderRecord>();
  readonly trades: TradeRecord[] = [];
  readonly positions = new Map<string, PositionRecord>();
  readonly stops: StopBook;
  private readonly publicTrades = new Map<string, PublicTrade[]>();
  private readonly stopsDue = new Set<string>();
  private readonly stats = new Map<string, MarketStats>();
  private readonly seenFills = new Set<string>();
  private readonly orderListeners = new Set<Listener<OrderRecord>>();
  private readonly tradeListeners = new Set<Listener<TradeRecord>>();
  private readonly positionListeners = new Set<Listener<PositionRecord>>();
  private readonly publicTradeListeners = new Set<Listener<PublicTrade>>();
  private readonly unsubscribers: (() => void)[] = [];
  private nextOrderId: number;
  /** Public trade ids look like MOEX trade numbers; our fills carry the same number. */
  private readonly tradeIdBase = idEpoch();

  constructor(
    readonly markets: ReadonlyMap<string, SimMarket>,
    readonly portfolio: string,
  ) {
    // Order and trade numbers are never reused across simulator starts, as the exchange's are not.
    this.nextOrderId = idEpoch() + 1;
    this.positions.set('RUB', { portfolio, qty: START_CASH_KOPECKS, cost: START_CASH_KOPECKS, last: 100 });
    this.stops = new StopBook({
      newId: () => this.newId(),
      stats: (symbol) => this.stats.get(symbol),
      place: (p) => this.createOrder(p),
    });
    for (const [symbol, market] of markets) {
      const instrument = alorInstrumentBySymbol.get(symbol);
      if (!instrument) continue;
      this.publicTrades.set(symbol, []);
      const p = instrument.prevClose;
      this.stats.set(symbol, { last: p, lastTimeMs: Date.now(), open: p, high: p, low: p, volume: 0 });
      this.unsubscribers.push(market.onTrade((t) => this.onMarketTrade(symbol, t)));
      this.unsubscribers.push(
        market.onOrderEvent((e) => {
          if (e.kind === 'fill') this.applyFill(e.fill);
          this.syncOrder(e.order);
        }),
      );
    }
  }

  close(): void {
    for (const u of this.unsubscribers.splice(0)) u();
    this.stops.close();
  }

  newId(): string {
    return String(this.nextOrderId++);
  }

  marketStats(symbol: string): MarketStats | undefined {
    return this.stats.get(symbol);
  }

  recentTrades(symbol: string, count: number): PublicTrade[] {
    const list = this.publicTrades.get(symbol) ?? [];
    return count > 0 ? list.slice(-Math.min(count, TRADE_HISTORY)) : [];
  }

  onOrder(l: Listener<OrderRecord>): () => void {
    return add(this.orderListeners, l);
  }
  onTrade(l: Listener<TradeRecord>): () => void {
    return add(this.tradeListeners, l);
  }
  onPosition(l: Listener<PositionRecord>): () => void {
    return add(this.positionListeners, l);
  }
  onPublicTrade(l: Listener<PublicTrade>): () => void {
    return add(this.publicTradeListeners, l);
  }
  onStop(l: Listener<StopRecord>): () => void {
    return this.stops.onChange(l);
  }

  createOrder(p: NewOrderParams, id = this.newId()): BrokerResult {
    const market = this.markets.get(p.instrument.symbol);
    if (!market) return { ok: false, httpCode: 400, message: `Unknown instrument ${p.instrument.symbol}` };
    const now = Date.now();
    const record: OrderRecord = {
      id,
      instrument: p.instrument,
      portfolio: this.portfolio,
      comment: p.comment,
      type: p.type,
      side: p.side,
      status: 'working',
      transTimeMs: now,
      updateTimeMs: now,
      endTimeMs: p.timeInForce === 'oneday' || p.timeInForce === 'bookorcancel' ? endOfDayMs(now) : null,
      qty: p.qty,
      filled: 0,
      price: p.type === 'market' ? 0 : p.price,
      timeInForce: p.timeInForce,
      icebergFixed: p.icebergFixed,
    };
    let result: PlaceResult;
    try {
      result = market.place({
        orderId: id,
        side: p.side,
        type: p.type,
        ...(p.type === 'limit' ? { price: p.price } : {}),
        size: p.qty,
        timeInForce: simTimeInForce(p.type, p.timeInForce),
        postOnly: p.timeInForce === 'bookorcancel',
        owner: this.portfolio,
      });
    } catch (err) {
      return { ok: false, httpCode: 400, message: err instanceof Error ? err.message : 'Invalid order' };
    }
    const state = result.order;
    if (
      state.status === 'rejected' &&
      (state.rejectReason === 'invalid_price' || state.rejectReason === 'invalid_size')
    ) {
      return {
        ok: false,
        httpCode: 400,
        message: state.rejectReason === 'invalid_price' ? 'Invalid price' : 'Invalid or unsupported quantity',
      };
    }
    this.orders.set(id, record);
    // The exchange accepts the order first; fills and the final state follow as separate updates,
    // which is what a client subscribed to orders sees on ALOR.
    this.emit(this.orderListeners, { ...record });
    for (const fill of result.fills) this.applyFill(fill);
    this.syncOrder(state);
    return { ok: true, orderNumber: id };
  }

  /** Cancels a working order; the record goes to `canceled`. */
  cancelOrder(id: string): BrokerResult {
    const record = this.orders.get(id);
    if (!record) return { ok: false, httpCode: 400, message: `Order ${id} not found` };
    if (record.status !== 'working')
      return { ok: false, httpCode: 400, message: `Order ${id} is already ${record.status}` };
    const market = this.markets.get(record.instrument.symbol);
    const state = market?.cancel(id);
    if (!state || 'error' in state) {
      return { ok: false, httpCode: 400, message: `Order ${id} cannot be canceled` };
    }
    this.syncOrder(state);
    return { ok: true, orderNumber: id };
  }

  /**
   * update:* on ALOR is an exchange replace. Whether the number survives is an open question
   * (alor.md §3.6, README open question 2); the reference infers MOEX replace yields a new number
   * and tells clients to read `orderNumber` from the reply, so that is what happens here: the old
   * order is canceled and a new one with a fresh number carries the new parameters.
   */
  replaceOrder(id: string, p: NewOrderParams): BrokerResult {
    const record = this.orders.get(id);
    if (!record) return { ok: false, httpCode: 400, message: `Order ${id} not found` };
    if (record.status !== 'working')
      return { ok: false, httpCode: 400, message: `Order ${id} is already ${record.status}` };
    if (record.instrument.symbol !== p.instrument.symbol) {
      return { ok: false, httpCode: 400, message: 'The instrument of an order cannot be changed' };
    }
    const cancelled = this.cancelOrder(id);
    if (!cancelled.ok) return cancelled;
    return this.createOrder(p);
  }

  createStop(p: StopParams): BrokerResult {
    if (!this.markets.has(p.instrument.symbol))
      return { ok: false, httpCode: 400, message: `Unknown instrument ${p.instrument.symbol}` };
    return { ok: true, orderNumber: this.stops.create(p, this.portfolio).id };
  }

  cancelStop(id: string): BrokerResult {
    return this.stops.cancel(id);
  }

  replaceStop(id: string, p: StopParams): BrokerResult {
    const existing = this.stops.get(id);
    if (!existing) return { ok: false, httpCode: 400, message: `Stop order ${id} not found` };
    if (existing.instrument.symbol !== p.instrument.symbol) {
      return { ok: false, httpCode: 400, message: 'The instrument of an order cannot be changed' };
    }
    const cancelled = this.stops.cancel(id);
    if (!cancelled.ok) return cancelled;
    return this.createStop(p);
  }

  private syncOrder(state: SimOrderState): void {
    const record = this.orders.get(state.orderId);
    if (!record) return;
    const status = alorStatus(state);
    if (status === record.status && state.filled === record.filled) return;
    record.status = status;
    record.filled = state.filled;
    record.updateTimeMs = toMs(state.updatedNs) || Date.now();
    if (status !== 'working') record.endTimeMs = record.updateTimeMs;
    this.emit(this.orderListeners, { ...record });
  }

  private applyFill(fill: SimFill): void {
    const key = `${fill.orderId}/${fill.tradeId}`;
    const record = this.orders.get(fill.orderId);
    if (!record || this.seenFills.has(key)) return;
    this.seenFills.add(key);
    const trade: TradeRecord = {
      id: String(this.tradeIdBase + fill.tradeId),
      orderId: record.id,
      instrument: record.instrument,
      portfolio: this.portfolio,
      comment: record.comment,
      side: fill.side,
      qty: fill.size,
      price: fill.price,
      timeMs: toMs(fill.timeNs) || Date.now(),
    };
    this.trades.push(trade);
    this.emit(this.tradeListeners, trade);
    this.applyToPositions(trade);
  }

  private applyToPositions(t: TradeRecord): void {
    const symbol = t.instrument.symbol;
    const pos = this.positions.get(symbol) ?? {
      portfolio: this.portfolio,
      instrument: t.instrument,
      qty: 0,
      cost: 0,
      last: t.price,
    };
    const delta = t.side === 'buy' ? t.qty : -t.qty;
    if (pos.qty === 0 || Math.sign(pos.qty) === Math.sign(delta)) {
      pos.cost += t.price * t.qty;
    } else if (Math.abs(delta) <= Math.abs(pos.qty)) {
      pos.cost = Math.round((pos.cost * (Math.abs(pos.qty) - t.qty)) / Math.abs(pos.qty));
    } else {
      pos.cost = t.price * (t.qty - Math.abs(pos.qty));
    }
    pos.qty += delta;
    pos.last = this.stats.get(symbol)?.last ?? t.price;
    this.positions.set(symbol, pos);
    const money = this.positions.get('RUB')!;
    const valueKopecks = toKopecks(t.price * t.qty * t.instrument.lotSize, t.instrument.priceDecimals);
    money.qty += t.side === 'buy' ? -valueKopecks : valueKopecks;
    money.cost = money.qty;
    this.emit(this.positionListeners, { ...pos });
    this.emit(this.positionListeners, { ...money });
  }

  private onMarketTrade(symbol: string, t: SimTrade): void {
    const timeMs = toMs(t.timeNs) || Date.now();
    const s = this.stats.get(symbol)!;
    if (s.volume === 0) {
      s.open = t.price;
      s.high = t.price;
      s.low = t.price;
    }
    s.last = t.price;
    s.lastTimeMs = timeMs;
    s.high = Math.max(s.high, t.price);
    s.low = Math.min(s.low, t.price);
    s.volume += t.size;
    const trade: PublicTrade = {
      id: this.tradeIdBase + t.id,
      symbol,
      price: t.price,
      qty: t.size,
      side: t.takerSide,
      timeMs,
    };
    const list = this.publicTrades.get(symbol)!;
    list.push(trade);
    // Trimmed in chunks: trimming on every trade shifted 5,000 entries per trade.
    if (list.length >= 2 * TRADE_HISTORY) list.splice(0, list.length - TRADE_HISTORY);
    this.emit(this.publicTradeListeners, trade);
    // Stops place orders into the market; never re-enter it from inside its own callback. One
    // evaluation per symbol covers every trade before it runs.
    if (this.stopsDue.has(symbol)) return;
    this.stopsDue.add(symbol);
    setImmediate(() => {
      this.stopsDue.delete(symbol);
      this.stops.evaluate(symbol);
    });
  }

  private emit<T>(listeners: Set<Listener<T>>, value: T): void {
    for (const l of [...listeners]) l(value);
  }
}

function add<T>(set: Set<T>, value: T): () => void {
  set.add(value);
  return () => set.delete(value);
}

function toKopecks(value: number, decimals: number): number {
  return decimals <= 2 ? value * 10 ** (2 - decimals) : Math.round(value / 10 ** (decimals - 2));
}

function endOfDayMs(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 23, 59, 59, 999);
}

/** MOEX turns `attheclose` into fill-or-kill (alor.md §3.4); IOC/FOK remainders end as canceled. */
function simTimeInForce(type: 'limit' | 'market', tif: AlorTimeInForce): TimeInForce {
  if (tif === 'fillorkill' || tif === 'attheclose') return 'FOK';
  if (tif === 'immediateorcancel' || type === 'market') return 'IOC';
  return 'GTC';
}

function alorStatus(state: SimOrderState): AlorOrderStatus {
  switch (state.status) {
    case 'open':
    case 'partially_filled':
      return 'working';
    case 'filled':
      return 'filled';
    case 'cancelled':
      return 'canceled';
    case 'rejected':
      // An unfillable IOC/FOK/market remainder is killed by the exchange: ALOR shows it canceled.
      return state.rejectReason === 'fok_not_fillable' || state.rejectReason === 'no_liquidity'
        ? 'canceled'
        : 'rejected';
  }
}

export type { StopRecord, StopParams, AlorCondition };
