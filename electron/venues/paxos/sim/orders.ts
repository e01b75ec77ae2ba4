// REST v2 order state (§11): Paxos orders on top of SimMarket orders, their executions and the
// ref_id idempotency index. Validation of the request body lives in rest.ts; this file assumes
// a request already checked against the market and turns SimMarket states into wire objects.
import { randomUUID } from 'node:crypto';
import { idEpoch, type SimFill, type SimMarket, type SimOrderState } from '../../simkit/index';
import type {
  Execution,
  Order,
  PaxosOrderSide,
  OrderStatus,
  PaxosOrderType,
  PaxosTimeInForce,
} from '../wire/paxos-wire';
import { fmtAmount, fmtPrice, nowNs, rfc3339Nano } from './markets';
import { formatScaled } from '../../../../shared/decimal';

export interface PaxosOrderRecord {
  id: string;
  profileId: string;
  refId?: string;
  market: string;
  side: PaxosOrderSide;
  type: PaxosOrderType;
  timeInForce: PaxosTimeInForce;
  /** Wire strings as the client sent them (echoed back unchanged). */
  baseAmount?: string;
  price?: string;
  quoteAmount?: string;
  metadata?: Record<string, string>;
  identityId?: string;
  identityAccountId?: string;
  recipientProfileId?: string;
  expirationMs?: number;
  createdNs: bigint;
  fills: SimFill[];
  closedAtMs?: number;
  /** STOP_MARKET / STOP_LIMIT: the order waits here, off the book, until its stop price trades. */
  stop?: PendingStop;
}

/** What the matching engine gets for an order: now, or for a stop once it triggers. */
export interface SimPlacement {
  size: number;
  price?: number;
  tif: 'GTC' | 'IOC' | 'FOK';
  postOnly: boolean;
}

export interface PendingStop {
  /** `stop_price` as the client sent it (echoed back unchanged). */
  stopPrice: string;
  stopScaled: number;
  placement: SimPlacement;
  triggered: boolean;
  /** Cancelled or expired while still untriggered. */
  cancelledNs?: bigint;
  triggeredNs?: bigint;
}

export interface ExecutionRecord {
  seq: number;
  orderId: string;
  market: string;
  fill: SimFill;
}

/** Closed orders keep their ref_id for 24 h (§11.1). */
const REF_ID_REUSE_MS = 24 * 60 * 60 * 1000;

export class OrderLedger {
  readonly orders = new Map<string, PaxosOrderRecord>();
  readonly executions: ExecutionRecord[] = [];
  private readonly byRefId = new Map<string, string>();
  private readonly waiters = new Set<() => void>();
  /** Untriggered stop orders, in arrival order. */
  private readonly pendingStops = new Set<PaxosOrderRecord>();
  private readonly unsubscribers: Array<() => void> = [];
  // uint64 ids that keep increasing across simulator starts, as since_execution_id needs.
  private nextExecution = idEpoch() + 1;

  constructor(
    private readonly markets: ReadonlyMap<string, SimMarket>,
    readonly accountId = randomUUID(),
  ) {
    for (const [symbol, market] of markets) {
      this.unsubscribers.push(
        market.onOrderEvent((e) => {
          const rec = this.orders.get(e.order.orderId);
          if (!rec) return;
          if (e.kind === 'fill') this.addFill(rec, symbol, e.fill);
          this.noteState(rec, e.order);
          this.wake();
        }),
        market.onTrade((t) => this.triggerStops(symbol, t.price)),
      );
    }
  }

  /**
   * paxos.md §11.1 names stop_price and says only sell stops exist, but not what the stop price
   * is compared with. We take the usual reading for a sell stop: it triggers when the market
   * trades at or below the stop price, i.e. on an execution (anyone's, as execution_data shows
   * them) at a price <= stop_price; it then enters the book as the MARKET (IOC) or LIMIT order
   * it carries. Stops that trigger on the same trade enter in arrival order.
   */
  private triggerStops(market: string, tradePrice: number): void {
    for (const rec of [...this.pendingStops]) {
      const stop = rec.stop!;
      if (stop.triggered || rec.market !== market || tradePrice > stop.stopScaled) continue;
      this.pendingStops.delete(rec);
      stop.triggered = true;
      stop.triggeredNs = nowNs();
      try {
        this.enter(rec, stop.placement);
      } catch {
        // The engine refused it outright: no book state, so the order reads REJECTED.
        rec.closedAtMs = Date.now();
      }
      this.wake();
    }
  }

