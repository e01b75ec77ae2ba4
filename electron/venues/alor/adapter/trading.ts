// Order entry and reconciliation for the ALOR adapter: requests become /cws commands (checked in
// commands.ts before anything is sent), replies become normalised updates or VenueErrors, and
// the portfolio (fed by the /ws streams and the HTTP lists) supplies the state of known orders.
import { randomUUID } from 'node:crypto';
import type {
  CancelOrderRequest,
  ModifyOrderRequest,
  OrderRef,
  PlaceOrderRequest,
  VenueFill,
  VenueOrderUpdate,
} from '../../common/adapter';
import { VenueError } from '../../common/adapter';
import type { AlorReply } from '../wire/alor-wire';
import {
  createCommand,
  deleteCommand,
  updateCommand,
  type CommandContext,
  type MarketGrid,
} from './commands';
import type { OrderDesk } from './cws';
import type { AlorHttp } from './http';
import { priceText } from './numbers';
import type { AlorAdapterConfig } from './options';
import type { Portfolio } from './portfolio';

const FINAL = new Set(['filled', 'cancelled', 'rejected', 'expired']);

export interface TradingDeps {
  cfg: AlorAdapterConfig;
  ctx: CommandContext;
  desk: OrderDesk;
  http: AlorHttp;
  portfolio: Portfolio;
  grids: ReadonlyMap<string, { grid: MarketGrid }>;
  /** Why commands cannot be sent right now (not connected, down), or undefined. */
  blocked(): string | undefined;
}

export class Trading {
  constructor(private readonly deps: TradingDeps) {}

  async placeOrder(req: PlaceOrderRequest): Promise<VenueOrderUpdate> {
    const body = createCommand(req, this.grid(req.market), this.deps.ctx);
    const orderNumber = orderNumberOf(await this.send(body));
    this.deps.portfolio.link(orderNumber, req.clientOrderId, req.idempotencyKey);
    return (
      this.deps.portfolio.get(orderNumber) ?? {
        venue: 'alor',
        market: req.market,
        venueOrderId: orderNumber,
        clientOrderId: req.clientOrderId,
        idempotencyKey: req.idempotencyKey,
        side: req.side,
        type: req.type,
        ...(req.price !== undefined ? { price: req.price } : {}),
        size: String(body.quantity),
        filled: '0',
        status: 'pending',
        at: Date.now(),
      }
    );
  }

  async modifyOrder(req: ModifyOrderRequest): Promise<VenueOrderUpdate> {
    const cur = await this.known(req.venueOrderId);
    const body = updateCommand(
      req,
      { ...cur, meta: this.deps.portfolio.metaOf(req.venueOrderId) },
      this.grid(req.market),
      this.deps.ctx,
    );
    const orderNumber = orderNumberOf(await this.send(body));
    if (orderNumber !== req.venueOrderId) this.deps.portfolio.replaced(req.venueOrderId, orderNumber);
    this.deps.portfolio.link(orderNumber, req.clientOrderId, req.idempotencyKey);
    return (
      this.deps.portfolio.get(orderNumber) ?? {
        ...cur,
        venueOrderId: orderNumber,
        clientOrderId: req.clientOrderId,
        idempotencyKey: req.idempotencyKey,
        ...(typeof body.price === 'number' ? { price: priceText(body.price) } : {}),
        size: String(body.quantity),
        filled: '0',
        status: 'pending',
        at: Date.now(),
      }
    );
  }

  async cancelOrder(req: CancelOrderRequest): Promise<VenueOrderUpdate> {
    const cur = await this.known(req.venueOrderId);
    await this.send(deleteCommand(req.idempotencyKey, req.venueOrderId, cur.type, this.deps.ctx));
    // A 200 only says ALOR accepted the command (alor.md §3.6: status arrives on /ws). The order
    // is cancelled when the orders stream says so; until then it is reported as it stands, and
    // the stream's update reaches the order manager through the 'order' event.
    const deadline = Date.now() + this.deps.cfg.cancelConfirmMs;
    for (;;) {
      const now = this.deps.portfolio.get(req.venueOrderId) ?? cur;
      if (FINAL.has(now.status) || Date.now() >= deadline) return now;
      await new Promise((r) => setTimeout(r, Math.min(20, this.deps.cfg.cancelConfirmMs)));
    }
  }

