// The order manager: validates and risk-checks commands, journals them (durably) before anything
// leaves, sends them through the venue adapters and folds every reply, stream update and fill
// back in through the journal. Its collaborators (order-sender.ts, reconcile.ts, kill-switch.ts,
// routed-orders.ts, prepare.ts) each get only the small interface of ports.ts they need; the
// rest of the app sees the public methods below and nothing else.
import { randomUUID } from 'node:crypto';
import { ContractError } from '../../shared/contract/errors';
import type {
  CancelReport,
  InstrumentLimits,
  OrderView,
  ParentView,
  PlaceOrderInput,
  PositionView,
  RiskEvent,
  RiskLimits,
  RiskState,
  SorPreview,
} from '../../shared/contract/orders';
import type { VenueId } from '../../shared/domain';
import { createLogger } from '../base/log';
import type { OrderSide, VenueAdapter } from '../venues/common/adapter';
import { CancelReplace } from './cancel-replace';
import { Journal, type ReplayReport } from './journal';
import { cancelEverything, type KillDeps, killSwitch } from './kill-switch';
import { OrderSender } from './order-sender';
import type { MarketScales, OrderLedger, VenueAccess } from './ports';
import type { MidSource } from './positions';
import { mintIntent, type OrderChecks, type Prepared, prepareOrder, scaled } from './prepare';
import { Reconciler } from './reconcile';
import { checkOrder, instrumentLimits, type RiskContext } from './risk';
import { shippedLimits } from './shipped-limits';
import { RiskAlertLog } from './risk-alerts';
import { parentViews, type RouterDeps, sorPreview, sorSend, type SorSendResult } from './routed-orders';
import { type DepthSource, reachPrice, type SorInput } from './smart-router';
import { type Changes, OrderStore } from './store';
import { VenueEvents } from './venue-events';
import type { FillRecord, JournalRecord, MarketSpec, Order } from './types';
import { isTerminal } from './types';
import { findSpec, venueName } from './venue-link';
import { orderView } from './views';

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
  /** The limits while the journal holds none (a fresh profile): by default the shipped ones. */
  initialLimits?: RiskLimits;
}

type Listener = (changes: Changes) => void;

export type PlaceResult =
  { status: 'accepted'; order: OrderView } | { status: 'needs_confirmation'; warnings: string[] };

export class OrderManager {
  /** What replaying the journal found (records, a torn tail, damaged lines). */
  readonly replay: ReplayReport;
  private readonly store = new OrderStore();
  private readonly adapters = new Map<VenueId, VenueAdapter>();
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private armed = false;
  private readonly journal: Journal;
  private readonly listeners = new Set<Listener>();
  private readonly alerts: RiskAlertLog;
  private readonly venueEvents: VenueEvents;
  private readonly ledger: OrderLedger;
  private readonly venues: VenueAccess;
  private readonly checks: OrderChecks;
  private readonly sender: OrderSender;
  private readonly reconciler: Reconciler;
  private readonly router: RouterDeps;
  private readonly killing: KillDeps;
  private readonly replacer: CancelReplace;

