// The one simulated account behind the key: its orders, deals and positions, and the trading
// methods (reference §8) run against the simkit markets. Feed fan-out is the session's job; this
// class only announces account events.
import { idEpoch } from '../../simkit/ids';
import type { SimFill, SimMarket, SimOrderState, SimRejectReason } from '../../simkit/types';
import {
  CancelReason,
  ErrorCode,
  MAKER_ORDER_TYPES,
  FineryOrderType,
  Side,
  type SideCode,
  orderTypeFromName,
  type AddContent,
  type DealRecord,
  type ModContent,
  type OrderRecord,
  type PositionRecord,
} from '../wire/finery-wire';
import type { Catalog, InstrumentInfo } from './catalog';
import {
  dealRecord,
  orderRecord,
  positionRecord,
  volumeOf,
  type DealEntry,
  type OrderEntry,
} from './records';
import { sizeForVolume, units, wouldSelfTrade } from './liquidity';

export type AccountEvent =
  | { feed: 'O'; action: '+' | '-' | 'D'; instrument: string; record: OrderRecord | DealRecord }
  | { feed: 'K'; action: '+' | 'M' | '-'; currency: string; record: PositionRecord }
  /** Limits (G, L, M) and settlement (R, N, S) messages: `data` is the message's 4th element. */
  | {
      feed: 'G' | 'L' | 'M' | 'R' | 'N' | 'S';
      action: '+' | 'M' | '-' | 'D';
      currency: string;
      data: unknown;
    };

export type MethodResult =
  | { ok: true; reply: unknown }
  | { ok: false; error: number; param?: string; extra?: Record<string, unknown> };

export const fail = (error: number, param?: string): MethodResult =>
  param === undefined ? { ok: false, error } : { ok: false, error, param };

/**
 * What the key's client may trade (finery-markets.md §8.1, §8.4 clientType): a maker sends only
 * `limit`/`postOnly`, a taker only the IOC/FOK types; anything else is 73 "Order type not
 * allowed". 'any' is not a Finery client type: it lets one key do both, which the demo desk and
 * the older tests rely on, and stays the default so they keep working.
 */
export type FineryClientType = 'maker' | 'taker' | 'any';

/** finery-markets.md §8.1: "Makers may have at most 30 orders per side of a book". */
const MAKER_ORDERS_PER_SIDE = 30;

const REJECT_CODES: Record<SimRejectReason, number> = {
  post_only_would_take: ErrorCode.postOnlyFailed,
  fok_not_fillable: ErrorCode.fokNotEnoughLiquidity,
  no_liquidity: ErrorCode.iocNoMatch,
  invalid_price: ErrorCode.invalidOrderPrice,
  invalid_size: ErrorCode.invalidOrderSize,
  unknown_order: ErrorCode.delNotFound,
  order_not_open: ErrorCode.delNotFound,
  injected: ErrorCode.tradingNotAllowed,
};

/** Owner tag of the account's orders in the SimMarket. */
const OWNER = 'finery';

export class Account {
  private readonly orders = new Map<number, OrderEntry>();
  private readonly bySimId = new Map<string, OrderEntry>();
  /**
   * clientOrderIds ever used by this account. "Already in use" is read as "ever used" so that a
   * retried IOC/FOK (never stored as an order) cannot trade twice [INF].
   */
  private readonly usedClientIds = new Set<bigint>();
  private readonly deals: DealEntry[] = [];
  private readonly positions = new Map<string, number>();
  // Never reused across simulator starts, as Finery's are not.
  private nextOrderId = idEpoch() + 1;
  private nextDealId = idEpoch() + 1;
  private readonly listeners = new Set<(e: AccountEvent) => void>();
  private readonly unsubscribers: (() => void)[] = [];
  rejectOrders = false;

  constructor(
    readonly catalog: Catalog,
    private readonly markets: ReadonlyMap<string, SimMarket>,
    private readonly simPrefix: string,
    readonly clientType: FineryClientType = 'any',
  ) {
    for (const [name, market] of markets) {
      this.unsubscribers.push(
        market.onOrderEvent((ev) => {
          if (ev.kind === 'fill') this.restingFill(name, ev.fill, ev.order);
          else if (ev.kind === 'cancelled') this.externalCancel(ev.order);
        }),
      );
    }
  }

  dispose(): void {
    for (const u of this.unsubscribers) u();
    this.listeners.clear();
  }

