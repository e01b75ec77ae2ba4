// REST v2 routes (§11): orders and executions (bearer token with exchange:*_order scopes) and the
// public market endpoints. Every error is problem+json with the documented status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimMarket } from '../../simkit/index';
import {
  ORDER_MARKETS,
  SCOPE_READ_ORDER,
  SCOPE_WRITE_ORDER,
  createOrderRequestSchema,
  orderStatusSchema,
} from '../wire/paxos-wire';
import type { CreateOrderRequest } from '../wire/paxos-wire';
import { bearerToken, readBody, sendJson, sendProblem } from './http';
import { MARKET_NOTIONAL_CAP, fmtAmount, fmtPrice, marketInfo, parseAt } from './markets';
import type { OrderLedger, PaxosOrderRecord, SimPlacement } from './orders';
import type { TokenStore } from './tokens';

export interface RestContext {
  profileId: string;
  markets: ReadonlyMap<string, SimMarket>;
  ledger: OrderLedger;
  tokens: TokenStore;
  rejectOrders(): boolean;
  failInternally(): boolean;
  /** Timers owned by the simulator (GTT expiry, async cancel) so close() can clear them. */
  later(ms: number, fn: () => void): () => void;
}

type Route = {
  method: string;
  re: RegExp;
  handler: (
    ctx: RestContext,
    req: IncomingMessage,
    res: ServerResponse,
    m: string[],
    q: URLSearchParams,
  ) => Promise<void> | void;
  scope?: string;
};

const ROUTES: Route[] = [
  { method: 'POST', re: /^\/v2\/profiles\/([^/]+)\/orders$/, handler: createOrder, scope: SCOPE_WRITE_ORDER },
  {
    method: 'GET',
    re: /^\/v2\/profiles\/([^/]+)\/orders$/,
    handler: (c, _r, res, m, q) => listOrders(c, res, q, m[0]),
    scope: SCOPE_READ_ORDER,
  },
  {
    method: 'GET',
    re: /^\/v2\/orders$/,
    handler: (c, _r, res, _m, q) => listOrders(c, res, q),
    scope: SCOPE_READ_ORDER,
  },
  {
    method: 'GET',
    re: /^\/v2\/profiles\/([^/]+)\/orders\/([^/]+)$/,
    handler: getOrder,
    scope: SCOPE_READ_ORDER,
  },
  {
    method: 'DELETE',
    re: /^\/v2\/profiles\/([^/]+)\/orders\/([^/]+)$/,
    handler: cancelOrder,
    scope: SCOPE_WRITE_ORDER,
  },
  {
    method: 'GET',
    re: /^\/v2\/profiles\/([^/]+)\/executions$/,
    handler: (c, _r, res, m, q) => listExecutions(c, res, q, m[0], 500),
    scope: SCOPE_READ_ORDER,
  },
  {
    method: 'GET',
    re: /^\/v2\/executions$/,
    handler: (c, _r, res, _m, q) => listExecutions(c, res, q, undefined, 1000),
    scope: SCOPE_READ_ORDER,
  },
  { method: 'GET', re: /^\/v2\/markets$/, handler: listMarkets },
  { method: 'GET', re: /^\/v2\/markets\/([^/]+)\/order-book$/, handler: orderBook },
];

/** Rate bucket per §7: order-book 10/s, everything else 50/s. */
export function rateBucket(path: string): { bucket: string; perSecond: number } {
  if (/^\/v2\/markets\/[^/]+\/order-book$/.test(path)) return { bucket: 'order-book', perSecond: 10 };
  const route = ROUTES.find((r) => r.re.test(path));
  return { bucket: route ? route.re.source : 'other', perSecond: 50 };
}

