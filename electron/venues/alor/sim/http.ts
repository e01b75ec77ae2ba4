// HTTP side of the simulator: the token server's POST /refresh and the few /md/v2 endpoints a
// client needs besides the sockets (instrument info, a book snapshot, server time, and the
// portfolio reconciliation lists of alor.md §5).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { alorRefreshBodySchema, type AlorFormat } from '../wire/alor-wire';
import { alorFormatSchema } from '../wire/alor-wire';
import type { Broker } from './broker';
import type { TokenAuthority } from './jwt';
import { px, renderBook, renderOrder, renderStopOrder } from './render';
import { renderPosition, renderTrade } from './render-portfolio';
import { alorInstrumentBySymbol, priceLimits } from './specs';
import { handleOrderHttp, type ReqIdMemory } from './http-orders';

export interface HttpContext {
  broker: Broker;
  tokens: TokenAuthority;
  faults: { delayMs: number; failInternally: boolean; rejectOrders: boolean };
  reqIds: ReqIdMemory;
}

const MAX_BODY = 64 * 1024;

export function handleHttp(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= MAX_BODY) chunks.push(c);
  });
  req.on('end', () => {
    const send = (status: number, body: unknown, text?: string) => {
      const out = () => {
        if (res.writableEnded || res.destroyed) return;
        const type = text === undefined ? 'application/json' : 'text/plain';
        res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
        res.end(text ?? JSON.stringify(body));
      };
      if (ctx.faults.delayMs > 0) setTimeout(out, ctx.faults.delayMs).unref();
      else out();
    };
    if (size > MAX_BODY) return send(413, { message: 'Request body too large' });
    try {
      route(ctx, req, Buffer.concat(chunks).toString('utf8'), send);
    } catch {
      send(500, { message: 'Internal Server Error' });
    }
  });
  req.on('error', () => res.destroy());
}

type Send = (status: number, body: unknown, text?: string) => void;

function route(ctx: HttpContext, req: IncomingMessage, body: string, send: Send): void {
  const url = new URL(req.url ?? '/', 'http://sim');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (ctx.faults.failInternally) return send(500, { message: 'Internal Server Error' });
  if (url.pathname === '/refresh') {
    if (req.method !== 'POST') return send(405, { message: 'Method Not Allowed' });
    return refresh(ctx, url, body, send);
  }
  if (parts[0] === 'commandapi') {
    const r = handleOrderHttp(ctx, req, url, parts, body);
    return send(r.status, r.body, r.text);
  }
  if (req.method !== 'GET') return send(405, { message: 'Method Not Allowed' });
  if (parts[0] !== 'md' || parts[1] !== 'v2') return send(404, { message: 'Not Found' });
  const format = alorFormatSchema.safeParse(url.searchParams.get('format') ?? 'Simple');
  if (!format.success) return send(400, { message: 'format must be Simple, Slim or Heavy' });
  const f: AlorFormat = format.data;
  const [, , section, exchange, symbol, list] = parts;
  if (section === 'time' && parts.length === 3) return send(200, Math.floor(Date.now() / 1000));
  if (section === 'Securities' && parts.length === 5) {
    const i = alorInstrumentBySymbol.get(symbol!);
    if (!i || i.exchange !== exchange) return send(404, { message: 'Not Found' });
    const step = px(i.tickSize, i.priceDecimals);
    return send(200, {
      symbol: i.symbol,
      shortname: i.shortname,
      description: i.description,
      exchange: i.exchange,
      market: 'FOND',
      type: 'CS',
      lotsize: i.lotSize,
      facevalue: 1,
      cfiCode: i.cfiCode,
      cancellation: '2099-12-31T00:00:00Z',
      minstep: step,
      rating: 0,
      marginbuy: 0,
      marginsell: 0,
      marginrate: 0,
      pricestep: step,
      priceMax: px(priceLimits(i).max, i.priceDecimals),
      priceMin: px(priceLimits(i).min, i.priceDecimals),
      theorPrice: 0,
      theorPriceLimit: 0,
      volatility: 0,
      currency: 'RUB',
      ISIN: i.isin,
      yield: null,
      board: i.board,
      primary_board: i.board,
      tradingStatus: 17,
      tradingStatusInfo: 'нормальный период торгов',
      complexProductCategory: '',
      priceMultiplier: 1,
      priceShownUnits: 1,
    });
  }
  if (section === 'orderbooks' && parts.length === 5) {
    const i = alorInstrumentBySymbol.get(symbol!);
    const m = ctx.broker.markets.get(symbol!);
    if (!i || !m || i.exchange !== exchange) return send(404, { message: 'Not Found' });
    const depth = Number(url.searchParams.get('depth') ?? 20);
    if (!Number.isInteger(depth) || depth < 1 || depth > 50)
      return send(400, { message: 'depth must be 1–50' });
    return send(200, renderBook(m.snapshot(depth), i, f, true, Date.now()));
  }
  if (section === 'Clients' && parts.length === 6) {
    const portfolio = symbol!;
    const auth = ctx.tokens.check(bearer(req));
    if (!auth.ok) return send(401, { message: 'Invalid JWT token!' });
    if (!auth.portfolios.includes(portfolio) || portfolio !== ctx.broker.portfolio)
      return send(403, { message: 'Forbidden' });
    const b = ctx.broker;
    const onExchange = (e: string) => e === exchange;
    if (list === 'orders')
      return send(
        200,
        [...b.orders.values()]
          .filter((o) => onExchange(o.instrument.exchange))
          .map((o) => renderOrder(o, f, true)),
      );
    if (list === 'stoporders')
      return send(
        200,
        b.stops
          .all()
          .filter((o) => onExchange(o.instrument.exchange))
          .map((o) => renderStopOrder(o, f, true)),
      );
    if (list === 'trades')
      return send(
        200,
        b.trades.filter((t) => onExchange(t.instrument.exchange)).map((t) => renderTrade(t, f, true)),
      );
    if (list === 'positions') {
      return send(
        200,
        [...b.positions.values()]
          .filter((p) => onExchange(p.instrument?.exchange ?? 'MOEX'))
          .map((p) => renderPosition(p, f, true)),
      );
    }
  }
  send(404, { message: 'Not Found' });
}

function refresh(ctx: HttpContext, url: URL, body: string, send: Send): void {
  let fromBody: {
    token?: string | undefined;
    Token?: string | undefined;
    allowedPortfolios?: string[] | undefined;
  } = {};
  if (body.trim() !== '') {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return send(400, { message: 'Request body is not valid JSON' });
    }
    const parsed = alorRefreshBodySchema.safeParse(json);
    if (!parsed.success)
      return send(400, { message: 'Request body must be {"token": string, "allowedPortfolios"?: string[]}' });
    fromBody = parsed.data;
  }
  // Query and body must not be mixed; when both carry a token the body wins (alor.md §2). ALOR's
  // SDK posts `?token=` (empty) with the token as `Token` in the body.
  const token = fromBody.token || fromBody.Token || url.searchParams.get('token') || '';
  const access = ctx.tokens.mint(token, fromBody.allowedPortfolios);
  if (!access) return send(403, { message: 'Refresh token is invalid, expired or revoked' });
  send(200, { AccessToken: access });
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}