  dispose(): void {
    for (const u of this.unsubscribers.splice(0)) u();
    this.wake();
  }

  private addFill(rec: PaxosOrderRecord, market: string, fill: SimFill): void {
    rec.fills.push(fill);
    this.executions.push({ seq: this.nextExecution++, orderId: rec.id, market, fill });
  }

  private noteState(rec: PaxosOrderRecord, st: SimOrderState): void {
    if (rec.closedAtMs === undefined && !isOpen(st)) rec.closedAtMs = Date.now();
  }

  /** The earlier order holding this ref_id, while the ref_id is not yet reusable. */
  existingForRefId(refId: string): PaxosOrderRecord | undefined {
    const id = this.byRefId.get(refId);
    const rec = id === undefined ? undefined : this.orders.get(id);
    if (!rec) return undefined;
    if (rec.closedAtMs !== undefined && Date.now() - rec.closedAtMs > REF_ID_REUSE_MS) return undefined;
    return rec;
  }

  /**
   * Records the order and places it on the SimMarket (a stop waits for its trigger instead);
   * sizes and prices already validated.
   */
  place(rec: Omit<PaxosOrderRecord, 'id' | 'createdNs' | 'fills'>, sim: SimPlacement): PaxosOrderRecord {
    const full: PaxosOrderRecord = { ...rec, id: randomUUID(), createdNs: nowNs(), fills: [] };
    // Recorded before placing so fills reported by events during place() find their order.
    this.orders.set(full.id, full);
    if (full.refId !== undefined) this.byRefId.set(full.refId, full.id);
    if (full.stop) {
      this.pendingStops.add(full);
      return full;
    }
    try {
      this.enter(full, sim);
    } catch (err) {
      // Nothing half-recorded: the caller answers 500 and the ref_id stays free.
      this.orders.delete(full.id);
      if (full.refId !== undefined) this.byRefId.delete(full.refId);
      throw err;
    }
    return full;
  }

  private enter(rec: PaxosOrderRecord, sim: SimPlacement): void {
    const market = this.markets.get(rec.market)!;
    const result = market.place({
      orderId: rec.id,
      side: rec.side === 'BUY' ? 'buy' : 'sell',
      type: rec.type === 'MARKET' || rec.type === 'STOP_MARKET' ? 'market' : 'limit',
      price: sim.price,
      size: sim.size,
      timeInForce: sim.tif,
      postOnly: sim.postOnly,
      owner: rec.profileId,
    });
    for (const f of result.fills)
      if (!rec.fills.some((x) => x.tradeId === f.tradeId)) this.addFill(rec, rec.market, f);
    this.noteState(rec, result.order);
    this.wake();
  }

  simState(rec: PaxosOrderRecord): SimOrderState | undefined {
    return this.markets.get(rec.market)?.order(rec.id);
  }

  status(rec: PaxosOrderRecord): OrderStatus {
    const stop = rec.stop;
    if (stop && !stop.triggered) return stop.cancelledNs === undefined ? 'OPEN' : 'CANCELLED';
    const st = this.simState(rec);
    if (!st) return 'REJECTED';
    switch (st.status) {
      case 'open':
      case 'partially_filled':
        return 'OPEN';
      case 'filled':
        return 'FILLED';
      case 'cancelled':
        return 'CANCELLED';
      case 'rejected':
        // An unfillable FOK or an IOC/market order that met no liquidity ends cancelled, not rejected.
        return st.rejectReason === 'fok_not_fillable' || st.rejectReason === 'no_liquidity'
          ? 'CANCELLED'
          : 'REJECTED';
    }
  }

  cancel(rec: PaxosOrderRecord): void {
    const stop = rec.stop;
    if (stop && !stop.triggered) {
      if (stop.cancelledNs === undefined) {
        this.pendingStops.delete(rec);
        stop.cancelledNs = nowNs();
        rec.closedAtMs = Date.now();
      }
      this.wake();
      return;
    }
    const market = this.markets.get(rec.market);
    if (!market) return;
    const r = market.cancel(rec.id);
    if (!('error' in r)) this.noteState(rec, r);
    this.wake();
  }