  async cancelAll(
    market?: string,
  ): Promise<{ cancelled: string[]; failed: { venueOrderId: string; reason: string }[] }> {
    const targets = this.deps.portfolio.working(market).filter((o) => o.status !== 'pending');
    const results = await Promise.allSettled(
      targets.map((o) =>
        this.cancelOrder({
          clientOrderId: o.clientOrderId ?? '',
          venueOrderId: o.venueOrderId,
          idempotencyKey: randomUUID(),
          market: o.market,
        }),
      ),
    );
    const cancelled: string[] = [];
    const failed: { venueOrderId: string; reason: string }[] = [];
    results.forEach((r, i) => {
      const id = targets[i]!.venueOrderId;
      if (r.status === 'fulfilled') cancelled.push(id);
      else
        failed.push({
          venueOrderId: id,
          reason: r.reason instanceof Error ? r.reason.message : String(r.reason),
        });
    });
    return { cancelled, failed };
  }

  async openOrders(): Promise<VenueOrderUpdate[]> {
    const [orders, stops] = await Promise.all([
      this.deps.http.orders(this.deps.cfg.exchange, this.deps.cfg.portfolio),
      this.deps.http.stopOrders(this.deps.cfg.exchange, this.deps.cfg.portfolio),
    ]);
    for (const o of orders) this.deps.portfolio.applyOrder(o);
    for (const s of stops) this.deps.portfolio.applyStop(s);
    const ids = new Set([...orders, ...stops].map((o) => o.id));
    return this.deps.portfolio.working().filter((o) => ids.has(o.venueOrderId));
  }

  /**
   * By our clientOrderId, which every order carries in its comment (alor.md §3.4): first what the
   * orders stream told us, then the day's order lists over HTTP (§8), which hold every status.
   */
  async lookupOrder(ref: OrderRef): Promise<VenueOrderUpdate | undefined> {
    const known = this.deps.portfolio.byClientOrderId(ref.clientOrderId);
    if (known) return known;
    await this.openOrders();
    return this.deps.portfolio.byClientOrderId(ref.clientOrderId);
  }

  async fillsSince(sinceMs: number): Promise<VenueFill[]> {
    for (const t of await this.deps.http.trades(this.deps.cfg.exchange, this.deps.cfg.portfolio))
      this.deps.portfolio.applyTrade(t);
    return this.deps.portfolio.fillsSince(sinceMs);
  }

  private async send(body: Record<string, unknown>): Promise<AlorReply> {
    const blocked = this.deps.blocked();
    if (blocked) throw new VenueError('unavailable', blocked, true);
    const reply = await this.deps.desk.command(body);
    if (reply.httpCode === 200) return reply;
    const code = reply.httpCode;
    const message = `ALOR refused ${String(body.opcode)}: ${reply.message.slice(0, 200)} (${code})`;
    if (code === 401 || code === 403) throw new VenueError('unauthorized', message, code === 401, code);
    if (code === 404) throw new VenueError('not_found', message, false, code);
    if (code === 429 || code >= 500) throw new VenueError('unavailable', message, true, code);
    throw new VenueError('rejected', message, false, code);
  }

  private grid(market: string): MarketGrid {
    const g = this.deps.grids.get(market);
    if (!g)
      throw new VenueError(
        'invalid',
        `ALOR market ${String(market).slice(0, 32)} is not known (connect first)`,
      );
    return g.grid;
  }

  private async known(venueOrderId: string): Promise<VenueOrderUpdate> {
    const cur =
      this.deps.portfolio.get(venueOrderId) ??
      (await this.openOrders(), this.deps.portfolio.get(venueOrderId));
    if (!cur)
      throw new VenueError('not_found', `ALOR order ${String(venueOrderId).slice(0, 32)} is not known`);
    return cur;
  }
}

function orderNumberOf(reply: AlorReply): string {
  if (!reply.orderNumber)
    throw new VenueError('invalid', 'ALOR accepted the command but sent no order number');
  return reply.orderNumber;
}