export async function handleRest(
  ctx: RestContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const path = url.pathname.replace(/\/+$/, '');
  const matching = ROUTES.filter((r) => r.re.test(path));
  if (matching.length === 0) return sendProblem(res, 404, 'Not Found');
  const route = matching.find((r) => r.method === req.method);
  if (!route) {
    res.setHeader('allow', matching.map((r) => r.method).join(', '));
    return sendProblem(res, 405, `Method ${req.method ?? ''} not allowed`);
  }
  if (route.scope) {
    const check = ctx.tokens.check(bearerToken(req));
    if (!check.ok) {
      res.setHeader('www-authenticate', 'Bearer');
      return sendProblem(
        res,
        401,
        check.reason === 'missing' ? 'Missing bearer token' : 'Invalid or expired token',
      );
    }
    if (!check.record.scopes.has(route.scope))
      return sendProblem(res, 403, `Token lacks scope ${route.scope}`);
  }
  const params = route.re
    .exec(path)!
    .slice(1)
    .map((p) => decodeURIComponent(p));
  if (route.scope && path.startsWith('/v2/profiles/') && params[0] !== ctx.profileId) {
    return sendProblem(res, 404, 'Profile not found');
  }
  await route.handler(ctx, req, res, params, url.searchParams);
}

function internalError(res: ServerResponse): void {
  sendProblem(res, 500, 'Internal error', { title: 'Internal Server Error' });
}

