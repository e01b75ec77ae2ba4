// The HTTP order commands (alor.md §8; WarpOpenAPIv2 `/commandapi/warptrans/TRADE/v2/client/orders`):
// POST .../actions/{market|limit|stop|stopLimit} creates, PUT .../actions/{kind}/{orderId}
// replaces, DELETE .../orders/{orderId}?portfolio=&exchange=&stop= cancels. Bodies are the /cws
// bodies minus opcode/guid and run through the same command execution as /cws.
import type { IncomingMessage } from 'node:http';
import type { TokenAuthority } from './jwt';
import { executeOrderCommand, type CommandContext } from './commands';

export interface OrderHttpContext extends CommandContext {
  tokens: TokenAuthority;
  reqIds: ReqIdMemory;
}

export type HttpReply = { status: number; body: unknown; text?: string };

const KINDS = new Set(['market', 'limit', 'stop', 'stopLimit']);
const DUPLICATE = 'Request with such X-ALOR-REQID was already handled.';

/**
 * X-REQID idempotency: "if a request with this id already came, the order is not executed again
 * and a copy of the response to the first request is returned". The spec's 400 example shows how
 * the copy travels — status 400, `{"message":"Request with such X-ALOR-REQID was already
 * handled.","oldResponse":{"statusCode":200,"body":{...}}}` — and that is what a repeat gets.
 * Ids are remembered per token subject (one user's ids cannot collide with another's), bounded.
 */
export class ReqIdMemory {
  private readonly replies = new Map<string, { status: number; body: unknown }>();
  constructor(private readonly limit = 100_000) {}
  get(key: string) {
    return this.replies.get(key);
  }
  set(key: string, reply: { status: number; body: unknown }): void {
    this.replies.set(key, reply);
    if (this.replies.size > this.limit) this.replies.delete(this.replies.keys().next().value!);
  }
}

/** Handles /commandapi/warptrans/TRADE/v2/client/orders/...; `parts` are the decoded path segments. */
export function handleOrderHttp(
  ctx: OrderHttpContext,
  req: IncomingMessage,
  url: URL,
  parts: string[],
  body: string,
): HttpReply {
  const prefix = ['commandapi', 'warptrans', 'TRADE', 'v2', 'client', 'orders'];
  if (prefix.some((p, n) => parts[n] !== p)) return { status: 404, body: { message: 'Not Found' } };
  const rest = parts.slice(prefix.length);
  const h = req.headers.authorization;
  const auth = ctx.tokens.check(h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined);
  if (!auth.ok) return { status: 401, body: { message: 'Invalid JWT token!' } };

  if (req.method === 'DELETE' && rest.length === 1) {
    // DELETE carries no X-REQID in the spec: cancelling twice is harmless and answered as such.
    const acceptsJson = /application\/json/i.test(req.headers.accept ?? '');
    return rest[0] === 'all'
      ? cancelAll(ctx, auth.portfolios, url)
      : cancel(ctx, auth.portfolios, rest[0]!, url, acceptsJson);
  }
  const isCreate = req.method === 'POST' && rest.length === 2;
  const isUpdate = req.method === 'PUT' && rest.length === 3;
  if (rest[0] !== 'actions' || !KINDS.has(rest[1] ?? '') || !(isCreate || isUpdate)) {
    return { status: rest[0] === 'actions' ? 405 : 404, body: { message: 'Not Found' } };
  }
  // X-REQID is required; X-ALOR-REQID is its deprecated spelling, still honoured.
  const header = req.headers['x-reqid'] ?? req.headers['x-alor-reqid'];
  const reqId = typeof header === 'string' ? header.trim() : '';
  if (reqId === '') return { status: 400, body: { message: 'X-REQID header is required' } };
  const key = `${auth.portfolios.join(' ')}\n${reqId}`;
  const previous = ctx.reqIds.get(key);
  if (previous)
    return {
      status: 400,
      body: { message: DUPLICATE, oldResponse: { statusCode: previous.status, body: previous.body } },
    };

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return remember(ctx, key, { status: 400, body: { message: 'Request body is not valid JSON' } });
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return remember(ctx, key, { status: 400, body: { message: 'Request body must be a JSON object' } });
  const command = {
    ...(json as Record<string, unknown>),
    opcode: `${isCreate ? 'create' : 'update'}:${rest[1]}`,
    guid: reqId,
    ...(isUpdate ? { orderId: rest[2] } : {}),
  };
  const r = executeOrderCommand(ctx, auth.portfolios, command);
  return remember(
    ctx,
    key,
    r.ok
      ? { status: 200, body: { message: 'success', orderNumber: r.orderNumber } }
      : { status: r.httpCode, body: { message: r.message } },
  );
}

