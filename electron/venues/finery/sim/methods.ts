// The REST methods (reference §8), one dispatcher for both REST calls and WS `request` tunnelling,
// so that `reply` payloads and REST responses are identical by construction.
import type { z } from 'zod';
import { createLogger } from '../../../base/log';
import {
  ErrorCode,
  addContentSchema,
  bookContentSchema,
  dealHistoryContentSchema,
  delAllContentSchema,
  delContentSchema,
  modContentSchema,
} from '../wire/finery-wire';
import { fail, type Account, type MethodResult } from './account';
import { BOOK_DEPTH, type BookHub } from './books';
import {
  delCLimitContentSchema,
  setCLimitContentSchema,
  setLimitContentSchema,
  type CreditDesk,
} from './credit';
import {
  addIncomingRequestSchema,
  addOutgoingTransactionSchema,
  delIncomingRequestSchema,
  sendOutgoingTransactionSchema,
  transactionIdSchema,
  type SettlementDesk,
} from './settlement';

/** The modelled methods that take parameters (the rest are parameterless). */
const WITH_CONTENT = new Set([
  'add',
  'mod',
  'del',
  'delAll',
  'book',
  'dealHistory',
  'setLimit',
  'setCLimit',
  'delCLimit',
  'addIncomingSettlementRequest',
  'delIncomingSettlementRequest',
  'addOutgoingSettlementTransaction',
  'sendOutgoingSettlementTransaction',
  'delOutgoingSettlementTransaction',
  'commitIncomingSettlementTransaction',
]);

/** Documented methods the simulator does not model: answered 1 (not implemented), not 8. */
const DOCUMENTED_ONLY = new Set([
  'delLimit',
  'getSubaccounts',
  'getCounterpartyInfo',
  'connectCounterparty',
  'cancelConnectionInvite',
  'settlementHistory',
  'settlementTransactionHistory',
  'delIncomingSettlementCPRequest',
  'voiceTrade',
  'liquidationTrade',
  'instrumentMarkups',
  'addInstrumentMarkups',
  'delInstrumentMarkups',
  'qs/getAvailableQsProviders',
  'pending/add',
  'pending/del',
  'pending/delAll',
  'pending/orders',
  'authorized/add',
]);

const log = createLogger('finery-sim');

export interface MethodContext {
  account: Account;
  credit: CreditDesk;
  settlement: SettlementDesk;
  books: BookHub;
  /** failInternally fault: while on, every method answers 10. */
  failInternally: () => boolean;
}

function parse<T extends z.ZodType>(
  schema: T,
  content: unknown,
): { ok: true; value: z.infer<T> } | { ok: false; result: MethodResult } {
  const r = schema.safeParse(content ?? {});
  if (r.success) return { ok: true, value: r.data };
  const path = r.error.issues[0]?.path[0];
  const required =
    r.error.issues[0]?.code === 'invalid_type' && r.error.issues[0].message.includes('undefined');
  const code = required ? ErrorCode.fieldRequired : ErrorCode.invalidParameter;
  return { ok: false, result: fail(code, typeof path === 'string' ? path : undefined) };
}

function run<T extends z.ZodType>(
  schema: T,
  content: unknown,
  method: (value: z.infer<T>) => MethodResult,
): MethodResult {
  const p = parse(schema, content);
  return p.ok ? method(p.value) : p.result;
}

/** Runs a method; a simulator bug surfaces as the venue's internal error (10), never as a crash. */
export function callMethod(
  ctx: MethodContext,
  method: string,
  content: unknown,
  connId: number | undefined,
): MethodResult {
  if (ctx.failInternally()) return fail(ErrorCode.internalError);
  // finery-markets.md §7: only the parameterless methods may omit `content`. Which code a missing
  // one gets is not documented; the reading taken is 110 "Field required" naming `content`, as
  // for any other missing field.
  if (content === undefined && WITH_CONTENT.has(method)) return fail(ErrorCode.fieldRequired, 'content');
  try {
    return dispatch(ctx, method, content, connId);
  } catch (err) {
    log.error('method failed', { method, error: err instanceof Error ? err : String(err) });
    return fail(ErrorCode.internalError);
  }
}