async function createOrder(ctx: RestContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req); // BodyTooLarge propagates to the 413 handler
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return sendProblem(res, 400, 'Request body is not valid JSON');
  }
  const parsed = createOrderRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return sendProblem(
      res,
      400,
      `Invalid field ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const body = parsed.data;
  const checked = validate(ctx, body);
  if (typeof checked === 'string') return sendProblem(res, 400, checked);
  if (body.ref_id !== undefined) {
    const existing = ctx.ledger.existingForRefId(body.ref_id);
    if (existing) {
      return sendProblem(res, 409, `Order with ref_id ${body.ref_id} already exists`, {
        title: 'Already Exists',
        meta: { existing: ctx.ledger.toWire(existing) },
      });
    }
  }
  if (ctx.failInternally()) return internalError(res);
  // The documented create rejection is a 403 problem (§11.3); no order is recorded.
  if (ctx.rejectOrders()) return sendProblem(res, 403, 'insufficient funds');
  const rule = businessRules(ctx, body, checked);
  if (rule) return sendProblem(res, 403, rule);

  const placement: SimPlacement = {
    size: checked.size,
    price: checked.price,
    // A triggered STOP_MARKET is a market order, which is IOC (§11.1).
    tif: checked.tif === 'GTT' ? 'GTC' : body.type === 'STOP_MARKET' ? 'IOC' : checked.tif,
    postOnly: body.type === 'POST_ONLY_LIMIT',
  };
  const rec = ctx.ledger.place(
    {
      profileId: ctx.profileId,
      refId: body.ref_id,
      market: body.market,
      side: body.side,
      type: body.type,
      timeInForce: checked.tif,
      baseAmount: body.base_amount,
      price: body.price,
      quoteAmount: body.quote_amount,
      metadata: body.metadata,
      identityId: body.identity_id,
      identityAccountId: body.identity_account_id,
      recipientProfileId: body.recipient_profile_id,
      expirationMs: checked.expirationMs,
      stop:
        checked.stopScaled === undefined
          ? undefined
          : { stopPrice: body.stop_price!, stopScaled: checked.stopScaled, placement, triggered: false },
    },
    placement,
  );
  if (checked.expirationMs !== undefined) {
    ctx.later(checked.expirationMs - Date.now(), () => ctx.ledger.cancel(rec));
  }
  if (body.await_fill_millis) {
    await ctx.ledger.waitClosed(rec, body.await_fill_millis);
    return sendJson(res, 200, ctx.ledger.toWire(rec));
  }
  // Create answers before matching is reported, like the docs' example (status SUBMITTED).
  sendJson(res, 200, ctx.ledger.toWire(rec, true));
}

interface Checked {
  tif: 'GTC' | 'IOC' | 'FOK' | 'GTT';
  size: number;
  price?: number;
  expirationMs?: number;
  /** Stop orders only. */
  stopScaled?: number;
}

function validate(ctx: RestContext, b: CreateOrderRequest): Checked | string {
  if (!(ORDER_MARKETS as readonly string[]).includes(b.market))
    return `Invalid market ${b.market.slice(0, 20)}`;
  const market = ctx.markets.get(b.market);
  if (!market) return `Market ${b.market} is not available`;
  const spec = market.spec;
  const isStop = b.type === 'STOP_MARKET' || b.type === 'STOP_LIMIT';
  const tif = b.time_in_force ?? (b.type === 'MARKET' ? 'IOC' : 'GTC');
  // §11.1's TIF matrix: MARKET IOC only; stops GTC or GTT; LIMIT and POST_ONLY_LIMIT any.
  if (b.type === 'MARKET' && tif !== 'IOC') return 'MARKET orders support time_in_force IOC only';
  if (isStop && tif !== 'GTC' && tif !== 'GTT')
    return `${b.type} orders support time_in_force GTC or GTT only`;
  if ((b.identity_id === undefined) !== (b.identity_account_id === undefined)) {
    return 'identity_id and identity_account_id must be given together';
  }
  let expirationMs: number | undefined;
  if (tif === 'GTT') {
    if (b.expiration_date === undefined) return 'expiration_date is required for GTT';
    expirationMs = Number(b.expiration_date);
    if (!(expirationMs > Date.now() + 10_000))
      return 'expiration_date must be more than 10 seconds in the future';
  } else if (b.expiration_date !== undefined) {
    return 'expiration_date is only valid with time_in_force GTT';
  }
  let stopScaled: number | undefined;
  if (isStop) {
    // §11.1: "stop orders (only sell stops supported)".
    if (b.side !== 'SELL') return `${b.type} orders are supported for side SELL only`;
    if (b.stop_price === undefined) return `${b.type} orders require stop_price`;
    stopScaled = parseAt(b.stop_price, spec.priceDecimals);
    if (stopScaled === undefined || stopScaled <= 0 || stopScaled % spec.tickSize !== 0)
      return `stop_price must be a positive multiple of ${fmtPrice(spec, spec.tickSize)}`;
  } else if (b.stop_price !== undefined) {
    // The reference gives stop_price to stop orders only; it is refused rather than ignored.
    return `stop_price is not valid for ${b.type} orders`;
  }
  if (b.type === 'MARKET' || b.type === 'STOP_MARKET') {
    if (b.price !== undefined) return `price is not valid for ${b.type} orders`;
    if (b.type === 'MARKET' && b.side === 'BUY') {
      if (b.quote_amount === undefined || b.base_amount !== undefined)
        return 'MARKET BUY orders take quote_amount only';
      const quote = parseAt(b.quote_amount, 2);
      if (quote === undefined) return 'quote_amount must have at most 2 decimal places';
      if (quote < 1) return 'quote_amount must be at least 0.01';
      return { tif, size: sizeForQuote(market, quote) };
    }
    if (b.base_amount === undefined || b.quote_amount !== undefined)
      return `${b.type} SELL orders take base_amount only`;
  } else {
    if (b.price === undefined || b.base_amount === undefined)
      return `${b.type} orders require price and base_amount`;
    if (b.quote_amount !== undefined) return `quote_amount is not valid for ${b.type} orders`;
  }
  const size = parseAt(b.base_amount, spec.sizeDecimals);
  if (size === undefined) return `base_amount must have at most ${spec.sizeDecimals} decimal places`;
  if (size <= 0 || size % spec.lotSize !== 0) return 'base_amount is below the minimum size';
  if (b.type === 'MARKET') return { tif, size };
  if (b.type === 'STOP_MARKET') return { tif, size, expirationMs, stopScaled };
  const price = parseAt(b.price!, spec.priceDecimals);
  if (price === undefined || price <= 0 || price % spec.tickSize !== 0) {
    return `price must be a positive multiple of ${fmtPrice(spec, spec.tickSize)}`;
  }
  return { tif, size, price, expirationMs, stopScaled };
}

/** Base size a market buy of `quote` cents can take from the current asks (no overspend). */
function sizeForQuote(market: SimMarket, quoteCents: number): number {
  const spec = market.spec;
  let left = BigInt(quoteCents) * 10n ** BigInt(spec.priceDecimals + spec.sizeDecimals - 2);
  let size = 0;
  for (const level of market.snapshot(1_000_000).asks) {
    const cost = BigInt(level.price) * BigInt(level.size);
    if (cost <= left) {
      left -= cost;
      size += level.size;
      continue;
    }
    const part = Number(left / BigInt(level.price));
    size += part - (part % spec.lotSize);
    break;
  }
  return size;
}

/** §11.1 business rules; a message means a 403 rejection. */
function businessRules(ctx: RestContext, b: CreateOrderRequest, c: Checked): string | undefined {
  const market = ctx.markets.get(b.market)!;
  const spec = market.spec;
  const top = market.top();
  // Notional compared in exact integers: price * size carries priceDecimals + sizeDecimals places.
  const scale = 10n ** BigInt(spec.priceDecimals + spec.sizeDecimals);
  const over = (price: number, cap: number) => BigInt(price) * BigInt(c.size) > BigInt(cap) * scale;
  if (b.type === 'STOP_MARKET') {
    // Its fill price is unknown until it triggers; the stop price stands in for the cap check.
    return over(c.stopScaled!, MARKET_NOTIONAL_CAP) ? 'order notional is too large' : undefined;
  }
  if (b.type === 'MARKET') {
    if (c.size <= 0 || (b.side === 'BUY' ? !top.ask : !top.bid))
      return 'market conditions prevented execution';
    const tooBig =
      b.side === 'BUY'
        ? parseAt(b.quote_amount!, 2)! > MARKET_NOTIONAL_CAP * 100
        : over(top.bid!.price, MARKET_NOTIONAL_CAP);
    return tooBig ? 'order notional is too large' : undefined;
  }
  if (over(c.price!, marketInfo(spec).limitNotionalCap)) return 'order notional is too large';
  // The 15% band is for taker limit orders; an untriggered STOP_LIMIT takes nothing on entry.
  if (b.type === 'STOP_LIMIT') return undefined;
  const marketable =
    b.side === 'BUY'
      ? top.ask !== undefined && c.price! >= top.ask.price
      : top.bid !== undefined && c.price! <= top.bid.price;
  if (marketable && top.bid && top.ask) {
    // |price - mid| >= 15% of mid, kept in integers: |2p - (bid + ask)| * 100 >= 15 * (bid + ask).
    const twiceMid = top.bid.price + top.ask.price;
    if (Math.abs(2 * c.price! - twiceMid) * 100 >= 15 * twiceMid) return 'price is too far from the market';
  }
  return undefined;
}

function getOrder(ctx: RestContext, _req: IncomingMessage, res: ServerResponse, m: string[]): void {
  const rec = ctx.ledger.orders.get(m[1]!);
  if (!rec || rec.profileId !== m[0]) return sendProblem(res, 404, 'Order not found');
  sendJson(res, 200, ctx.ledger.toWire(rec));
}

function cancelOrder(ctx: RestContext, _req: IncomingMessage, res: ServerResponse, m: string[]): void {
  const rec = ctx.ledger.orders.get(m[1]!);
  if (!rec || rec.profileId !== m[0]) return sendProblem(res, 404, 'Order not found');
  if (ctx.ledger.status(rec) !== 'OPEN') return sendProblem(res, 403, 'order is not in cancellable state');
  if (ctx.failInternally()) return internalError(res);
  // `{}` only acknowledges the request; the order turns CANCELLED just after (§11.3).
  ctx.later(0, () => ctx.ledger.cancel(rec));
  sendJson(res, 200, {});
}

function pageOf<T>(
  items: T[],
  q: URLSearchParams,
  maxLimit: number,
  defaultLimit: number,
): { page: T[]; next?: string } | string {
  const limitText = q.get('limit');
  const limit = limitText === null ? defaultLimit : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit)
    return `limit must be an integer between 1 and ${maxLimit}`;
  const cursor = q.get('page_cursor');
  const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) return 'invalid page_cursor';
  const page = items.slice(start, start + limit);
  const next =
    start + limit < items.length ? Buffer.from(String(start + limit)).toString('base64url') : undefined;
  return { page, next };
}

function timeFilter(q: URLSearchParams, prefix: string): { begin?: number; end?: number } | string {
  const out: { begin?: number; end?: number } = {};
  for (const k of ['begin', 'end'] as const) {
    const v = q.get(`${prefix}.${k}`);
    if (v === null) continue;
    const t = Date.parse(v);
    if (Number.isNaN(t)) return `${prefix}.${k} must be an RFC 3339 time`;
    out[k] = t;
  }
  return out;
}

function listOrders(ctx: RestContext, res: ServerResponse, q: URLSearchParams, profileId?: string): void {
  const profile = profileId ?? q.get('profile_id') ?? undefined;
  const market = q.get('market');
  const status = q.get('status');
  if (status !== null && !orderStatusSchema.safeParse(status).success)
    return sendProblem(res, 400, `Invalid status ${status.slice(0, 30)}`);
  const refIds = q
    .getAll('ref_ids')
    .flatMap((v) => v.split(','))
    .filter((v) => v.length > 0);
  const time = timeFilter(q, 'order_time');
  if (typeof time === 'string') return sendProblem(res, 400, time);
  const items = [...ctx.ledger.orders.values()]
    .filter((r: PaxosOrderRecord) => {
      if (profile !== undefined && r.profileId !== profile) return false;
      if (market !== null && r.market !== market) return false;
      if (refIds.length > 0 && (r.refId === undefined || !refIds.includes(r.refId))) return false;
      const ms = Number(r.createdNs / 1_000_000n);
      if (time.begin !== undefined && ms < time.begin) return false;
      if (time.end !== undefined && ms > time.end) return false;
      return status === null || ctx.ledger.status(r) === status;
    })
    .reverse(); // newest first
  const page = pageOf(items, q, 1000, 100);
  if (typeof page === 'string') return sendProblem(res, 400, page);
  const body: Record<string, unknown> = { items: page.page.map((r) => ctx.ledger.toWire(r)) };
  if (page.next) body.next_page_cursor = page.next;
  sendJson(res, 200, body);
}

function listExecutions(
  ctx: RestContext,
  res: ServerResponse,
  q: URLSearchParams,
  profileId: string | undefined,
  max: number,
): void {
  const profile = profileId ?? q.get('profile_id') ?? undefined;
  const orderId = q.get('order_id');
  const since = q.get('since_execution_id');
  if (since !== null && !/^\d+$/.test(since))
    return sendProblem(res, 400, 'since_execution_id must be an unsigned integer');
  const items = ctx.ledger.executions.filter((e) => {
    const rec = ctx.ledger.orders.get(e.orderId)!;
    if (profile !== undefined && rec.profileId !== profile) return false;
    if (orderId !== null && e.orderId !== orderId) return false;
    return since === null || e.seq > Number(since);
  });
  const page = pageOf(items, q, max, 20);
  if (typeof page === 'string') return sendProblem(res, 400, page);
  const body: Record<string, unknown> = { items: page.page.map((e) => ctx.ledger.executionToWire(e)) };
  if (page.next) body.next_page_cursor = page.next;
  sendJson(res, 200, body);
}

function listMarkets(ctx: RestContext, _req: IncomingMessage, res: ServerResponse): void {
  const markets = [...ctx.markets.values()].map((m) => {
    const info = marketInfo(m.spec);
    return {
      market: info.market,
      base_asset: info.baseAsset,
      quote_asset: info.quoteAsset,
      tick_rate: fmtPrice(m.spec, m.spec.tickSize),
    };
  });
  sendJson(res, 200, { markets });
}

function orderBook(ctx: RestContext, _req: IncomingMessage, res: ServerResponse, m: string[]): void {
  const market = ctx.markets.get(m[0]!);
  if (!market) return sendProblem(res, 404, 'Market not found');
  const book = market.snapshot(1_000_000);
  const spec = market.spec;
  const lv = (l: { price: number; size: number }) => ({
    price: fmtPrice(spec, l.price),
    amount: fmtAmount(spec, l.size),
  });
  sendJson(res, 200, { market: m[0], bids: book.bids.map(lv), asks: book.asks.map(lv) });
}
