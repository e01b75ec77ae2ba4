// Order entry and order state over REST v2 (§11). The SOR socket carries no private data, so the
// state of our working orders comes from polling: the OPEN list once per interval, a GET for a
// tracked order that left it, and that order's executions when its filled amount moved. Fills
// are deduplicated by execution_id, and each fill is emitted before the order update it explains.
import { z } from 'zod';
import type { Logger } from '../../../base/log';
import { addDecimals, parseScaled } from '../../../../shared/decimal';
import type {
  CancelOrderRequest,
  OrderRef,
  PlaceOrderRequest,
  VenueFill,
  VenueMarketInfo,
  VenueOrderUpdate,
} from '../../common/adapter';
import { VenueError } from '../../common/adapter';
import type { Execution, Order, OrderStatus } from '../wire/paxos-wire';
import { listExecutionsResponseSchema, listOrdersResponseSchema, orderSchema } from '../wire/paxos-wire';
import { createBody, fillOf, isFinal, orderUpdate } from './map';
import type { PaxosTiming } from './options';
import { PaxosHttpError } from './rest';
import type { PaxosRest } from './rest';

export interface OrdersDeps {
  rest: PaxosRest;
  profileId?: string;
  market(symbol: string): VenueMarketInfo | undefined;
  emitOrder(u: VenueOrderUpdate): void;
  emitFill(f: VenueFill): void;
  log: Logger;
  timing: PaxosTiming;
}

interface Tracked {
  id: string;
  clientOrderId?: string;
  last: VenueOrderUpdate;
  /** amount_filled whose executions we have fetched. */
  fillsFor: string;
  done: boolean;
}

const MAX_PAGES = 50;
const MAX_SEEN_FILLS = 100_000;
const ID = /^[A-Za-z0-9_-]{1,100}$/;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function amount(text: string): number {
  try {
    return parseScaled(text, 12);
  } catch {
    return NaN;
  }
}

export class PaxosOrders {
  private readonly tracked = new Map<string, Tracked>();
  private readonly seenFills = new Set<string>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private polling: Promise<void> | undefined;
  private running = false;
  polls = 0;

  constructor(private readonly deps: OrdersDeps) {}

  private profile(): string {
    if (!this.deps.profileId)
      throw new VenueError(
        'invalid',
        'no Paxos profile id is configured; orders need one (settings → Paxos)',
      );
    return encodeURIComponent(this.deps.profileId);
  }

  start(): void {
    this.running = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
  }

