// Settlement behind feeds R (settlement requests), N (settlement transactions) and S (settlement
// orders) and their methods (finery-markets.md §4.2, §5, §8). The reference gives the records and
// feed actions but not the workflow between them; the one modelled here [INF]:
// - we ask the simulated counterparty to pay (addIncomingSettlementRequest → R `+`); while it owes
//   us that currency (our position > 0) it pays at once: a settlement order (S `+`) and an incoming,
//   already sent transaction (N `+`) appear and the request goes (R `-`); a request it cannot meet
//   yet waits until trading makes it owe us;
// - we commit the incoming transaction (N `D`, S `D` settlement deal, position moves, K `M`);
// - we pay: addOutgoingSettlementTransaction (N `+`), sendOutgoingSettlementTransaction (N `M`),
//   and the counterparty commits it at once (N `D`, position moves); an unsent one can be deleted
//   (N `-`).
import { z } from 'zod';
import { ErrorCode } from '../wire/finery-wire';
import { fail, type Account, type MethodResult } from './account';
import { SIM_COUNTERPARTY_ID } from './records';

const amount = z.number().int().refine(Number.isSafeInteger);
const counterpartyId = z.number().int().nonnegative();
const currency = z.string().min(1).max(16);
// Field names as third-party client code (C1) sends them; the reference lists only the methods.
export const addIncomingRequestSchema = z.object({
  counterpartyId,
  currency,
  amount: amount.optional(),
  comment: z.string().optional(),
  flags: z.number().int().optional(),
  cancelTimestamp: z.number().int().nonnegative().optional(),
});
export const delIncomingRequestSchema = z.object({ counterpartyId, currency });
export const addOutgoingTransactionSchema = z.object({
  counterpartyId,
  currency,
  amount,
  comment: z.string(),
  fee: amount.optional(),
});
export const sendOutgoingTransactionSchema = z.object({
  transactionId: z.number().int().positive(),
  txId: z.string().min(1).max(256),
});
export const transactionIdSchema = z.object({ transactionId: z.number().int().positive() });

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_COMMENT = 256;

interface Request {
  currency: string;
  flags: number;
  /** 0 = the full outstanding position. */
  amount: number;
  comment: string;
  expiresAt: number;
}

interface Transaction {
  id: number;
  incoming: boolean;
  currency: string;
  amount: number;
  settlementOrderId: number;
  comment: string;
  createdAt: number;
  txId: string;
  sentAt: number;
  moment: number;
  fee: number;
}

interface SettlementOrder {
  id: number;
  currency: string;
  amount: number;
  createdAt: number;
}

type Feed = 'R' | 'N' | 'S';

export class SettlementDesk {
  private readonly requests = new Map<string, Request>();
  private readonly transactions = new Map<number, Transaction>();
  private readonly orders = new Map<number, SettlementOrder>();

  constructor(private readonly account: Account) {
    account.settlementOrders = () => this.orderRecords();
    account.onEvent((e) => {
      if (e.feed === 'K') this.counterpartyPays(e.currency);
    });
  }

  // ---- records (§5) ----

  private requestRecord(r: Request): unknown[] {
    return [SIM_COUNTERPARTY_ID, r.currency, r.flags, r.amount, r.comment, r.expiresAt];
  }

  private transactionRecord(t: Transaction): unknown[] {
    return [
      SIM_COUNTERPARTY_ID,
      t.currency,
      t.amount,
      t.settlementOrderId,
      t.comment,
      t.createdAt,
      t.txId,
      t.sentAt,
      0,
      t.moment,
      t.id,
      t.fee,
    ];
  }

  /** A one-currency settlement: currency2/size2 and the networks stay empty [INF]. */
  private orderRecord(o: SettlementOrder): unknown[] {
    return [o.id, o.currency, '', o.amount, 0, o.createdAt, SIM_COUNTERPARTY_ID, '', ''];
  }

  orderRecords(currency?: string): unknown[] {
    return [...this.orders.values()]
      .filter((o) => !currency || o.currency === currency)
      .map((o) => this.orderRecord(o));
  }

  requestsSnapshot(): unknown[] {
    this.expire();
    return [[...this.requests.values()].map((r) => this.requestRecord(r)), []];
  }

  transactionsSnapshot(): [unknown[], unknown[]] {
    const all = [...this.transactions.values()];
    return [
      all.filter((t) => t.incoming).map((t) => this.transactionRecord(t)),
      all.filter((t) => !t.incoming).map((t) => this.transactionRecord(t)),
    ];
  }

  private publish(feed: Feed, action: '+' | 'M' | '-' | 'D', currency: string, data: unknown): void {
    this.account.publish({ feed, action, currency, data });
  }

  private publishTransaction(action: '+' | 'M' | '-' | 'D', t: Transaction): void {
    const rec = this.transactionRecord(t);
    this.publish('N', action, t.currency, t.incoming ? [[rec], []] : [[], [rec]]);
  }

  /** Requests past their cancelTimestamp are deleted when next looked at. */
  private expire(): void {
    const now = Date.now();
    for (const [key, r] of this.requests) {
      if (r.expiresAt === 0 || r.expiresAt > now) continue;
      this.requests.delete(key);
      this.publish('R', '-', r.currency, [[this.requestRecord(r)], []]);
    }
  }

  private checkParty(cp: number, cur: string): MethodResult | undefined {
    if (cp !== SIM_COUNTERPARTY_ID)
      return fail(ErrorCode.settlementRequestInvalidCounterparty, 'counterpartyId');
    if (!this.account.catalog.hasCurrency(cur)) return fail(ErrorCode.currencyNotFound, 'currency');
    return undefined;
  }

