// The order manager: validates and risk-checks commands, journals them (durably) before anything
// leaves, sends them through the venue adapters and folds every reply, stream update and fill
// back in through the journal. Reconciliation and the kill switch live in reconcile.ts/kill.ts.
import { randomUUID } from 'node:crypto';
import { ContractError } from '../../shared/contract/errors';
import type { PlaceOrderInput, RiskEvent, RiskLimits, RiskState } from '../../shared/contract/orders';
import type { VenueId } from '../../shared/domain';
import { createLogger } from '../base/log';
import type { VenueAdapter, VenueOrderUpdate } from '../venues/common/adapter';
import { Journal, type ReplayReport } from './journal';
import type { MidSource } from './positions';
import { checkOrder, type RiskVerdict } from './risk';
import type { DepthSource } from './sor';
import { type Changes, OrderStore } from './store';
import type { CommandAction, FillRecord, JournalRecord, MarketSpec, Order, OrderIntent } from './types';
import { isTerminal } from './types';
import { classify, commandCall, findSpec, UP_STATES, venueName, withTimeout } from './venue-link';
import { prepareOrder, scaled } from './prepare';
import { orderView } from './views';
import { Reconciler } from './reconcile';

const log = createLogger('orders');

export interface OrderManagerOptions {
  journalPath: string;
  adapters: VenueAdapter[];
  mids?: MidSource;
  depth?: DepthSource;
  /** Bound on every venue call (default 10 s). */
  commandTimeoutMs?: number;
  /** Resends of a retryable command with the same idempotency key (default 3, from 250 ms). */
  retries?: number;
  retryBaseMs?: number;
  now?: () => number;
}

export interface Prepared {
  adapter: VenueAdapter;
  spec: MarketSpec;
  intent: Omit<OrderIntent, 'clientOrderId' | 'idempotencyKey' | 'parentId'>;
  verdict: RiskVerdict;
}

type Listener = (changes: Changes) => void;

export type SendResult = { ok: true } | { ok: false; final: boolean; message: string };
const SKIPPED: SendResult = { ok: false, final: false, message: 'nothing to send' };

export interface SendOptions {
  attempt?: number;
  retries?: number;
  /** Sent by reconciliation itself: a doubtful outcome must not start another reconciliation. */
  fromReconcile?: boolean;
}

export class OrderManager {
  readonly store = new OrderStore();
  readonly adapters = new Map<VenueId, VenueAdapter>();
  readonly venueUp = new Map<VenueId, boolean>();
  readonly replay: ReplayReport;
  readonly riskEvents: RiskEvent[] = [];
  readonly now: () => number;
  readonly timeoutMs: number;
  armed = false;
  private readonly journal: Journal;
  private readonly listeners = new Set<Listener>();
  private readonly riskListeners = new Set<(e: RiskEvent | undefined) => void>();
  private readonly inFlight = new Map<string, number>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  readonly reconciler: Reconciler;
  private closed = false;

  constructor(readonly options: OrderManagerOptions) {
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.commandTimeoutMs ?? 10_000;
    const { journal, records, report } = Journal.open(options.journalPath);
    this.journal = journal;
    this.replay = report;
    for (const r of records) this.store.apply(r);
    for (const a of options.adapters) this.attach(a);
    this.reconciler = new Reconciler(this);
  }

  /** Reconciles every venue (those down now are reconciled when they come up). */
  async start(): Promise<void> {
    await Promise.all([...this.adapters.keys()].map((v) => this.reconciler.run(v)));
  }

  private attach(adapter: VenueAdapter): void {
    const v = adapter.venue;
    this.adapters.set(v, adapter);
    this.unsubscribe.push(
      adapter.on('order', (u) => this.guard('order update', v, () => this.onVenueOrder(u))),
      adapter.on('fill', (f) =>
        this.guard('fill', v, () => {
          if (this.store.hasFill(f.venue, f.fillId)) return;
          const spec = this.specFor(f.venue, f.market);
          this.commit([{ k: 'fill', at: this.now(), fill: f, ...this.scalesOf(f.venue, f.market, spec) }]);
        }),
      ),
      adapter.on('status', (s) => this.onStatus(v, UP_STATES.has(s.state), s.reason)),
    );
  }

  scalesOf(venue: VenueId, market: string, spec = this.specFor(venue, market)) {
    if (spec) return { canonical: spec.canonical, priceScale: spec.priceScale, sizeScale: spec.sizeScale };
    const known = [...this.store.orders.values()].find(
      (o) => o.intent.venue === venue && o.intent.market === market,
    );
    if (known)
      return {
        canonical: known.intent.canonical,
        priceScale: known.intent.priceScale,
        sizeScale: known.intent.sizeScale,
      };
    log.warn('fill or order for a market the adapter does not list; assuming 8 decimals', { venue, market });
    return { canonical: market, priceScale: 8, sizeScale: 8 };
  }

  specFor(venue: VenueId, market: string): MarketSpec | undefined {
    return findSpec(this.adapters.get(venue), market);
  }

