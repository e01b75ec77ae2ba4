// Order entry over `request` (finery-markets.md §7-8): add / mod / del / delAll with idempotent
// resends, the error-74 "already placed" lookup, and reconciliation after a reconnect.
import { parseScaled } from '../../../../shared/decimal';
import type {
  CancelOrderRequest,
  ModifyOrderRequest,
  PlaceOrderRequest,
  VenueMarketInfo,
  VenueOrderUpdate,
} from '../../common/adapter';
import { VenueError } from '../../common/adapter';
import { ErrorCode, WIRE_SCALE } from '../wire/finery-wire';
import { parseClientOrderId } from './auth';
import {
  addReplySchema,
  delAllReplySchema,
  delReplySchema,
  meaning,
  minAmount,
  modPartialFailureSchema,
  modReplySchema,
} from './codec';
import { VenueHistory } from './history';
import type { OrderTracker, Tracked } from './tracker';
import { normalizedType } from './tracker';

export interface Reply {
  reply?: unknown;
  error?: number;
  param?: string;
}

export interface DeskIo {
  /** Sends now; the promise settles with the venue's reply, or rejects if the session is lost first. */
  send(method: string, content?: Record<string, unknown>): Promise<Reply> | undefined;
  /** Resolves true once requests can be sent (session up, backend link up), false at the deadline. */
  whenReady(deadline: number): Promise<boolean>;
  market(name: string): VenueMarketInfo | undefined;
  replyTimeoutMs: number;
  orderTimeoutMs: number;
  cod: boolean;
  onResend(): void;
}

const wireId = (id: string): number | bigint => {
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : BigInt(id);
};

function toWire(text: string | undefined, what: string): number {
  if (text === undefined) throw new VenueError('invalid', `${what} is required`);
  let v: number;
  try {
    v = parseScaled(text, WIRE_SCALE);
  } catch (e) {
    throw new VenueError(
      'invalid',
      `${what} ${JSON.stringify(String(text).slice(0, 40))}: ${(e as Error).message}`,
    );
  }
  if (v <= 0) throw new VenueError('invalid', `${what} must be positive`);
  return v;
}

function venueError(code: number, param?: string): VenueError {
  const text = meaning(code) + (param ? ` [${param}]` : '');
  if (code === ErrorCode.delNotFound) return new VenueError('not_found', text, false, code);
  if (code === ErrorCode.internalError || code === ErrorCode.notConnected)
    return new VenueError('unavailable', text, true, code);
  if (code === ErrorCode.notAuthorised) return new VenueError('unauthorized', text, false, code);
  return new VenueError('rejected', text, false, code);
}

export class OrderDesk {
  readonly history: VenueHistory;

  constructor(
    private readonly io: DeskIo,
    private readonly t: OrderTracker,
  ) {
    this.history = new VenueHistory((m, c) => this.call(m, c), t);
  }