function dispatch(
  ctx: MethodContext,
  method: string,
  content: unknown,
  connId: number | undefined,
): MethodResult {
  const { account } = ctx;
  switch (method) {
    case 'add': {
      const p = parse(addContentSchema, content);
      return p.ok ? account.add(p.value, connId) : p.result;
    }
    case 'mod': {
      const p = parse(modContentSchema, content);
      const side = (content as { side?: unknown } | undefined)?.side;
      return p.ok
        ? account.mod({ ...p.value, ...(typeof side === 'string' ? { side } : {}) }, connId)
        : p.result;
    }
    case 'del': {
      const p = parse(delContentSchema, content);
      return p.ok ? account.del(p.value) : p.result;
    }
    case 'delAll': {
      const p = parse(delAllContentSchema, content);
      return p.ok ? account.delAll(p.value.instrument) : p.result;
    }
    case 'book': {
      const p = parse(bookContentSchema, content);
      if (!p.ok) return p.result;
      const inst = account.catalog.instrument(p.value.instrument);
      if (!inst) return fail(ErrorCode.instrumentNotFound, 'instrument');
      const [bids, asks] = ctx.books.current(inst.name);
      return { ok: true, reply: [bids.slice(0, BOOK_DEPTH), asks.slice(0, BOOK_DEPTH)] };
    }
    case 'instruments':
      return {
        ok: true,
        reply: [
          account.catalog.currencyRecords(true),
          account.catalog.instrumentRecords(),
          account.catalog.networkRecords(),
        ],
      };
    case 'positions':
      return { ok: true, reply: account.positionsReply() };
    case 'dealHistory': {
      const p = parse(dealHistoryContentSchema, content);
      if (!p.ok) return p.result;
      if (p.value.instrument !== undefined && !account.catalog.instrument(p.value.instrument)) {
        return fail(ErrorCode.instrumentNotFound, 'instrument');
      }
      return { ok: true, reply: account.dealHistory(p.value) };
    }
    case 'limits':
      return { ok: true, reply: ctx.credit.globalRecords() };
    case 'climits':
      return { ok: true, reply: ctx.credit.counterpartyRecords() };
    case 'setLimit':
      return run(setLimitContentSchema, content, (v) => ctx.credit.setLimit(v));
    case 'setCLimit':
      return run(setCLimitContentSchema, content, (v) => ctx.credit.setCLimit(v));
    case 'delCLimit':
      return run(delCLimitContentSchema, content, (v) => ctx.credit.delCLimit(v));
    case 'settlementRequests':
      return { ok: true, reply: ctx.settlement.requestsSnapshot() };
    case 'settlementTransactions':
      return { ok: true, reply: ctx.settlement.transactionsSnapshot() };
    case 'settlementOrders':
      return { ok: true, reply: ctx.settlement.orderRecords() };
    case 'addIncomingSettlementRequest':
      return run(addIncomingRequestSchema, content, (v) => ctx.settlement.addIncomingRequest(v));
    case 'delIncomingSettlementRequest':
      return run(delIncomingRequestSchema, content, (v) => ctx.settlement.delIncomingRequest(v));
    case 'commitIncomingSettlementTransaction':
      return run(transactionIdSchema, content, (v) => ctx.settlement.commitIncoming(v));
    case 'addOutgoingSettlementTransaction':
      return run(addOutgoingTransactionSchema, content, (v) => ctx.settlement.addOutgoing(v));
    case 'sendOutgoingSettlementTransaction':
      return run(sendOutgoingTransactionSchema, content, (v) => ctx.settlement.sendOutgoing(v));
    case 'delOutgoingSettlementTransaction':
      return run(transactionIdSchema, content, (v) => ctx.settlement.delOutgoing(v));
    default:
      return fail(DOCUMENTED_ONLY.has(method) ? ErrorCode.notImplemented : ErrorCode.methodNotAvailable);
  }
}