  private onVenueOrder(u: VenueOrderUpdate): void {
    if (this.store.find(u.venue, u)) {
      this.commit([{ k: 'update', at: this.now(), update: u }]);
      return;
    }
    if (isTerminal(u.status)) {
      log.info('update for an order we do not know, already finished; ignored', {
        venue: u.venue,
        venueOrderId: u.venueOrderId,
      });
      return;
    }
    // Someone (another terminal, a previous install) has a live order under our account: adopt
    // it, so the kill switch and the blotter see it.
    const adopt = this.reconciler.adoptRecord(u);
    if (adopt) this.commit([adopt]);
  }

  private onStatus(venue: VenueId, up: boolean, reason?: string): void {
    const was = this.venueUp.get(venue);
    this.venueUp.set(venue, up);
    if (up && was !== true) {
      void this.reconciler.run(venue);
      return;
    }
    if (!up && was === true) {
      const live = this.store.liveOrders(venue).length;
      if (live === 0) return;
      const adapter = this.adapters.get(venue)!;
      const why = reason ? ` (${reason})` : '';
      if (adapter.capabilities.cancelsOnDisconnect) {
        this.riskEvent(
          'venue_disconnected',
          'warning',
          `${venueName(venue)} disconnected${why} with ${live} working orders; the venue cancels them on disconnect. Crossbook will confirm when it reconnects.`,
          venue,
        );
      } else {
        this.riskEvent(
          'venue_disconnected',
          'critical',
          `${venueName(venue)} disconnected${why} with ${live} working orders. ${venueName(venue)} does NOT cancel orders on disconnect: they may still trade.`,
          venue,
        );
      }
    }
  }