  // ---- methods ----

  addIncomingRequest(c: z.infer<typeof addIncomingRequestSchema>): MethodResult {
    const bad = this.checkParty(c.counterpartyId, c.currency);
    if (bad) return bad;
    if ((c.amount ?? 0) < 0) return fail(ErrorCode.settlementRequestInvalidAmount, 'amount');
    if ((c.comment ?? '').length > MAX_COMMENT)
      return fail(ErrorCode.settlementRequestInvalidComment, 'comment');
    const now = Date.now();
    // C1: default 24 h ahead, 0 = never, at most 30 days ahead.
    const expiresAt = c.cancelTimestamp ?? now + DAY_MS;
    if (expiresAt !== 0 && (expiresAt <= now || expiresAt > now + 30 * DAY_MS))
      return fail(ErrorCode.invalidParameter, 'cancelTimestamp');
    this.expire();
    if (this.requests.has(c.currency)) return fail(ErrorCode.settlementRequestExists);
    const r: Request = {
      currency: c.currency,
      flags: c.flags ?? 0,
      amount: c.amount ?? 0,
      comment: c.comment ?? '',
      expiresAt,
    };
    this.requests.set(c.currency, r);
    this.publish('R', '+', r.currency, [[this.requestRecord(r)], []]);
    this.counterpartyPays(r.currency);
    return { ok: true, reply: { error: 0 } };
  }

  delIncomingRequest(c: z.infer<typeof delIncomingRequestSchema>): MethodResult {
    const bad = this.checkParty(c.counterpartyId, c.currency);
    if (bad) return bad;
    this.expire();
    const r = this.requests.get(c.currency);
    if (!r) return fail(ErrorCode.settlementRequestNotFound);
    this.requests.delete(c.currency);
    this.publish('R', '-', r.currency, [[this.requestRecord(r)], []]);
    return { ok: true, reply: { error: 0 } };
  }

  commitIncoming(c: z.infer<typeof transactionIdSchema>): MethodResult {
    const t = this.transactions.get(c.transactionId);
    if (!t || !t.incoming) return fail(ErrorCode.transactionNotFound, 'transactionId');
    this.transactions.delete(t.id);
    t.moment = Date.now();
    // The counterparty has paid: it owes us that much less.
    this.account.settle(t.currency, -t.amount);
    this.publishTransaction('D', t);
    const o = this.orders.get(t.settlementOrderId);
    if (o) {
      this.orders.delete(o.id);
      this.publish('S', 'D', o.currency, [...this.orderRecord(o), t.moment, t.id]);
    }
    return { ok: true, reply: { error: 0 } };
  }

  addOutgoing(c: z.infer<typeof addOutgoingTransactionSchema>): MethodResult {
    const bad = this.checkParty(c.counterpartyId, c.currency);
    if (bad) return bad;
    if (c.amount <= 0) return fail(ErrorCode.transactionInvalidAmount, 'amount');
    if (c.comment.length > MAX_COMMENT) return fail(ErrorCode.settlementRequestInvalidComment, 'comment');
    const t: Transaction = {
      id: this.account.allocateId(),
      incoming: false,
      currency: c.currency,
      amount: c.amount,
      settlementOrderId: 0,
      comment: c.comment,
      createdAt: Date.now(),
      txId: '',
      sentAt: 0,
      moment: 0,
      fee: c.fee ?? 0,
    };
    this.transactions.set(t.id, t);
    this.publishTransaction('+', t);
    return { ok: true, reply: { settlementTransactionId: t.id } };
  }

  sendOutgoing(c: z.infer<typeof sendOutgoingTransactionSchema>): MethodResult {
    const t = this.transactions.get(c.transactionId);
    if (!t || t.incoming || t.sentAt !== 0) return fail(ErrorCode.transactionNotFound, 'transactionId');
    t.txId = c.txId;
    t.sentAt = Date.now();
    this.publishTransaction('M', t);
    // The simulated counterparty receives and commits at once: we owe it that much less.
    this.transactions.delete(t.id);
    t.moment = Date.now();
    this.account.settle(t.currency, t.amount);
    this.publishTransaction('D', t);
    return { ok: true, reply: { error: 0 } };
  }

  delOutgoing(c: z.infer<typeof transactionIdSchema>): MethodResult {
    const t = this.transactions.get(c.transactionId);
    if (!t || t.incoming || t.sentAt !== 0) return fail(ErrorCode.transactionNotFound, 'transactionId');
    this.transactions.delete(t.id);
    this.publishTransaction('-', t);
    return { ok: true, reply: { error: 0 } };
  }

  /** The counterparty meets a waiting request as far as it owes us that currency. */
  private counterpartyPays(cur: string): void {
    const r = this.requests.get(cur);
    const owed = this.account.positionOf(cur);
    if (!r || owed <= 0) return;
    this.requests.delete(cur);
    const now = Date.now();
    const order: SettlementOrder = {
      id: this.account.allocateId(),
      currency: cur,
      amount: r.amount > 0 ? Math.min(r.amount, owed) : owed,
      createdAt: now,
    };
    this.orders.set(order.id, order);
    this.publish('S', '+', cur, this.orderRecord(order));
    const t: Transaction = {
      id: this.account.allocateId(),
      incoming: true,
      currency: cur,
      amount: order.amount,
      settlementOrderId: order.id,
      comment: r.comment,
      createdAt: now,
      txId: `sim-tx-${order.id}`,
      sentAt: now,
      moment: 0,
      fee: 0,
    };
    this.transactions.set(t.id, t);
    this.publishTransaction('+', t);
    this.publish('R', '-', cur, [[this.requestRecord(r)], []]);
  }
}