  /** Resolves when the order is no longer open or after `ms`. */
  waitClosed(rec: PaxosOrderRecord, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const check = () => {
        const s = this.status(rec);
        if (s !== 'OPEN') done();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(check);
      check();
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  toWire(rec: PaxosOrderRecord, asSubmitted = false): Order {
    const market = this.markets.get(rec.market)!;
    const spec = market.spec;
    const st = this.simState(rec);
    const filled = asSubmitted ? 0 : rec.fills.reduce((a, f) => a + f.size, 0);
    const out: Order = {
      id: rec.id,
      profile_id: rec.profileId,
      status: asSubmitted ? 'SUBMITTED' : this.status(rec),
      side: rec.side,
      market: rec.market,
      type: rec.type,
      metadata: rec.metadata ?? {},
      created_at: rfc3339Nano(rec.createdNs),
      modified_at: rfc3339Nano(asSubmitted ? rec.createdNs : modifiedNs(rec, st)),
      amount_filled: fmtAmount(spec, filled),
      volume_weighted_average_price: asSubmitted
        ? '0'
        : vwap(rec.fills, spec.priceDecimals, spec.sizeDecimals),
      time_in_force: rec.timeInForce,
    };
    if (rec.refId !== undefined) out.ref_id = rec.refId;
    if (rec.baseAmount !== undefined) out.base_amount = rec.baseAmount;
    if (rec.price !== undefined) out.price = rec.price;
    if (rec.quoteAmount !== undefined) out.quote_amount = rec.quoteAmount;
    if (rec.expirationMs !== undefined) out.expiration_date = new Date(rec.expirationMs).toISOString();
    if (rec.identityId !== undefined) out.identity_id = rec.identityId;
    if (rec.identityAccountId !== undefined) out.identity_account_id = rec.identityAccountId;
    if (rec.recipientProfileId !== undefined) out.recipient_profile_id = rec.recipientProfileId;
    if (rec.stop) {
      out.stop_price = rec.stop.stopPrice;
      out.is_triggered = !asSubmitted && rec.stop.triggered;
    }
    return out;
  }

  executionToWire(e: ExecutionRecord): Execution {
    const rec = this.orders.get(e.orderId)!;
    const spec = this.markets.get(e.market)!.spec;
    const quote = e.market.slice(-3);
    const gross = BigInt(e.fill.price) * BigInt(e.fill.size);
    return {
      execution_id: String(e.seq),
      order_id: e.orderId,
      executed_at: rfc3339Nano(e.fill.timeNs),
      market: e.market,
      side: rec.side,
      amount: fmtAmount(spec, e.fill.size),
      price: fmtPrice(spec, e.fill.price),
      // The simulator charges no fees.
      commission: '0',
      commission_asset: quote,
      rebate: '0',
      rebate_asset: quote,
      account_id: this.accountId,
      gross_trade_amount: formatBig(gross, spec.priceDecimals + spec.sizeDecimals),
    };
  }
}

function isOpen(st: SimOrderState): boolean {
  return st.status === 'open' || st.status === 'partially_filled';
}

function maxNs(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function modifiedNs(rec: PaxosOrderRecord, st: SimOrderState | undefined): bigint {
  if (st) return maxNs(st.updatedNs, rec.createdNs);
  return rec.stop?.cancelledNs ?? rec.stop?.triggeredNs ?? rec.createdNs;
}

/** Volume-weighted average fill price at 8 decimals, rounded half-up (P10). */
export function vwap(fills: SimFill[], priceDecimals: number, _sizeDecimals: number): string {
  let qty = 0n;
  let notional = 0n;
  for (const f of fills) {
    qty += BigInt(f.size);
    notional += BigInt(f.price) * BigInt(f.size);
  }
  if (qty === 0n) return '0';
  const out = 8;
  const num = notional * 10n ** BigInt(Math.max(0, out - priceDecimals));
  const q = (num * 2n + qty) / (2n * qty);
  return formatBig(q, Math.max(out, priceDecimals));
}

function formatBig(value: bigint, scale: number): string {
  if (value <= BigInt(Number.MAX_SAFE_INTEGER)) return formatScaled(Number(value), scale);
  const digits = value.toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}
