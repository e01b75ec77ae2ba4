// The /cws order interface (alor.md §3): the connection is authorized by `authorize` (again before
// the token expires), then create:/update:/delete: commands are answered with
// `{requestGuid, httpCode, message[, orderNumber]}`. Execution results travel on /ws.
import type { WebSocket } from 'ws';
import { DecimalError, parseScaled } from '../../../../shared/decimal';
import {
  ALOR_CWS_OPCODES,
  alorCwsCommandSchema,
  type AlorOrderCommand,
  type AlorReply,
} from '../wire/alor-wire';
import type { Broker, BrokerResult, NewOrderParams } from './broker';
import type { TokenAuthority } from './jwt';
import { px } from './render';
import { alorInstrumentBySymbol, priceLimits, type AlorInstrument } from './specs';
import type { StopParams } from './stops';
import { sendInTurn } from '../../simkit/send';

export interface CwsFaultState {
  delayMs: number;
  rejectOrders: boolean;
  failInternally: boolean;
}

export interface CwsContext {
  broker: Broker;
  tokens: TokenAuthority;
  /** Replies by guid, shared by every connection so a resend after reconnect is recognised. */
  seen: GuidMemory;
  faults: CwsFaultState;
}

const INVALID_JWT = 'Invalid JWT token!';
const OPCODES = new Set<string>(ALOR_CWS_OPCODES);

/**
 * Idempotency by guid (alor.md §3.1): a command whose guid was seen is never executed again.
 * What the repeat gets back is open (README open question 6); the reference's reconnect advice
 * (§6: re-send unanswered commands with the same guid) only works if the repeat is answered, so
 * the original reply is sent again. Guids are remembered for the simulator's lifetime, bounded.
 */
export class GuidMemory {
  private readonly replies = new Map<string, AlorReply>();
  constructor(private readonly limit = 100_000) {}
  get(guid: string): AlorReply | undefined {
    return this.replies.get(guid);
  }
  set(guid: string, reply: AlorReply): void {
    this.replies.set(guid, reply);
    if (this.replies.size > this.limit) this.replies.delete(this.replies.keys().next().value!);
  }
}

export class CwsSession {
  private token: string | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly ctx: CwsContext,
  ) {
    ws.on('message', (raw, isBinary) => this.handle(isBinary ? '' : raw.toString()));
  }

  private handle(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.reply({ requestGuid: null, httpCode: 400, message: 'Request is not valid JSON' });
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) {
      return this.reply({ requestGuid: null, httpCode: 400, message: 'Request must be a JSON object' });
    }
    const obj = json as Record<string, unknown>;
    const guid = typeof obj.guid === 'string' && obj.guid !== '' ? obj.guid : null;
    if (typeof obj.opcode !== 'string' || !OPCODES.has(obj.opcode)) {
      const op = typeof obj.opcode === 'string' ? obj.opcode.slice(0, 64) : String(obj.opcode);
      return this.reply({ requestGuid: guid, httpCode: 400, message: `Unknown opcode '${op}'` });
    }
    if (obj.opcode === 'authorize') return this.authorize(guid, obj.token);
    // Commands before a successful authorize, or after its token expired or was revoked, are
    // refused like a bad token (alor.md §3.2, §9); the client re-authorizes on this connection.
    if (!this.token || !this.ctx.tokens.check(this.token).ok) {
      return this.reply({ requestGuid: guid, httpCode: 401, message: INVALID_JWT });
    }
    if (!guid)
      return this.reply({
        requestGuid: null,
        httpCode: 400,
        message: 'guid: a non-empty string is required',
      });
    // checkDuplicates (default true) is the server's duplicate-guid check (alor.md §3.1); a
    // client that turns it off gets its command executed even under a guid already seen.
    const previous = obj.checkDuplicates === false ? undefined : this.ctx.seen.get(guid);
    if (previous) return this.reply(previous);
    if (this.ctx.faults.failInternally) {
      // Not remembered: the command was not executed, so a retry with the same guid may run it.
      return this.reply({ requestGuid: guid, httpCode: 500, message: 'Internal Server Error' });
    }
    const reply = this.execute(guid, obj);
    this.ctx.seen.set(guid, reply);
    this.reply(reply);
  }

  private authorize(guid: string | null, token: unknown): void {
    if (!guid)
      return this.reply({
        requestGuid: null,
        httpCode: 400,
        message: 'guid: a non-empty string is required',
      });
    if (typeof token !== 'string' || !this.ctx.tokens.check(token).ok) {
      return this.reply({ requestGuid: guid, httpCode: 401, message: INVALID_JWT });
    }
    this.token = token;
    this.reply({ requestGuid: guid, httpCode: 200, message: 'The connection has been initialized.' });
  }

  private execute(guid: string, obj: Record<string, unknown>): AlorReply {
    const bad = (message: string, httpCode = 400): AlorReply => ({ requestGuid: guid, httpCode, message });
    const parsed = alorCwsCommandSchema.safeParse(obj);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = issue.path.join('.');
      return bad(path === 'quantity' ? issue.message : `${path || 'command'}: ${issue.message}`);
    }
    const cmd = parsed.data as AlorOrderCommand;
    const auth = this.ctx.tokens.check(this.token!);
    const portfolio = cmd.user.portfolio;
    if (portfolio !== this.ctx.broker.portfolio || !auth.ok || !auth.portfolios.includes(portfolio)) {
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
      result = stopKind ? this.ctx.broker.cancelStop(del.orderId) : this.ctx.broker.cancelOrder(del.orderId);
      return this.answer(guid, result, 'cancelled');
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
    if (this.ctx.faults.rejectOrders)
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
      result = verb === 'create' ? this.ctx.broker.createStop(p) : this.ctx.broker.replaceStop(orderId!, p);
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
      result = verb === 'create' ? this.ctx.broker.createOrder(p) : this.ctx.broker.replaceOrder(orderId!, p);
    }
    return this.answer(guid, result, verb === 'create' ? 'created' : 'updated');
  }

  private answer(guid: string, r: BrokerResult, done: string): AlorReply {
    if (!r.ok) return { requestGuid: guid, httpCode: r.httpCode, message: r.message };
    return {
      requestGuid: guid,
      httpCode: 200,
      message: `An order '${r.orderNumber}' has been ${done}.`,
      orderNumber: r.orderNumber,
    };
  }

  private reply(r: AlorReply): void {
    const text = JSON.stringify(r);
    const send = () => {
      if (this.ws.readyState === this.ws.OPEN) sendInTurn(this.ws, text);
    };
    if (this.ctx.faults.delayMs > 0) setTimeout(send, this.ctx.faults.delayMs).unref();
    else send();
  }
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
