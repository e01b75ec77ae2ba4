// One order command's execution, shared by the /cws socket (alor.md §3) and the HTTP order
// endpoints (§8: "Bodies equal the /cws bodies minus opcode/guid"): validation, the portfolio
// check, the instrument and price rules, then the broker call. Each interface wraps the outcome
// in its own reply format.
import { DecimalError, parseScaled } from '../../../../shared/decimal';
import { alorCwsCommandSchema, type AlorOrderCommand } from '../wire/alor-wire';
import type { Broker, BrokerResult, NewOrderParams } from './broker';
import { px } from './render';
import { alorInstrumentBySymbol, priceLimits, type AlorInstrument } from './specs';
import type { StopParams } from './stops';

export interface CommandContext {
  broker: Broker;
  faults: { rejectOrders: boolean };
}

export type CommandOutcome =
  | { ok: true; orderNumber: string; done: 'created' | 'updated' | 'cancelled' }
  | { ok: false; httpCode: number; message: string };

/** `obj` is a /cws command (with `opcode`); `portfolios` are the ones the caller's token covers. */
export function executeOrderCommand(
  ctx: CommandContext,
  portfolios: readonly string[],
  obj: unknown,
): CommandOutcome {
  const bad = (message: string, httpCode = 400): CommandOutcome => ({ ok: false, httpCode, message });
  const parsed = alorCwsCommandSchema.safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.');
    return bad(path === 'quantity' ? issue.message : `${path || 'command'}: ${issue.message}`);
  }
  if (parsed.data.opcode === 'authorize') return bad('authorize is not an order command');
  const cmd = parsed.data as AlorOrderCommand;
  const portfolio = cmd.user.portfolio;
  if (portfolio !== ctx.broker.portfolio || !portfolios.includes(portfolio)) {
    // 403 is the reference's plausible code for a portfolio the token does not cover [INF].
    return bad(`Portfolio ${portfolio.slice(0, 32)} is not available for this token`, 403);
  }
  const [verb, kind] = cmd.opcode.split(':') as [
    'create' | 'update' | 'delete',
    'market' | 'limit' | 'stop' | 'stopLimit',
  ];
  const stopKind = kind === 'stop' || kind === 'stopLimit';
  let result: BrokerResult;
  if (cmd.opcode.startsWith('delete:')) {
    const del = cmd as Extract<AlorOrderCommand, { opcode: `delete:${string}` }>;
    if (del.exchange !== 'MOEX') return bad(`Order ${del.orderId} not found`);
    result = stopKind ? ctx.broker.cancelStop(del.orderId) : ctx.broker.cancelOrder(del.orderId);
    return outcome(result, 'cancelled');
  }
  const c = cmd as Exclude<AlorOrderCommand, { opcode: `delete:${string}` }>;
  const resolved = resolveInstrument(c);
  if (typeof resolved === 'string') return bad(resolved);
  const i = resolved;
  const tif = 'timeInForce' in c ? c.timeInForce : undefined;
  if (tif === 'goodtillcancelled' || ('icebergVariance' in c && c.icebergVariance)) {
    return bad(
      `${tif === 'goodtillcancelled' ? 'timeInForce goodtillcancelled' : 'icebergVariance'} is available for derivatives only`,
    );
  }
  if (ctx.faults.rejectOrders)
    return bad('Order rejected: the broker refused the order (simulated rejection)');
  const price = 'price' in c ? toPrice(c.price, i) : 0;
  if (typeof price === 'string') return bad(price);
  const orderId = 'orderId' in c ? c.orderId : undefined;
  if (!withinValueRange(c.quantity, price || priceLimits(i).max, i))
    return bad('Invalid or unsupported quantity');
  if (stopKind) {
    const s = c as Extract<AlorOrderCommand, { condition: unknown }>;
    if (!(s.allowMargin ?? s.AllowMargin)) return bad('allowMargin must be true for conditional orders');
    const trigger = toPrice(s.triggerPrice, i);
    if (typeof trigger === 'string') return bad(trigger.replace('price', 'triggerPrice'));
    if (s.stopEndUnixTime !== 0 && s.stopEndUnixTime * 1000 <= Date.now())
      return bad('stopEndUnixTime is in the past');
    const p: StopParams = {
      instrument: i,
      type: kind === 'stop' ? 'stop' : 'stoplimit',
      side: s.side,
      qty: s.quantity,
      price,
      triggerPrice: trigger,
      condition: s.condition,
      endTimeMs: s.stopEndUnixTime * 1000,
      timeInForce: ('timeInForce' in s && s.timeInForce) || 'oneday',
      protectingSeconds: s.protectingSeconds ?? null,
      activate: s.activate ?? true,
      comment: s.comment ?? null,
      icebergFixed: ('icebergFixed' in s && s.icebergFixed) || null,
    };
    result = verb === 'create' ? ctx.broker.createStop(p) : ctx.broker.replaceStop(orderId!, p);
  } else {
    const p: NewOrderParams = {
      instrument: i,
      type: kind === 'market' ? 'market' : 'limit',
      side: c.side,
      qty: c.quantity,
      price,
      timeInForce: ('timeInForce' in c && c.timeInForce) || 'oneday',
      comment: c.comment ?? null,
      icebergFixed: ('icebergFixed' in c && c.icebergFixed) || null,
    };
    result = verb === 'create' ? ctx.broker.createOrder(p) : ctx.broker.replaceOrder(orderId!, p);
  }
  return outcome(result, verb === 'create' ? 'created' : 'updated');
}