  constructor(private readonly options: OrderManagerOptions) {
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.commandTimeoutMs ?? 10_000;
    this.alerts = new RiskAlertLog(this.now);
    if (options.initialLimits) this.store.limits = options.initialLimits;
    const { journal, records, report } = Journal.open(options.journalPath);
    this.journal = journal;
    this.replay = report;
    for (const r of records) this.store.apply(r);
    for (const a of options.adapters) this.adapters.set(a.venue, a);
    this.raiseSetAside();

    this.ledger = { store: this.store, now: this.now, commit: (r) => this.commit(r) };
    this.venues = {
      venues: () => [...this.adapters.keys()],
      adapter: (v) => this.adapters.get(v),
      specFor: (v, market) => this.specFor(v, market),
      scalesOf: (v, market) => this.scalesOf(v, market),
      timeoutMs: this.timeoutMs,
    };
    this.checks = {
      adapter: (v) => this.adapters.get(v),
      specFor: (v, market) => this.specFor(v, market),
      riskContext: (spec, addsOrder, market) => this.riskContext(spec, addsOrder, market),
      limits: () => this.store.limits,
    };
    this.sender = new OrderSender({
      ledger: this.ledger,
      adapter: (v) => this.adapters.get(v),
      timeoutMs: this.timeoutMs,
      retries: options.retries ?? 3,
      retryBaseMs: options.retryBaseMs ?? 250,
      onDoubt: (v) => void this.reconciler.run(v),
    });
    const sending = {
      send: this.sender.send.bind(this.sender),
      isInFlight: this.sender.isInFlight.bind(this.sender),
    };
    const riskEvent = this.alerts.riskEvent.bind(this.alerts);
    this.replacer = new CancelReplace({ ...this.ledger, ...sending, ...this.venues });
    const replacing = { resumeReplace: (cid: string) => this.replacer.resume(cid) };
    this.reconciler = new Reconciler({ ...this.ledger, ...sending, ...this.venues, riskEvent, ...replacing });
    this.venueEvents = new VenueEvents({
      ...this.ledger,
      riskEvent,
      scalesOf: (v, market) => this.scalesOf(v, market),
      adoptRecord: (u) => this.reconciler.adoptRecord(u),
      reconcile: (v) => void this.reconciler.run(v),
    });
    for (const a of options.adapters) this.venueEvents.attach(a);
    this.killing = {
      ...this.ledger,
      ...sending,
      ...this.venues,
      riskEvent,
      disarm: () => {
        this.armed = false;
      },
    };
    this.router = {
      ...this.ledger,
      ...sending,
      depth: options.depth,
      specFor: (v, market) => this.specFor(v, market),
      prepare: (input, parentCanonical) => prepareOrder(this.checks, input, parentCanonical),
      limitsFor: (spec) =>
        instrumentLimits(
          this.store.limits,
          spec.venue,
          spec.market,
          shippedLimits(spec, options.mids?.mid(spec.venue, spec.market, spec.canonical)),
        ),
    };
  }

  /** Reconciles every venue (those down now are reconciled when they come up). */
  async start(): Promise<void> {
    await Promise.all([...this.adapters.keys()].map((v) => this.reconciler.run(v)));
  }

  /** Resolves once no reconciliation is running. */
  idle(): Promise<void> {
    return this.reconciler.idle();
  }

  // ---- reading -----------------------------------------------------------------------------

  find(cid: string): Readonly<Order> | undefined {
    return this.store.orders.get(cid);
  }

  orders(): readonly Readonly<Order>[] {
    return [...this.store.orders.values()];
  }

  /** Orders that may still trade at the venue, optionally of one venue. */
  workingOrders(venue?: VenueId): readonly Readonly<Order>[] {
    return this.store.liveOrders(venue);
  }

  parents(): ParentView[] {
    return parentViews(this.store);
  }

  fills(): FillRecord[] {
    return [...this.store.fills.values()];
  }

  positions(): PositionView[] {
    return this.store.positions.views(this.options.mids);
  }

  /** The recent events; an alert acknowledged since it was raised no longer asks for it. */
  riskEvents(count = 200): RiskEvent[] {
    return this.alerts
      .recent(count)
      .map((e) => (e.needsAck && e.id && this.store.acknowledged.has(e.id) ? { ...e, needsAck: false } : e));
  }

  /** A warning from outside the order flow (the host: suspend, screen lock, a reopened window). */
  warn(message: string): void {
    this.alerts.riskEvent('warning', 'warning', message);
  }

  riskState(): RiskState {
    return { armed: this.armed && !this.store.killed, killed: this.store.killed };
  }