  /** One request with one reply deadline; the venue's error becomes a VenueError. */
  async call(method: string, content?: Record<string, unknown>): Promise<unknown> {
    if (!(await this.io.whenReady(Date.now() + this.io.replyTimeoutMs)))
      throw new VenueError('unavailable', 'not connected to Finery', true);
    const sent = this.io.send(method, content);
    if (!sent) throw new VenueError('unavailable', 'not connected to Finery', true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new VenueError('timeout', `no reply to ${method} within ${this.io.replyTimeoutMs} ms`, true),
          ),
        this.io.replyTimeoutMs,
      );
    });
    try {
      const r = await Promise.race([sent, timeout]);
      if (r.error !== undefined) throw venueError(r.error, r.param);
      return r.reply;
    } finally {
      clearTimeout(timer);
    }
  }

  async place(req: PlaceOrderRequest): Promise<VenueOrderUpdate> {
    const content = this.addContent(req);
    this.t.uuidByKey.set(req.idempotencyKey, req.clientOrderId);
    const r = await this.addWithResend(content);
    if (r.error === ErrorCode.clientOrderIdInUse) return this.history.lookup(req.idempotencyKey, req.market);
    if (r.error !== undefined) throw venueError(r.error, r.param);
    const p = addReplySchema.safeParse(r.reply);
    if (!p.success)
      throw new VenueError('unavailable', 'unreadable add reply; reconcile before resending', true);
    const a = p.data;
    const size = BigInt(content.size as number);
    const left = a.remainingSize ?? 0n;
    const tracked = this.t.ensure({
      instrument: req.market,
      type: 0,
      side: req.side,
      cancelReason: a.cancelReason ?? 0,
      orderId: a.id,
      clientOrderId: req.idempotencyKey,
      price: BigInt((content.price as number | undefined) ?? 0),
      initialSize: size,
      sizeLeft: left,
      createdAt: Date.now(),
      byVolume: false,
    });
    tracked.type = req.type === 'market' ? 'market' : 'limit';
    tracked.cod = content.cod === true;
    for (const d of a.deals ?? []) this.t.fill(tracked, d.id, d.price, d.size, Date.now(), 'taker');
    if (!this.t.isTerminal(tracked)) {
      tracked.sizeLeft = minAmount(tracked.sizeLeft, left);
      const rests = req.timeInForce === 'GTC' && (a.cancelReason ?? 0) === 0;
      if (tracked.sizeLeft <= 0n) this.t.finish(tracked, 'filled');
      else if (!rests) this.t.finish(tracked, 'cancelled', 'IOC/FOK remainder cancelled by the venue');
      else this.t.refreshOpen(tracked);
    }
    return this.t.publish(tracked);
  }

  private addContent(req: PlaceOrderRequest): Record<string, unknown> {
    const m = this.io.market(req.market);
    if (!m)
      throw new VenueError(
        'invalid',
        `unknown Finery market ${JSON.stringify(String(req.market).slice(0, 40))}`,
      );
    const key = parseClientOrderId(req.idempotencyKey);
    if (key === undefined)
      throw new VenueError('invalid', 'idempotencyKey must come from idempotencyKeyFor()');
    if (req.side !== 'buy' && req.side !== 'sell')
      throw new VenueError('invalid', 'side must be buy or sell');
    let type: string;
    if (req.type === 'limit') {
      if (req.postOnly && req.timeInForce !== 'GTC')
        throw new VenueError('invalid', 'post-only orders must be GTC');
      if (req.timeInForce === 'GTC') type = req.postOnly ? 'postOnly' : 'limit';
      else if (req.timeInForce === 'IOC') type = 'limitIOC';
      else if (req.timeInForce === 'FOK') type = 'limitFOK';
      else throw new VenueError('invalid', `Finery has no ${req.timeInForce} orders (GTC, IOC or FOK only)`);
    } else if (req.type === 'market') {
      if (req.timeInForce === 'IOC') type = 'marketIOC';
      else if (req.timeInForce === 'FOK') type = 'marketFOK';
      else throw new VenueError('invalid', 'Finery market orders are IOC or FOK');
    } else throw new VenueError('invalid', `Finery does not support ${String(req.type)} orders`);
    const size = toWire(req.size, 'size');
    const content: Record<string, unknown> = {
      instrument: req.market,
      clientOrderId: key,
      size,
      side: req.side === 'buy' ? 'bid' : 'ask',
      type,
    };
    if (req.type === 'limit') content.price = this.onGrid(m, toWire(req.price, 'price'));
    if (type === 'limit' || type === 'postOnly') content.cod = this.io.cod;
    return content;
  }

  private onGrid(m: VenueMarketInfo, price: number): number {
    const tick = parseScaled(m.tickSize, WIRE_SCALE);
    if (price % tick !== 0)
      throw new VenueError('invalid', `price is not a multiple of the tick ${m.tickSize}`);
    return price;
  }

  /**
   * Sends `add` and, while no reply is seen, resends the identical content (same clientOrderId)
   * after each reply timeout or session loss, until the order deadline. The first answer from any
   * send wins; a 74 from a resend means an earlier send got through.
   */
  private addWithResend(content: Record<string, unknown>): Promise<Reply> {
    const deadline = Date.now() + this.io.orderTimeoutMs;
    return new Promise<Reply>((resolve, reject) => {
      let done = false;
      let sends = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (r: Reply | VenueError) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearTimeout(overall);
        if (r instanceof VenueError) reject(r);
        else resolve(r);
      };
      const overall = setTimeout(
        () =>
          finish(
            new VenueError(
              'timeout',
              'no reply from Finery: the order may or may not be placed; resend with the same idempotency key',
              true,
            ),
          ),
        this.io.orderTimeoutMs,
      );
      const attempt = async () => {
        clearTimeout(timer);
        if (done) return;
        if (!(await this.io.whenReady(deadline)) || done) return;
        const sent = this.io.send('add', content);
        if (!sent) return void setTimeout(() => void attempt(), 50);
        if (++sends > 1) this.io.onResend();
        timer = setTimeout(() => void attempt(), this.io.replyTimeoutMs);
        sent.then(
          (r) => {
            // A late 74 to a resend must not beat a success still on its way for an earlier send.
            if (r.error === ErrorCode.clientOrderIdInUse && sends > 1)
              setTimeout(() => finish(r), Math.min(this.io.replyTimeoutMs, 250));
            else finish(r);
          },
          () => void attempt(),
        );
      };
      void attempt();
    });
  }

  async modify(req: ModifyOrderRequest): Promise<VenueOrderUpdate> {
    const old = this.t.byId.get(req.venueOrderId);
    if (!old) throw new VenueError('not_found', `order ${req.venueOrderId} is not known; reconcile first`);
    if (this.t.isTerminal(old))
      throw new VenueError('not_found', `order ${req.venueOrderId} is ${old.status}`);
    if (old.type !== 'limit')
      throw new VenueError('invalid', 'only resting limit orders can be modified on Finery');
    const m = this.io.market(old.market);
    const price =
      req.price !== undefined && m ? BigInt(this.onGrid(m, toWire(req.price, 'price'))) : old.price;
    // Our size is the order's total; Finery deducts what the replaced order already filled.
    const total = req.size !== undefined ? BigInt(toWire(req.size, 'size')) : old.initialSize + old.carried;
    const filledBefore = this.t.filledOf(old);
    const size = total - old.carried;
    if (size <= 0n) throw new VenueError('invalid', 'new size must exceed what has already filled');
    let reply: unknown;
    try {
      reply = await this.call('mod', { orderId: wireId(old.venueOrderId), price, size });
    } catch (e) {
      if (e instanceof VenueError && e.kind === 'not_found') this.t.publish(old);
      throw e;
    }
    const partial = modPartialFailureSchema.safeParse(reply);
    if (partial.success) {
      this.t.finish(
        old,
        'cancelled',
        `modify failed after the old order was removed: ${meaning(partial.data.error)}`,
      );
      this.t.publish(old);
      throw venueError(partial.data.error);
    }
    const p = modReplySchema.safeParse(reply);
    if (!p.success) throw new VenueError('unavailable', 'unreadable mod reply; reconcile', false);
    const r = p.data;
    this.t.finish(old, 'cancelled', `replaced by order ${r.id}`);
    this.t.publish(old);
    const next: Tracked = {
      ...old,
      venueOrderId: r.id,
      price,
      initialSize: r.initialSize,
      sizeLeft: r.remainingSize,
      carried: filledBefore,
      status: 'working',
      at: Date.now(),
    };
    delete next.reason;
    delete next.lastSig;
    const existing = this.t.byId.get(r.id);
    if (existing) {
      existing.carried = filledBefore;
      existing.cod = old.cod;
    } else this.t.remember(next);
    const t = existing ?? next;
    for (const d of r.deals ?? []) this.t.fill(t, d.id, d.price, d.size, Date.now(), 'taker');
    t.sizeLeft = minAmount(t.sizeLeft, r.remainingSize);
    if (t.sizeLeft <= 0n) this.t.finish(t, 'filled');
    else if ((r.cancelReason ?? 0) !== 0) this.t.finish(t, 'cancelled', meaning(r.cancelReason!));
    else this.t.refreshOpen(t);
    return this.t.publish(t);
  }

  async cancel(req: CancelOrderRequest): Promise<VenueOrderUpdate> {
    const t = this.t.byId.get(req.venueOrderId);
    if (t && this.t.isTerminal(t)) return this.t.toUpdate(t);
    if (!/^\d{1,20}$/.test(String(req.venueOrderId)))
      throw new VenueError('invalid', 'venueOrderId must be a Finery order id');
    const reply = delReplySchema.safeParse(await this.call('del', { orderId: wireId(req.venueOrderId) }));
    const now = this.t.byId.get(req.venueOrderId);
    if (!now) {
      if (!reply.success) throw new VenueError('unavailable', 'unreadable del reply', false);
      throw new VenueError(
        'not_found',
        `order ${req.venueOrderId} was cancelled but was not known to this session`,
      );
    }
    if (reply.success) now.sizeLeft = minAmount(now.sizeLeft, reply.data.remainingSize);
    this.t.finish(now, 'cancelled', 'cancelled by us');
    return this.t.publish(now);
  }

  async cancelAll(
    market?: string,
  ): Promise<{ cancelled: string[]; failed: { venueOrderId: string; reason: string }[] }> {
    if (market !== undefined && !this.io.market(market))
      throw new VenueError('invalid', `unknown Finery market ${JSON.stringify(String(market).slice(0, 40))}`);
    const open = this.t.active(market);
    try {
      const r = delAllReplySchema.safeParse(await this.call('delAll', market ? { instrument: market } : {}));
      if (!r.success) throw new VenueError('unavailable', 'unreadable delAll reply', false);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      return { cancelled: [], failed: open.map((t) => ({ venueOrderId: t.venueOrderId, reason })) };
    }
    for (const t of open) {
      this.t.finish(t, 'cancelled', 'cancelled by us');
      this.t.publish(t);
    }
    return { cancelled: open.map((t) => t.venueOrderId), failed: [] };
  }
}

export { normalizedType };