function outcome(r: BrokerResult, done: 'created' | 'updated' | 'cancelled'): CommandOutcome {
  return r.ok ? { ok: true, orderNumber: r.orderNumber, done } : r;
}

/** Board from `instrument.instrumentGroup` (2025-08 spec) or top-level `board` (older specs). */
function resolveInstrument(c: {
  instrument: { symbol: string; exchange: string; instrumentGroup?: string | undefined };
  board?: string | undefined;
}): AlorInstrument | string {
  const i = alorInstrumentBySymbol.get(c.instrument.symbol);
  const group = c.instrument.instrumentGroup;
  const notFound = `Instrument ${c.instrument.exchange}:${c.instrument.symbol.slice(0, 32)} not found`;
  if (!i || i.exchange !== c.instrument.exchange) return notFound;
  if (group && c.board && group !== c.board) return 'instrument.instrumentGroup and board disagree';
  const board = group ?? c.board;
  if (board && board !== i.board) return `${notFound} on board ${board.slice(0, 16)}`;
  return i;
}

function toPrice(text: string, i: AlorInstrument): number | string {
  let scaled: number;
  try {
    scaled = parseScaled(text, i.priceDecimals);
  } catch (err) {
    if (err instanceof DecimalError)
      return `Invalid price ${text.slice(0, 32)}: not a multiple of the price step`;
    throw err;
  }
  if (scaled <= 0) return 'Invalid price: must be positive';
  if (scaled % i.tickSize !== 0)
    return `Invalid price ${text.slice(0, 32)}: not a multiple of the price step`;
  // MOEX refuses a price outside the session's band, which the simulator publishes as the
  // instrument's priceMin/priceMax (GET /md/v2/Securities); without it a 99,999,999 order
  // would sweep the book into sums no account could hold.
  const limits = priceLimits(i);
  if (scaled < limits.min || scaled > limits.max)
    return `Invalid price ${text.slice(0, 32)}: outside the price limits ${px(limits.min, i.priceDecimals)}–${px(limits.max, i.priceDecimals)}`;
  return scaled;
}

/**
 * One order's value in kopecks stays a thousandth of the safe integer range, so positions and
 * money built from any number of orders can be counted exactly; beyond it the answer is the
 * quantity error ALOR gives an unusable quantity (alor.md §3 replies).
 */
const MAX_ORDER_VALUE_KOPECKS = Math.floor(Number.MAX_SAFE_INTEGER / 1000);
function withinValueRange(quantity: number, scaledPrice: number, i: AlorInstrument): boolean {
  const kopecks = (quantity * i.lotSize * scaledPrice * 100) / 10 ** i.priceDecimals;
  return Number.isFinite(kopecks) && kopecks <= MAX_ORDER_VALUE_KOPECKS;
}
