// ALOR conditional orders. They wait at the broker, not on the exchange: when the instrument's last
// trade price meets `condition` against `triggerPrice` (continuously for `protectingSeconds`, if
// given) the broker sends a market (stop) or limit (stop-limit) order to the exchange and the stop
// order itself becomes `filled`, pointing at the exchange order via `exchangeOrderId`.
import type { Side } from '../../simkit/types';
import type { AlorCondition, AlorOrderStatus, AlorTimeInForce } from '../wire/alor-wire';
import type { AlorInstrument } from './specs';
import type { BrokerResult, MarketStats, NewOrderParams } from './broker';

export interface StopParams {
  instrument: AlorInstrument;
  type: 'stop' | 'stoplimit';
  side: Side;
  qty: number;
  /** Limit price (stop-limit), scaled; 0 for stop. */
  price: number;
  triggerPrice: number;
  condition: AlorCondition;
  /** Unix ms; 0 = no expiry. */
  endTimeMs: number;
  timeInForce: AlorTimeInForce;
  protectingSeconds: number | null;
  activate: boolean;
  comment: string | null;
  icebergFixed: number | null;
}

export interface StopRecord extends StopParams {
  id: string;
  portfolio: string;
  status: AlorOrderStatus;
  transTimeMs: number;
  updateTimeMs: number;
  exchangeOrderId: string | null;
  error: string | null;
  satisfiedSinceMs: number | null;
}

interface StopHost {
  newId(): string;
  stats(symbol: string): MarketStats | undefined;
  place(p: NewOrderParams): BrokerResult;
}

const CHECK_INTERVAL_MS = 200;

export class StopBook {
  private readonly records = new Map<string, StopRecord>();
  private readonly listeners = new Set<(r: StopRecord) => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly host: StopHost) {}

  all(): StopRecord[] {
    return [...this.records.values()];
  }

  get(id: string): StopRecord | undefined {
    return this.records.get(id);
  }

  onChange(l: (r: StopRecord) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  create(p: StopParams, portfolio: string): StopRecord {
    const now = Date.now();
    const record: StopRecord = {
      ...p,
      id: this.host.newId(),
      portfolio,
      status: 'working',
      transTimeMs: now,
      updateTimeMs: now,
      exchangeOrderId: null,
      error: null,
      satisfiedSinceMs: null,
    };
    this.records.set(record.id, record);
    this.emit(record);
    this.ensureTimer();
    // The condition may already hold; evaluate after the reply has gone out.
    setImmediate(() => this.evaluate(p.instrument.symbol));
    return record;
  }

  cancel(id: string): BrokerResult {
    const r = this.records.get(id);
    if (!r) return { ok: false, httpCode: 400, message: `Stop order ${id} not found` };
    if (r.status !== 'working')
      return { ok: false, httpCode: 400, message: `Stop order ${id} is already ${r.status}` };
    this.finish(r, 'canceled');
    return { ok: true, orderNumber: id };
  }

  /** Checks every working stop of a symbol against the last price (and expiry). */
  evaluate(symbol?: string): void {
    const now = Date.now();
    for (const r of this.records.values()) {
      if (r.status !== 'working' || (symbol && r.instrument.symbol !== symbol)) continue;
      if (r.endTimeMs > 0 && now >= r.endTimeMs) {
        this.finish(r, 'canceled');
        continue;
      }
      if (!r.activate) continue;
      const last = this.host.stats(r.instrument.symbol)?.last;
      if (last === undefined || !holds(r.condition, last, r.triggerPrice)) {
        r.satisfiedSinceMs = null;
        continue;
      }
      r.satisfiedSinceMs ??= now;
      if (r.protectingSeconds && now - r.satisfiedSinceMs < r.protectingSeconds * 1000) continue;
      this.trigger(r);
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private trigger(r: StopRecord): void {
    const result = this.host.place({
      instrument: r.instrument,
      type: r.type === 'stop' ? 'market' : 'limit',
      side: r.side,
      qty: r.qty,
      price: r.price,
      timeInForce: r.timeInForce,
      comment: r.comment,
      icebergFixed: r.icebergFixed,
    });
    if (result.ok) {
      r.exchangeOrderId = result.orderNumber;
      this.finish(r, 'filled');
    } else {
      r.error = result.message;
      this.finish(r, 'rejected');
    }
  }

  private finish(r: StopRecord, status: AlorOrderStatus): void {
    r.status = status;
    r.updateTimeMs = Date.now();
    this.emit(r);
  }

  private ensureTimer(): void {
    if (this.timer) return;
    // Expiry and protectingSeconds must fire without a new trade arriving.
    this.timer = setInterval(() => {
      if (![...this.records.values()].some((r) => r.status === 'working')) return this.close();
      this.evaluate();
    }, CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  private emit(r: StopRecord): void {
    for (const l of [...this.listeners]) l({ ...r });
  }
}

function holds(condition: AlorCondition, last: number, trigger: number): boolean {
  switch (condition) {
    case 'more':
      return last > trigger;
    case 'less':
      return last < trigger;
    case 'moreorequal':
      return last >= trigger;
    case 'lessorequal':
      return last <= trigger;
  }
}