function remember(ctx: OrderHttpContext, key: string, reply: HttpReply): HttpReply {
  ctx.reqIds.set(key, { status: reply.status, body: reply.body });
  return reply;
}

/**
 * `stop` is a boolean query parameter; ALOR's C# SDK writes it with .NET's bool formatting
 * ("True"/"False"), so its case is not significant.
 */
function booleanParam(q: URLSearchParams, name: string): boolean | null | 'invalid' {
  const v = q.get(name);
  if (v === null) return null;
  const lower = v.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : 'invalid';
}

function cancel(
  ctx: OrderHttpContext,
  portfolios: string[],
  orderId: string,
  url: URL,
  acceptsJson: boolean,
): HttpReply {
  const q = url.searchParams;
  const stop = booleanParam(q, 'stop');
  const portfolio = q.get('portfolio');
  const exchange = q.get('exchange');
  if (!portfolio || !exchange || typeof stop !== 'boolean')
    return { status: 400, body: { message: 'portfolio, exchange and stop (true|false) are required' } };
  const r = executeOrderCommand(ctx, portfolios, {
    opcode: stop ? 'delete:stop' : 'delete:limit',
    guid: 'http-delete',
    orderId,
    exchange,
    user: { portfolio },
  });
  if (r.ok) {
    // The spec documents the 200 as the message "success" in text/plain, with jsonResponse=true
    // asking for JSON "for backward compatibility"; ALOR's C# SDK sends Accept: application/json
    // and deserialises the body as a JSON string. Either request for JSON gets "success" as a
    // JSON string, everything else the plain text.
    return acceptsJson || booleanParam(q, 'jsonResponse') === true
      ? { status: 200, body: 'success' }
      : { status: 200, body: null, text: 'success' };
  }
  if (r.httpCode === 400 && /not found/i.test(r.message))
    return {
      status: 400,
      body: { code: 'OrderToCancelNotFound (404)', message: 'Order to cancel not found' },
    };
  return { status: r.httpCode, body: { message: r.message } };
}

/**
 * DELETE .../orders/all?exchange=&portfolio=[&stop=]: `stop=true` cancels the conditional orders,
 * `stop=false` the exchange orders, and without it both ("all exchange and/or conditional
 * orders"). 200 is the JSON string "success"; nothing to cancel is 400 OrderToCancelNotFound.
 */
function cancelAll(ctx: OrderHttpContext, portfolios: string[], url: URL): HttpReply {
  const q = url.searchParams;
  const portfolio = q.get('portfolio');
  const exchange = q.get('exchange');
  const stop = booleanParam(q, 'stop');
  if (!portfolio || !exchange || stop === 'invalid')
    return { status: 400, body: { message: 'portfolio and exchange are required; stop is true or false' } };
  if (portfolio !== ctx.broker.portfolio || !portfolios.includes(portfolio))
    return {
      status: 403,
      body: { message: `Portfolio ${portfolio.slice(0, 32)} is not available for this token` },
    };
  const b = ctx.broker;
  const onExchange = (r: { status: string; instrument: { exchange: string } }) =>
    r.status === 'working' && r.instrument.exchange === exchange;
  let cancelled = 0;
  if (stop !== true)
    for (const o of [...b.orders.values()].filter(onExchange)) if (b.cancelOrder(o.id).ok) cancelled++;
  if (stop !== false)
    for (const o of b.stops.all().filter(onExchange)) if (b.cancelStop(o.id).ok) cancelled++;
  if (cancelled === 0)
    return { status: 400, body: { code: 'OrderToCancelNotFound', message: 'Orders to cancel not found' } };
  return { status: 200, body: 'success' };
}
