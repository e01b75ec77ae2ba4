// The venue's own record of our orders and deals (`positions`, `dealHistory`): the error-74
// lookup, openOrders/fillsSince, and reconciliation after a reconnect.
import type { VenueFill, VenueOrderUpdate } from '../../common/adapter';
import { VenueError } from '../../common/adapter';
import { ErrorCode } from '../wire/finery-wire';
import { dealListSchema, fromWire, positionsReplySchema, toDealRec, toOrderRec } from './codec';
import type { OrderTracker } from './tracker';

export class VenueHistory {
  constructor(
    private readonly call: (method: string, content?: Record<string, unknown>) => Promise<unknown>,
    private readonly t: OrderTracker,
  ) {}

  /** Error 74: the id was used before. Find that order (ours, open, or in the deal history). */
  async lookup(key: string, market: string): Promise<VenueOrderUpdate> {
    const found = await this.find(key, market);
    if (found) return found;
    throw new VenueError(
      'duplicate',
      'Finery already used this idempotency key, but that order is neither open nor in the recent deal history',
      false,
      ErrorCode.clientOrderIdInUse,
    );
  }

  /**
   * One of our orders by its clientOrderId, with the venue's own queries: `positions` lists the
   * active orders, `dealHistory` what traded (finery-markets.md §8.4); undefined when neither knows
   * it. Finery keeps no history of an order that ended without a deal (a cancelled IOC remainder
   * with nothing filled): such an order is indistinguishable from one never seen.
   */
  async find(key: string, market: string): Promise<VenueOrderUpdate | undefined> {
    const known = this.t.findByKey(key);
    if (known) return this.t.toUpdate(known);
    const pos = positionsReplySchema.safeParse(await this.call('positions'));
    if (pos.success) {
      const rec = pos.data[2].map(toOrderRec).find((o) => o.clientOrderId === key);
      if (rec) return this.t.toUpdate(this.t.fromRecord(rec, false));
    }
    const deals = await this.dealHistory({ instrument: market }, 2);
    const mine = deals.filter((d) => d.clientOrderId === key);
    if (mine.length > 0) {
      for (const d of mine.reverse()) this.t.fromDeal(d);
      const t = this.t.byId.get(mine[0]!.orderId)!;
      if (!this.t.isTerminal(t) && t.sizeLeft > 0n) {
        this.t.finish(t, 'cancelled', 'IOC/FOK remainder cancelled by the venue');
        this.t.publish(t);
      }
      return this.t.toUpdate(t);
    }
    return undefined;
  }

  async openOrders(): Promise<VenueOrderUpdate[]> {
    const p = positionsReplySchema.safeParse(await this.call('positions'));
    if (!p.success) throw new VenueError('unavailable', 'unreadable positions reply', true);
    return p.data[2].map((r) => this.t.toUpdate(this.t.fromRecord(toOrderRec(r), false)));
  }

  async fillsSince(sinceMs: number, markets: string[]): Promise<VenueFill[]> {
    if (!Number.isFinite(sinceMs) || sinceMs < 0)
      throw new VenueError('invalid', 'sinceMs must be a time in ms');
    const out: VenueFill[] = [];
    for (const market of markets) {
      for (const d of await this.dealHistory({ instrument: market, from: Math.floor(sinceMs) }, 40)) {
        out.push({
          venue: 'finery',
          market: d.instrument,
          fillId: d.dealId,
          venueOrderId: d.orderId,
          ...(this.t.uuidByKey.has(d.clientOrderId)
            ? { clientOrderId: this.t.uuidByKey.get(d.clientOrderId)! }
            : {}),
          side: d.side,
          price: fromWire(d.dealPrice),
          size: fromWire(d.dealSize),
          liquidity: d.aggressor === d.side ? 'taker' : 'maker',
          at: d.dealMoment,
        });
      }
    }
    return out.sort((a, b) => a.at - b.at);
  }

  /** Newest first, paging backwards with `till` (≤250 per page) until `stopAtId` or `pages`. */
  async dealHistory(q: { instrument: string; from?: number }, pages: number, stopAtId = 0n) {
    const out: ReturnType<typeof toDealRec>[] = [];
    let till: number | undefined;
    for (let i = 0; i < pages; i++) {
      const p = dealListSchema.safeParse(
        await this.call('dealHistory', { ...q, limit: 250, ...(till ? { till } : {}) }),
      );
      if (!p.success) throw new VenueError('unavailable', 'unreadable dealHistory reply', true);
      const page = p.data.map(toDealRec);
      for (const d of page) if (BigInt(d.dealId) > stopAtId) out.push(d);
      if (page.length < 250 || BigInt(page[page.length - 1]!.dealId) <= stopAtId) break;
      till = Number(page[page.length - 1]!.dealId);
    }
    return out;
  }

  /**
   * After a (re)bind of O: the venue's open orders are `open`. Orders we held open that are not
   * there were filled or cancelled meanwhile (cod cancels them when our socket drops): catch up
   * their deals from the history, then close the rest with the reason.
   */
  async reconcile(open: ReturnType<typeof toOrderRec>[]): Promise<void> {
    const present = new Set(open.map((o) => o.orderId));
    const before = this.t.active();
    for (const r of open) this.t.fromRecord(r, false);
    const markets = new Set(before.map((t) => t.market));
    const stopAt = this.t.lastDealId;
    for (const market of markets) {
      const deals = await this.dealHistory({ instrument: market }, 4, stopAt);
      for (const d of deals.reverse()) this.t.fromDeal(d);
    }
    for (const t of before) {
      if (present.has(t.venueOrderId) || this.t.isTerminal(t)) continue;
      if (t.sizeLeft <= 0n) this.t.finish(t, 'filled');
      else
        this.t.finish(
          t,
          'cancelled',
          t.cod
            ? 'cancelled by the venue when our connection dropped (cancel on disconnect)'
            : 'no longer open at the venue',
        );
      this.t.publish(t);
    }
  }
}