  limits(): RiskLimits {
    return this.store.limits;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onRisk(listener: (e: RiskEvent) => void): () => void {
    return this.alerts.on(listener);
  }

  // ---- commands ----------------------------------------------------------------------------

  /** Arming one-click trading also lifts the kill switch: both mean "I am ready to trade". */
  arm(armed: boolean): RiskState {
    if (armed && this.store.killed) this.commit([{ k: 'kill', at: this.now(), killed: false }]);
    this.armed = armed;
    this.alerts.riskEvent(
      armed ? 'armed' : 'disarmed',
      'info',
      armed ? 'Trading armed (one-click enabled).' : 'One-click trading disarmed.',
    );
    return this.riskState();
  }

  /** One journal record per change: durable in one write, and the profile's audit trail of limits. */
  setLimits(limits: RiskLimits): RiskLimits {
    this.commit([{ k: 'limits', at: this.now(), limits }]);
    return this.store.limits;
  }

  /** An instrument's own limits and those in force for it now (shipped ones from the live mid). */
  instrumentLimits(venue: VenueId, market: string): { own: InstrumentLimits; effective: InstrumentLimits } {
    const spec = this.specFor(venue, market);
    if (!spec) throw new ContractError('BAD_REQUEST', `${market} is not a market on ${venueName(venue)}`);
    const {
      venue: _v,
      market: _m,
      ...own
    } = this.store.limits.instruments.find((i) => i.venue === venue && i.market === market) ??
    ({ venue, market } as RiskLimits['instruments'][number]);
    const mid = this.options.mids?.mid(venue, market, spec.canonical);
    return { own, effective: instrumentLimits(this.store.limits, venue, market, shippedLimits(spec, mid)) };
  }

  setInstrumentLimits(venue: VenueId, market: string, limits: InstrumentLimits | null): RiskLimits {
    if (!this.specFor(venue, market))
      throw new ContractError('BAD_REQUEST', `${market} is not a market on ${venueName(venue)}`);
    const current = this.store.limits;
    const others = current.instruments.filter((i) => i.venue !== venue || i.market !== market);
    return this.setLimits({
      ...current,
      instruments: limits ? [...others, { ...limits, venue, market }] : others,
    });
  }

  async place(input: PlaceOrderInput): Promise<PlaceResult> {
    const p: Prepared = prepareOrder(this.checks, input);
    if (p.verdict.kind === 'reject') throw new ContractError('REJECTED', p.verdict.reason);
    if (p.verdict.kind === 'confirm') return { status: 'needs_confirmation', warnings: p.verdict.warnings };
    const intent = mintIntent(p);
    this.commit([{ k: 'place', at: this.now(), intent }]);
    try {
      await this.sender.send(intent.clientOrderId, 'place');
    } catch (error) {
      // Journaled, outcome unknown (the journal itself failed on the answer): ask the venue.
      log.error('place did not complete; reconciling', { clientOrderId: intent.clientOrderId, error });
      void this.reconciler.run(intent.venue);
    }
    return { status: 'accepted', order: orderView(this.order(intent.clientOrderId)) };
  }

  async modify(cid: string, change: { price?: string; size?: string }): Promise<OrderView> {
    const o = this.order(cid);
    const adapter = this.adapters.get(o.intent.venue);
    if (!adapter) throw new ContractError('UNAVAILABLE', `${venueName(o.intent.venue)} is not connected`);
    // A venue that cannot modify gets cancel-replace (cancel-replace.ts): one order for the trader.
    const replace = !adapter.capabilities.modify;
    if (replace && (o.intent.type !== 'limit' || !o.venueOrderId))
      throw new ContractError(
        'REJECTED',
        `${venueName(o.intent.venue)} can only move an acknowledged limit order`,
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
      // A modify adds no open order, so the open-order caps do not apply.
      this.riskContext(spec, false),
      this.store.limits,
    );
    if (verdict.kind === 'reject') throw new ContractError('REJECTED', verdict.reason);
    const key = adapter.idempotencyKeyFor(randomUUID());
    if (replace) await this.replacer.start(cid, key, change);
    else {
      this.commit([{ k: 'modify', at: this.now(), cid, key, ...change }]);
      await this.sender.send(cid, 'modify');
    }
    return orderView(o);
  }

  async cancel(cid: string): Promise<OrderView> {
    const o = this.order(cid);
    if (isTerminal(o.status))
      throw new ContractError('REJECTED', `the order is already ${o.status.replace('_', ' ')}`);
    if (o.status !== 'cancel_pending') {
      const key = this.adapters.get(o.intent.venue)!.idempotencyKeyFor(randomUUID());
      this.commit([{ k: 'cancel', at: this.now(), cid, key }]);
    }
    // Without a venue order id the cancel goes out as soon as the place is acknowledged.
    if (o.venueOrderId) await this.sender.send(cid, 'cancel');
    return orderView(o);
  }

  cancelAll(venue?: VenueId, market?: string): Promise<CancelReport> {
    return cancelEverything(this.killing, venue, market);
  }

  kill(): Promise<CancelReport & { at: number }> {
    return killSwitch(this.killing);
  }

  routePreview(input: SorInput): SorPreview {
    return sorPreview(this.router, input);
  }

  routeSend(input: Parameters<typeof sorSend>[1]): Promise<SorSendResult> {
    return sorSend(this.router, input);
  }

  async close(): Promise<void> {
    this.sender.close();
    this.venueEvents.detach();
    await this.reconciler.idle();
    this.journal.close();
  }

  /** Acknowledges an alert that needs it (a journal record set aside); false if none is open. */
  acknowledge(id: string): boolean {
    if (!this.store.setAside.some((a) => a.id === id) || this.store.acknowledged.has(id)) return false;
    this.commit([{ k: 'ack', at: this.now(), id }]);
    // Every open window hears it, so the alert leaves every screen, not just the one that acknowledged.
    this.alerts.riskEvent('warning', 'info', 'Alert acknowledged.', undefined, { id, needsAck: false });
    return true;
  }

  // ---- internals ---------------------------------------------------------------------------

  /** Journal records replay could not apply stay in the journal; the trader is told until acknowledged. */
  private raiseSetAside(): void {
    for (const a of this.store.setAside) {
      if (this.store.acknowledged.has(a.id)) continue;
      this.alerts.riskEvent(
        'warning',
        'critical',
        `An order journal record (${a.kind}, ${new Date(a.at).toISOString()}) could not be replayed and was set aside: ${a.error}. It is kept in the journal; check the venue for the order it concerns.`,
        undefined,
        { id: a.id, needsAck: true },
      );
    }
  }

  private order(cid: string): Order {
    const o = this.store.orders.get(cid);
    if (!o) throw new ContractError('NOT_FOUND', 'no such order');
    return o;
  }

  private riskContext(
    spec: MarketSpec,
    addsOrder: boolean,
    market?: { side: OrderSide; size: number },
  ): RiskContext {
    const live = addsOrder ? this.store.liveOrders() : [];
    const depth = this.options.depth;
    const reach = market && depth ? reachPrice(depth, spec, market.side, market.size) : undefined;
    return {
      ...(reach !== undefined ? { reach } : {}),
      spec,
      killed: this.store.killed,
      armed: this.armed,
      mid: this.options.mids?.mid(spec.venue, spec.market, spec.canonical),
      openOnInstrument: live.filter((o) => o.intent.venue === spec.venue && o.intent.market === spec.market)
        .length,
      openTotal: live.length,
    };
  }

  private scalesOf(venue: VenueId, market: string): MarketScales {
    const spec = this.specFor(venue, market);
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

  private specFor(venue: VenueId, market: string): MarketSpec | undefined {
    return findSpec(this.adapters.get(venue), market);
  }

  /** Journals records durably, then applies them and tells listeners. */
  private commit(records: JournalRecord[]): Changes {
    const changes: Changes = { orders: new Set(), fills: [], risk: false };
    if (records.length === 0) return changes;
    this.journal.append(records);
    for (const r of records) this.store.apply(r, changes);
    for (const l of this.listeners) l(changes);
    this.replacer.afterCommit(changes);
    return changes;
  }
}