  /**
   * Runs a venue event handler. If even the journal fails (disk full) the event is lost to us
   * but not to the venue: the next reconciliation brings it back. The adapter must not die of it.
   */
  private guard(what: string, venue: VenueId, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      log.error(`could not record a venue ${what}; reconciling`, { venue, error });
      void this.reconciler.run(venue);
    }
  }

  /** Journals records durably, then applies them and tells listeners. */
  commit(records: JournalRecord[]): Changes {
    const changes: Changes = { orders: new Set(), fills: [], risk: false };
    if (records.length === 0) return changes;
    this.journal.append(records);
    for (const r of records) this.store.apply(r, changes);
    for (const l of this.listeners) l(changes);
    return changes;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onRisk(listener: (e: RiskEvent | undefined) => void): () => void {
    this.riskListeners.add(listener);
    return () => this.riskListeners.delete(listener);
  }

  riskEvent(
    kind: RiskEvent['kind'],
    severity: RiskEvent['severity'],
    message: string,
    venue?: VenueId,
  ): void {
    const e: RiskEvent = {
      kind,
      severity,
      message: message.slice(0, 1000),
      at: this.now(),
      ...(venue ? { venue } : {}),
    };
    this.riskEvents.push(e);
    if (this.riskEvents.length > 200) this.riskEvents.shift();
    (severity === 'info' ? log.info : log.warn)('risk event', { kind, venue, message });
    for (const l of this.riskListeners) l(e);
  }

  riskState(): RiskState {
    return { armed: this.armed && !this.store.killed, killed: this.store.killed };
  }

  /** Arming one-click trading also lifts the kill switch: both mean "I am ready to trade". */
  arm(armed: boolean): RiskState {
    if (armed && this.store.killed) this.commit([{ k: 'kill', at: this.now(), killed: false }]);
    this.armed = armed;
    this.riskEvent(
      armed ? 'armed' : 'disarmed',
      'info',
      armed ? 'Trading armed (one-click enabled).' : 'One-click trading disarmed.',
    );
    return this.riskState();
  }

  setLimits(limits: RiskLimits): RiskLimits {
    this.commit([{ k: 'limits', at: this.now(), limits }]);
    return this.store.limits;
  }

  // ---- orders ----------------------------------------------------------------------------

  /** Validation and risk for a new order, before any id exists. */
  prepare(input: PlaceOrderInput, parentCanonical?: string): Prepared {
    return prepareOrder(this, input, parentCanonical);
  }

  /** Mints ids; the idempotency key is derived and journaled before the first send. */
  intentFor(p: Prepared, parentId?: string): OrderIntent {
    const clientOrderId = randomUUID();
    return {
      ...p.intent,
      clientOrderId,
      idempotencyKey: p.adapter.idempotencyKeyFor(clientOrderId),
      ...(parentId ? { parentId } : {}),
    };
  }

  async place(
    input: PlaceOrderInput,
  ): Promise<
    | { status: 'accepted'; order: ReturnType<typeof orderView> }
    | { status: 'needs_confirmation'; warnings: string[] }
  > {
    const p = this.prepare(input);
    if (p.verdict.kind === 'reject') throw new ContractError('REJECTED', p.verdict.reason);
    if (p.verdict.kind === 'confirm') return { status: 'needs_confirmation', warnings: p.verdict.warnings };
    const intent = this.intentFor(p);
    this.commit([{ k: 'place', at: this.now(), intent }]);
    await this.send(intent.clientOrderId, 'place');
    return { status: 'accepted', order: orderView(this.order(intent.clientOrderId)) };
  }

  order(cid: string): Order {
    const o = this.store.orders.get(cid);
    if (!o) throw new ContractError('NOT_FOUND', 'no such order');
    return o;
  }

  async modify(cid: string, change: { price?: string; size?: string }): Promise<Order> {
    const o = this.order(cid);
    const adapter = this.adapters.get(o.intent.venue);
    if (!adapter?.capabilities.modify)
      throw new ContractError(
        'REJECTED',
        `${venueName(o.intent.venue)} cannot modify orders; cancel and place a new one`,
      );
    if (o.status !== 'working' && o.status !== 'partially_filled')
      throw new ContractError(
        'REJECTED',
        `the order is ${o.status.replace('_', ' ')} and cannot be modified now`,
      );
    const spec = this.specFor(o.intent.venue, o.intent.market);
    if (!spec)
      throw new ContractError(
        'UNAVAILABLE',
        `${o.intent.market} is not listed by ${venueName(o.intent.venue)} right now`,
      );
    const size = change.size !== undefined ? scaled(change.size, spec.sizeScale, 'Size', spec) : o.size;
    const price = change.price !== undefined ? scaled(change.price, spec.priceScale, 'Price', spec) : o.price;
    if (size <= o.filled)
      throw new ContractError('REJECTED', 'the new size must be larger than what is already filled');
    const verdict = checkOrder(
      { side: o.intent.side, type: o.intent.type, size, price, oneClick: false, confirm: true },
      {
        spec,
        killed: this.store.killed,
        armed: this.armed,
        mid: this.options.mids?.mid(spec.venue, spec.market, spec.canonical),
        // A modify adds no open order, so the open-order caps do not apply.
        openOnInstrument: 0,
        openTotal: 0,
      },
      this.store.limits,
    );
    if (verdict.kind === 'reject') throw new ContractError('REJECTED', verdict.reason);
    const key = adapter.idempotencyKeyFor(randomUUID());
    this.commit([{ k: 'modify', at: this.now(), cid, key, ...change }]);
    await this.send(cid, 'modify');
    return o;
  }

  async cancel(cid: string): Promise<Order> {
    const o = this.order(cid);
    if (isTerminal(o.status))
      throw new ContractError('REJECTED', `the order is already ${o.status.replace('_', ' ')}`);
    if (o.status !== 'cancel_pending') {
      const key = this.adapters.get(o.intent.venue)!.idempotencyKeyFor(randomUUID());
      this.commit([{ k: 'cancel', at: this.now(), cid, key }]);
    }
    // Without a venue order id the cancel goes out as soon as the place is acknowledged.
    if (o.venueOrderId) await this.send(cid, 'cancel');
    return o;
  }

  isInFlight(cid: string): boolean {
    return (this.inFlight.get(cid) ?? 0) > 0;
  }

  /** Sends the order's current command; resolves after the first answer (retries continue). */
  async send(cid: string, action: CommandAction, opts: SendOptions = {}): Promise<SendResult> {
    const attempt = opts.attempt ?? 0;
    const retries = opts.retries ?? this.options.retries ?? 3;
    const o = this.store.orders.get(cid);
    const adapter = o && this.adapters.get(o.intent.venue);
    if (!o || !adapter || this.closed) return SKIPPED;
    const i = o.intent;
    const call = commandCall(adapter, o, action);
    if (!call) return SKIPPED;
    this.inFlight.set(cid, (this.inFlight.get(cid) ?? 0) + 1);
    try {
      const update = await withTimeout(call, this.timeoutMs, `${action} on ${venueName(i.venue)}`);
      if (this.closed) return SKIPPED;
      this.commit([{ k: 'reply', at: this.now(), cid, action, update }]);
    } catch (error) {
      if (this.closed) return SKIPPED;
      const c = classify(error);
      this.commit([
        {
          k: 'failed',
          at: this.now(),
          cid,
          action,
          kind: c.kind,
          message: c.message,
          final: c.outcome === 'final',
        },
      ]);
      const resend = c.outcome === 'retry' && attempt < retries && !(action === 'place' && this.store.killed);
      if (resend) {
        const base = this.options.retryBaseMs ?? 250;
        this.later(base * 2 ** attempt, () =>
          this.send(cid, action, { ...opts, attempt: attempt + 1 }).catch((error) =>
            log.error('resend failed', { clientOrderId: cid, action, error }),
          ),
        );
      } else if (c.outcome !== 'final' && !opts.fromReconcile) {
        void this.reconciler.run(i.venue);
      }
      return { ok: false, final: c.outcome === 'final', message: c.message };
    } finally {
      this.inFlight.set(cid, (this.inFlight.get(cid) ?? 1) - 1);
    }
    // A cancel asked for before the venue knew the order goes out now.
    if (action === 'place' && o.status === 'cancel_pending' && o.venueOrderId) await this.send(cid, 'cancel');
    return { ok: true };
  }

  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(t);
  }

  fills(): FillRecord[] {
    return [...this.store.fills.values()];
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    for (const u of this.unsubscribe) u();
    await this.reconciler.idle();
    this.journal.close();
  }
}