  onEvent(listener: (e: AccountEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Settlement orders for the P snapshot and `positions` (set by the settlement desk). */
  settlementOrders: () => unknown[] = () => [];

  /** Deals, settlement orders and transactions share one id sequence (nextDealOrSettlementOrTransactionId). */
  allocateId(): number {
    return this.nextDealId++;
  }

  positionOf(currency: string): number {
    return this.positions.get(currency) ?? 0;
  }

  /** A settlement moves the unsettled position (and announces it on K). */
  settle(currency: string, delta: number): void {
    this.movePosition(currency, delta);
  }

  publish(e: AccountEvent): void {
    this.emit(e);
  }

  private emit(e: AccountEvent): void {
    for (const l of this.listeners) l(e);
  }

  // ---- queries ----

  activeOrders(instrument?: string): OrderEntry[] {
    return [...this.orders.values()].filter((o) => o.active && (!instrument || o.instrument === instrument));
  }

  positionRecords(currency?: string): PositionRecord[] {
    const out: PositionRecord[] = [];
    for (const [c, v] of this.positions) if (!currency || c === currency) out.push(positionRecord(c, v));
    return out;
  }

  /** `nextDealOrSettlementOrTransactionId` of the P snapshot and `positions`. */
  get nextId(): number {
    return this.nextDealId;
  }

  positionsReply(): unknown {
    return [
      this.nextDealId,
      this.positionRecords(),
      this.activeOrders().map((o) => orderRecord(o, 0)),
      this.settlementOrders(),
    ];
  }

  dealHistory(q: {
    instrument?: string;
    till?: number;
    from?: number;
    to?: number;
    limit?: number;
  }): DealRecord[] {
    const out: DealRecord[] = [];
    for (let i = this.deals.length - 1; i >= 0 && out.length < (q.limit ?? 250); i--) {
      const d = this.deals[i]!;
      if (q.instrument && d.instrument !== q.instrument) continue;
      if (q.till !== undefined && d.id >= q.till) continue;
      if (q.from !== undefined && d.moment < q.from) continue;
      if (q.to !== undefined && d.moment >= q.to) continue;
      out.push(d.record);
    }
    return out;
  }

  // ---- trading ----

  /**
   * Makers may rest at most 30 orders per side of a book (finery-markets.md §8.1); the reference
   * gives no code for it, so the reading taken is 79 "Add failed – limits".
   */
  private sideRules(instrument: string, side: SideCode, maker: boolean): MethodResult | undefined {
    if (!maker) return undefined;
    const own = this.activeOrders().filter((o) => o.active && o.instrument === instrument && o.side === side);
    return own.length >= MAKER_ORDERS_PER_SIDE ? fail(ErrorCode.limitsExceeded) : undefined;
  }

  add(c: AddContent, connId: number | undefined): MethodResult {
    const inst = this.catalog.instrument(c.instrument);
    const market = inst && this.markets.get(inst.name);
    if (!inst || !market) return fail(ErrorCode.instrumentNotFound, 'instrument');
    const typeName = orderTypeFromName(c.type);
    if (!typeName) return fail(ErrorCode.orderTypeNotAllowed, 'type');
    const maker = MAKER_ORDER_TYPES.includes(typeName);
    if (this.clientType !== 'any' && maker !== (this.clientType === 'maker'))
      return fail(ErrorCode.orderTypeNotAllowed, 'type');
    if ((c.size === undefined) === (c.volume === undefined)) return fail(ErrorCode.volumeXorSize);
    if (c.volume !== undefined && maker) return fail(ErrorCode.volumeNotForMakers, 'volume');
    const needsPrice = typeName !== 'marketIOC' && typeName !== 'marketFOK';
    if (needsPrice && (c.price === undefined || c.price <= 0))
      return fail(ErrorCode.invalidOrderPrice, 'price');
    if (c.size !== undefined && c.size <= 0) return fail(ErrorCode.invalidOrderSize, 'size');
    if (c.volume !== undefined && c.volume <= 0) return fail(ErrorCode.invalidOrderVolume, 'volume');
    const clientOrderId = c.clientOrderId ?? 0n;
    if (clientOrderId !== 0n && this.usedClientIds.has(clientOrderId))
      return fail(ErrorCode.clientOrderIdInUse, 'clientOrderId');
    if (this.rejectOrders) return fail(ErrorCode.tradingNotAllowed);
    const u = units(market);
    const side = c.side === 'bid' ? Side.bid : Side.ask;
    const refused = this.sideRules(inst.name, side, maker);
    if (refused) return refused;
    let price = 0;
    let size: number;
    try {
      if (needsPrice) price = u.priceIn(c.price!);
      if (c.volume === undefined) size = u.sizeIn(c.size!);
      else {
        const v = sizeForVolume(market, side, price, c.volume);
        if (v.short && typeName.endsWith('FOK')) return fail(ErrorCode.fokNotEnoughLiquidity);
        size = v.size;
      }
    } catch {
      return fail(needsPrice ? ErrorCode.invalidOrderPrice : ErrorCode.invalidOrderSize);
    }
    if (size <= 0)
      return fail(typeName.endsWith('FOK') ? ErrorCode.fokNotEnoughLiquidity : ErrorCode.iocNoMatch);
    if (typeName !== 'postOnly' && wouldSelfTrade(market, OWNER, side, needsPrice ? price : undefined, size))
      return fail(ErrorCode.selfTrade);
    if (clientOrderId !== 0n) this.usedClientIds.add(clientOrderId);
    const entry: OrderEntry = {
      orderId: this.nextOrderId++,
      simId: '',
      instrument: inst.name,
      type: FineryOrderType[typeName],
      side,
      clientOrderId,
      price: needsPrice ? c.price! : 0,
      initialSize: c.volume ?? c.size!,
      sizeLeft: c.volume ?? c.size!,
      createdAt: Date.now(),
      byVolume: c.volume !== undefined ? 1 : 0,
      cod: c.cod === true && connId !== undefined,
      connId,
      active: false,
    };
    entry.simId = `${this.simPrefix}-${entry.orderId}`;
    const tif =
      typeName === 'limit' || typeName === 'postOnly' ? 'GTC' : typeName.endsWith('IOC') ? 'IOC' : 'FOK';
    const result = market.place({
      orderId: entry.simId,
      side: side === Side.bid ? 'buy' : 'sell',
      type: needsPrice ? 'limit' : 'market',
      ...(needsPrice ? { price } : {}),
      size,
      timeInForce: tif,
      postOnly: typeName === 'postOnly',
      owner: OWNER,
    });
    if (result.order.status === 'rejected')
      return fail(REJECT_CODES[result.order.rejectReason ?? 'injected']);
    if (result.fills.length === 0 && tif === 'IOC') return fail(ErrorCode.iocNoMatch);
    const deals = result.fills.map((f) => this.recordDeal(entry, market, f, false));
    const rests = result.order.status === 'open' || result.order.status === 'partially_filled';
    const cancelReason = !rests && entry.sizeLeft > 0 ? CancelReason.nonBookOrder : CancelReason.none;
    if (rests) {
      entry.active = true;
      this.orders.set(entry.orderId, entry);
      this.bySimId.set(entry.simId, entry);
      this.emit({ feed: 'O', action: '+', instrument: entry.instrument, record: orderRecord(entry, 0) });
    }
    return {
      ok: true,
      reply: {
        id: entry.orderId,
        clientOrderId: entry.clientOrderId,
        ...(entry.byVolume ? { remainingVolume: entry.sizeLeft } : { remainingSize: entry.sizeLeft }),
        cancelReason,
        deals,
      },
    };
  }

  /** Replace (reference §8.2): old order removed, a new one placed with the filled part deducted. */
  mod(c: ModContent & { side?: string }, connId: number | undefined): MethodResult {
    const old = this.orders.get(c.orderId);
    if (!old || !old.active) return fail(ErrorCode.delNotFound, 'orderId');
    if (c.side !== undefined && (c.side.toLowerCase() === 'bid' ? Side.bid : Side.ask) !== old.side) {
      return fail(ErrorCode.modSideMismatch, 'side');
    }
    const newSize = c.size - (old.initialSize - old.sizeLeft);
    if (newSize <= 0) return fail(ErrorCode.modNoSizeAfterDecrement, 'size');
    if (
      c.clientOrderId !== undefined &&
      c.clientOrderId !== old.clientOrderId &&
      this.usedClientIds.has(c.clientOrderId)
    ) {
      return fail(ErrorCode.clientOrderIdInUse, 'clientOrderId');
    }
    if (this.rejectOrders) return fail(ErrorCode.tradingNotAllowed);
    const market = this.markets.get(old.instrument)!;
    const u = units(market);
    try {
      if (u.priceIn(c.price) % market.spec.tickSize !== 0 || u.sizeIn(newSize) % market.spec.lotSize !== 0)
        throw new Error();
    } catch {
      return fail(ErrorCode.invalidOrderPrice, 'price');
    }
    const origRemainingSize = old.sizeLeft;
    this.removeOrder(old, CancelReason.byClient);
    // The new order keeps the old clientOrderId unless a new one is given (the old order is gone).
    this.usedClientIds.delete(old.clientOrderId);
    const added = this.add(
      {
        instrument: old.instrument,
        clientOrderId: c.clientOrderId ?? old.clientOrderId,
        price: c.price,
        size: newSize,
        side: old.side === Side.bid ? 'bid' : 'ask',
        type: old.type === FineryOrderType.postOnly ? 'postOnly' : 'limit',
        cod: old.cod,
      },
      connId,
    );
    if (!added.ok)
      return { ok: false, error: added.error, extra: { origId: old.orderId, origRemainingSize } };
    const reply = added.reply as {
      id: number;
      remainingSize: number;
      cancelReason: number;
      deals: unknown[];
    };
    return {
      ok: true,
      reply: {
        id: reply.id,
        initialSize: newSize,
        remainingSize: reply.remainingSize,
        ...(reply.cancelReason ? { cancelReason: reply.cancelReason } : {}),
        origId: old.orderId,
        origRemainingSize,
        deals: reply.deals,
      },
    };
  }

  del(by: { orderId: number } | { clientOrderId: bigint }): MethodResult {
    const o =
      'orderId' in by
        ? this.orders.get(by.orderId)
        : this.activeOrders().find((x) => x.clientOrderId === by.clientOrderId && by.clientOrderId !== 0n);
    if (!o || !o.active) return fail(ErrorCode.delNotFound);
    this.removeOrder(o, CancelReason.byClient);
    return { ok: true, reply: { id: o.orderId, remainingSize: o.sizeLeft } };
  }

  delAll(instrument: string | undefined): MethodResult {
    if (instrument !== undefined && !this.catalog.instrument(instrument))
      return fail(ErrorCode.instrumentNotFound, 'instrument');
    const list = this.activeOrders(instrument);
    for (const o of list) this.removeOrder(o, CancelReason.byClient);
    return { ok: true, reply: { removed: list.length } };
  }

  /** Cancel-on-disconnect: the lost connection's `cod` orders go with reason 4. */
  cancelOnDisconnect(connId: number): number {
    const list = this.activeOrders().filter((o) => o.cod && o.connId === connId);
    for (const o of list) this.removeOrder(o, CancelReason.cancelOnDisconnect);
    return list.length;
  }

  private removeOrder(o: OrderEntry, reason: number): void {
    this.markets.get(o.instrument)!.cancel(o.simId);
    this.retire(o, reason);
  }

  private retire(o: OrderEntry, reason: number): void {
    o.active = false;
    this.orders.delete(o.orderId);
    this.bySimId.delete(o.simId);
    this.emit({ feed: 'O', action: '-', instrument: o.instrument, record: orderRecord(o, reason) });
  }

  private externalCancel(state: SimOrderState): void {
    const o = this.bySimId.get(state.orderId);
    if (o?.active) this.retire(o, CancelReason.none);
  }

  private restingFill(instrument: string, fill: SimFill, state: SimOrderState): void {
    const o = this.bySimId.get(fill.orderId);
    if (!o?.active) return;
    this.recordDeal(o, this.markets.get(instrument)!, fill, true);
    if (state.status === 'filled') this.retire(o, CancelReason.none);
  }

  private recordDeal(o: OrderEntry, market: SimMarket, f: SimFill, weAreMaker: boolean): unknown {
    const u = units(market);
    const price = u.priceOut(f.price);
    const size = u.sizeOut(f.size);
    const volume = volumeOf(price, size);
    o.sizeLeft = Math.max(0, o.sizeLeft - (o.byVolume ? volume : size));
    const weBuy = o.side === Side.bid;
    const aggressorSide = weAreMaker ? (weBuy ? Side.ask : Side.bid) : o.side;
    const id = this.nextDealId++;
    const moment = Date.now();
    const record = dealRecord(o, 0, { dealId: id, moment, aggressorSide, price, size, volume, weAreMaker });
    this.deals.push({ id, instrument: o.instrument, moment, record });
    if (this.deals.length > 10_000) this.deals.splice(0, 5_000);
    this.emit({ feed: 'O', action: 'D', instrument: o.instrument, record });
    const inst = this.catalog.instrument(o.instrument)!;
    this.movePosition(inst.asset, weBuy ? size : -size);
    this.movePosition(inst.balance, weBuy ? -volume : volume);
    return { id, price, size, volume, delta: 0, counterpartyId: record[17] };
  }

  private movePosition(currency: string, delta: number): void {
    if (delta === 0) return;
    const before = this.positions.get(currency);
    const after = (before ?? 0) + delta;
    if (after === 0) this.positions.delete(currency);
    else this.positions.set(currency, after);
    const action = before === undefined ? '+' : after === 0 ? '-' : 'M';
    this.emit({ feed: 'K', action, currency, record: positionRecord(currency, after) });
  }
}

export { units };
export type { InstrumentInfo };