  private schedule(): void {
    const active = [...this.tracked.values()].some((t) => !t.done);
    if (this.running && active && !this.timer) {
      this.timer = setInterval(() => void this.poll(), this.deps.timing.pollIntervalMs);
    } else if ((!active || !this.running) && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  async place(r: PlaceOrderRequest): Promise<VenueOrderUpdate> {
    const pid = this.profile();
    if (typeof r !== 'object' || r === null) throw new VenueError('invalid', 'order request is missing');
    if (typeof r.clientOrderId !== 'string' || !ID.test(r.clientOrderId))
      throw new VenueError('invalid', 'clientOrderId must be 1-100 letters, digits, - or _');
    if (typeof r.idempotencyKey !== 'string' || !ID.test(r.idempotencyKey))
      throw new VenueError('invalid', 'idempotencyKey must be 1-100 letters, digits, - or _');
    const market = typeof r.market === 'string' ? this.deps.market(r.market) : undefined;
    if (!market)
      throw new VenueError('invalid', `Paxos has no market ${JSON.stringify(String(r.market)).slice(0, 30)}`);
    const body = createBody(r, market);
    if (typeof body === 'string') throw new VenueError('invalid', body);
    let lastError: VenueError | undefined;
    for (let attempt = 0; attempt <= this.deps.timing.commandRetries; attempt++) {
      try {
        const order = await this.deps.rest.request('POST', `/profiles/${pid}/orders`, {
          body,
          schema: orderSchema,
        });
        return this.adopt(order, r.clientOrderId);
      } catch (err) {
        if (err instanceof PaxosHttpError && err.status === 409) {
          // The ref_id already placed an order (our earlier send got through): that order is the answer.
          const existing =
            orderSchema.safeParse(err.problem?.meta?.existing).data ??
            (await this.findByRef(r.idempotencyKey));
          if (existing) return this.adopt(existing, r.clientOrderId);
          throw new VenueError(
            'duplicate',
            'Paxos already has an order with this idempotency key',
            false,
            409,
          );
        }
        if (!(err instanceof VenueError) || !err.retryable) throw err;
        lastError = err;
        this.deps.log.info('order create not confirmed; resending with the same ref_id', {
          reason: err.message,
        });
      }
    }
    // The reply was never seen: ask for the order by its ref_id before giving up.
    const found = await this.findByRef(r.idempotencyKey).catch(() => undefined);
    if (found) return this.adopt(found, r.clientOrderId);
    throw new VenueError(
      lastError?.kind === 'timeout' ? 'timeout' : 'unavailable',
      `${lastError?.message ?? 'no reply from Paxos'}; resend with the same idempotency key`,
      true,
    );
  }

  /** Crash recovery's question, asked with REST v2's list filter ref_ids (paxos.md §11). */
  async lookupOrder(ref: OrderRef): Promise<VenueOrderUpdate | undefined> {
    const found = await this.findByRef(ref.idempotencyKey);
    return found && (await this.observe(this.track(found, ref.clientOrderId), found));
  }

  private async findByRef(refId: string): Promise<Order | undefined> {
    const res = await this.deps.rest.request('GET', `/profiles/${this.profile()}/orders`, {
      query: { ref_ids: refId, limit: '10' },
      schema: listOrdersResponseSchema,
    });
    return res.items.find((o) => o.ref_id === refId);
  }

  /** Starts tracking an order we learnt about and returns its normalised state. */
  private adopt(order: Order, clientOrderId?: string): VenueOrderUpdate {
    const update = orderUpdate(order, clientOrderId ?? this.tracked.get(order.id)?.clientOrderId);
    const t = this.tracked.get(order.id);
    if (t) {
      t.last = update;
      t.done = false;
    } else {
      this.tracked.set(order.id, {
        id: order.id,
        clientOrderId: update.clientOrderId,
        last: update,
        fillsFor: '0',
        done: false,
      });
    }
    this.schedule();
    return update;
  }

  async cancel(r: CancelOrderRequest): Promise<VenueOrderUpdate> {
    const pid = this.profile();
    if (typeof r?.venueOrderId !== 'string' || !ID.test(r.venueOrderId))
      throw new VenueError('invalid', 'venueOrderId must be the Paxos order id');
    const path = `/profiles/${pid}/orders/${encodeURIComponent(r.venueOrderId)}`;
    let acked = false;
    let lastError: VenueError | undefined;
    for (let attempt = 0; attempt <= this.deps.timing.commandRetries && !acked; attempt++) {
      try {
        await this.deps.rest.request('DELETE', path, { schema: z.unknown() });
        acked = true;
      } catch (err) {
        if (err instanceof PaxosHttpError && err.status === 403) {
          // Not cancellable: usually already filled or cancelled (maybe by our own earlier send).
          const now = await this.getOrder(r.venueOrderId);
          const u = await this.observe(this.track(now, r.clientOrderId), now);
          if (isFinal(u.status)) return u;
          throw new VenueError('rejected', `Paxos refused the cancel: ${err.message}`, false, 403);
        }
        if (!(err instanceof VenueError) || !err.retryable) throw err;
        lastError = err;
      }
    }
    if (!acked) throw lastError ?? new VenueError('unavailable', 'cancel not confirmed', true);
    // {} only acknowledges the request (§11.3): watch the order turn CANCELLED for a short while.
    const deadline = Date.now() + this.deps.timing.cancelConfirmMs;
    for (;;) {
      const now = await this.getOrder(r.venueOrderId);
      const u = await this.observe(this.track(now, r.clientOrderId), now);
      if (isFinal(u.status) || Date.now() >= deadline) return u;
      await sleep(Math.min(100, this.deps.timing.cancelConfirmMs));
    }
  }

  private track(order: Order, clientOrderId?: string): Tracked {
    if (!this.tracked.has(order.id)) this.adopt(order, clientOrderId);
    return this.tracked.get(order.id)!;
  }

  private getOrder(id: string): Promise<Order> {
    return this.deps.rest.request('GET', `/profiles/${this.profile()}/orders/${encodeURIComponent(id)}`, {
      schema: orderSchema,
    });
  }

  async cancelAll(
    market?: string,
  ): Promise<{ cancelled: string[]; failed: { venueOrderId: string; reason: string }[] }> {
    const open = (await this.listByStatus('OPEN')).filter((o) => market === undefined || o.market === market);
    const out = { cancelled: [] as string[], failed: [] as { venueOrderId: string; reason: string }[] };
    const results = await Promise.allSettled(
      open.map((o) =>
        this.cancel({ clientOrderId: '', venueOrderId: o.id, idempotencyKey: '', market: o.market }),
      ),
    );
    results.forEach((res, i) => {
      const id = open[i]!.id;
      if (res.status === 'rejected')
        out.failed.push({ venueOrderId: id, reason: (res.reason as Error).message });
      else if (res.value.status === 'filled') out.failed.push({ venueOrderId: id, reason: 'already filled' });
      else out.cancelled.push(id);
    });
    return out;
  }

  private async listByStatus(status: OrderStatus): Promise<Order[]> {
    const out: Order[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.deps.rest.request('GET', `/profiles/${this.profile()}/orders`, {
        query: { status, limit: '1000', page_cursor: cursor },
        schema: listOrdersResponseSchema,
      });
      out.push(...res.items);
      cursor = res.next_page_cursor;
      if (!cursor) break;
    }
    return out;
  }

  private async executions(query: Record<string, string>): Promise<Execution[]> {
    const out: Execution[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.deps.rest.request('GET', `/profiles/${this.profile()}/executions`, {
        query: { ...query, limit: '500', page_cursor: cursor },
        schema: listExecutionsResponseSchema,
      });
      out.push(...res.items);
      cursor = res.next_page_cursor;
      if (!cursor) break;
    }
    return out;
  }

  async openOrders(): Promise<VenueOrderUpdate[]> {
    const lists = await Promise.all(
      (['PENDING_SUBMISSION', 'SUBMITTED', 'OPEN'] as const).map((s) => this.listByStatus(s)),
    );
    const byId = new Map(lists.flat().map((o) => [o.id, o]));
    return [...byId.values()].map((o) => orderUpdate(o, this.tracked.get(o.id)?.clientOrderId));
  }

  async fillsSince(sinceMs: number): Promise<VenueFill[]> {
    if (!Number.isFinite(sinceMs)) throw new VenueError('invalid', 'fillsSince needs a time in milliseconds');
    const execs = await this.executions({ 'range.begin': new Date(Math.max(0, sinceMs)).toISOString() });
    return execs
      .map((e) => fillOf(e, this.tracked.get(e.order_id)?.clientOrderId))
      .filter((f) => f.at >= sinceMs)
      .sort((a, b) => a.at - b.at);
  }

  /** One poll now (after a reconnect, or by the interval). Concurrent calls share one poll. */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce()
      .catch((err: unknown) =>
        this.deps.log.info('order poll failed; retrying next interval', { reason: (err as Error).message }),
      )
      .finally(() => {
        this.polling = undefined;
        this.schedule();
      });
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const active = [...this.tracked.values()].filter((t) => !t.done);
    if (active.length === 0) return;
    this.polls++;
    const open = new Map((await this.listByStatus('OPEN')).map((o) => [o.id, o]));
    for (const t of active) {
      const order = open.get(t.id) ?? (await this.getOrder(t.id));
      await this.observe(t, order);
    }
  }

  /** Applies one fresh view of an order: new fills first, then the update if anything changed. */
  private async observe(t: Tracked, order: Order): Promise<VenueOrderUpdate> {
    // Without amount_filled (optional in REST v2) the order's executions say how much filled.
    let execs = order.amount_filled === undefined ? await this.executions({ order_id: t.id }) : undefined;
    const u = orderUpdate(order, t.clientOrderId, execs && addDecimals(execs.map((e) => e.amount)));
    const final = isFinal(u.status);
    // A poll and a cancel can observe the same order concurrently; a view fetched before the
    // order closed must not reopen it (the soak test caught a cancelled order left "working").
    if (t.done && !final) return t.last;
    if (amount(u.filled) !== amount(t.fillsFor) || (final && amount(u.filled) > 0 && !t.done)) {
      execs ??= await this.executions({ order_id: t.id });
      execs.sort((a, b) => Number(a.execution_id) - Number(b.execution_id));
      for (const e of execs) {
        if (this.seenFills.has(e.execution_id)) continue;
        this.remember(e.execution_id);
        this.deps.emitFill(fillOf(e, t.clientOrderId));
      }
      t.fillsFor = u.filled;
    }
    const prev = t.last;
    t.last = u;
    if (prev.status !== u.status || prev.filled !== u.filled || prev.averagePrice !== u.averagePrice)
      this.deps.emitOrder(u);
    if (final) t.done = true;
    return u;
  }

  private remember(id: string): void {
    this.seenFills.add(id);
    if (this.seenFills.size > MAX_SEEN_FILLS) this.seenFills.delete(this.seenFills.values().next().value!);
  }
}
