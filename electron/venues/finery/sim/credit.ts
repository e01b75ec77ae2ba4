// Credit limits behind feeds G (global limits), L (counterparty limits) and M (mutual limits) and
// the `limits`/`setLimit`/`climits`/`setCLimit`/`delCLimit` methods (finery-markets.md §4.2, §5,
// §8.4). Utilisation follows the account's unsettled positions, so trading and settling move it.
import { z } from 'zod';
import { ErrorCode } from '../wire/finery-wire';
import { fail, type Account, type MethodResult } from './account';
import { SIM_COUNTERPARTY_ID } from './records';

/** Limit every currency starts with, ours and the simulated counterparty's (1e-8 units). */
export const DEFAULT_LIMIT = 1_000_000 * 100_000_000;

const limitValue = z.number().int().nonnegative().refine(Number.isSafeInteger);
export const setLimitContentSchema = z.object({
  currency: z.string().min(1).max(16),
  netLimit: limitValue,
  grossLimit: limitValue,
});
// Field names of setCLimit/delCLimit are not in the reference; they follow the cLimit record
// (counterpartyId, takerMarkup) and setLimit's [INF].
export const setCLimitContentSchema = setLimitContentSchema.extend({
  counterpartyId: z.number().int().nonnegative(),
  takerMarkup: z.number().int().min(-2_147_483_648).max(2_147_483_647).optional(),
});
export const delCLimitContentSchema = z.object({
  counterpartyId: z.number().int().nonnegative(),
  currency: z.string().min(1).max(16),
});

interface Limit {
  net: number;
  gross: number;
}

interface CLimit extends Limit {
  takerMarkup: number;
}

export class CreditDesk {
  private readonly global = new Map<string, Limit>();
  /** Ours towards the one simulated counterparty, by currency. */
  private readonly counterparty = new Map<string, CLimit>();

  constructor(private readonly account: Account) {
    for (const c of account.catalog.currencies) {
      this.global.set(c, { net: DEFAULT_LIMIT, gross: DEFAULT_LIMIT });
      this.counterparty.set(c, { net: DEFAULT_LIMIT, gross: DEFAULT_LIMIT, takerMarkup: 0 });
    }
    account.onEvent((e) => {
      if (e.feed === 'K') this.utilisationChanged(e.currency);
    });
  }

  /**
   * Utilisation of a currency: the absolute unsettled position. With one counterparty net and
   * gross utilisation coincide; the reference does not define them further [INF].
   */
  private used(currency: string): number {
    return Math.abs(this.account.positionOf(currency));
  }

  /** G record: [currency, netLimit, grossLimit, netUtilisation, grossUtilisation, flags]. */
  globalRecord(currency: string): unknown[] {
    const l = this.global.get(currency)!;
    const u = this.used(currency);
    return [currency, l.net, l.gross, u, u, 0];
  }

  /** L record: the G fields plus counterpartyId and takerMarkup. */
  counterpartyRecord(currency: string): unknown[] | undefined {
    const l = this.counterparty.get(currency);
    if (!l) return undefined;
    const u = this.used(currency);
    return [currency, l.net, l.gross, u, u, 0, SIM_COUNTERPARTY_ID, l.takerMarkup];
  }

  /**
   * M record: [currency, net, gross, netUtil, grossUtil, reserved1, counterpartyId, reserved2];
   * the mutual limit is the smaller of ours and the counterparty's (which stays the default) [INF].
   */
  mutualRecord(currency: string): unknown[] | undefined {
    const l = this.counterparty.get(currency);
    if (!l) return undefined;
    const u = this.used(currency);
    return [
      currency,
      Math.min(l.net, DEFAULT_LIMIT),
      Math.min(l.gross, DEFAULT_LIMIT),
      u,
      u,
      0,
      SIM_COUNTERPARTY_ID,
      0,
    ];
  }

  globalRecords(): unknown[] {
    return [...this.global.keys()].map((c) => this.globalRecord(c));
  }

  counterpartyRecords(): unknown[] {
    return [...this.counterparty.keys()].map((c) => this.counterpartyRecord(c)!);
  }

  mutualRecords(): unknown[] {
    return [...this.counterparty.keys()].map((c) => this.mutualRecord(c)!);
  }

  private utilisationChanged(currency: string): void {
    if (!this.global.has(currency)) return;
    this.publish('G', 'M', currency, this.globalRecord(currency));
    if (!this.counterparty.has(currency)) return;
    this.publish('L', 'M', currency, this.counterpartyRecord(currency));
    this.publish('M', 'M', currency, this.mutualRecord(currency));
  }

  private publish(feed: 'G' | 'L' | 'M', action: '+' | 'M' | '-', currency: string, data: unknown): void {
    this.account.publish({ feed, action, currency, data });
  }

  setLimit(c: z.infer<typeof setLimitContentSchema>): MethodResult {
    const l = this.global.get(c.currency);
    if (!l) return fail(ErrorCode.currencyNotFound, 'currency');
    if (c.netLimit > c.grossLimit) return fail(ErrorCode.invalidLimitNet, 'netLimit');
    l.net = c.netLimit;
    l.gross = c.grossLimit;
    this.publish('G', 'M', c.currency, this.globalRecord(c.currency));
    return { ok: true, reply: { error: 0 } };
  }

  setCLimit(c: z.infer<typeof setCLimitContentSchema>): MethodResult {
    if (c.counterpartyId !== SIM_COUNTERPARTY_ID) return fail(ErrorCode.clientNotFound, 'counterpartyId');
    if (!this.global.has(c.currency)) return fail(ErrorCode.currencyNotFound, 'currency');
    if (c.netLimit > c.grossLimit) return fail(ErrorCode.invalidLimitNet, 'netLimit');
    const existed = this.counterparty.has(c.currency);
    this.counterparty.set(c.currency, {
      net: c.netLimit,
      gross: c.grossLimit,
      takerMarkup: c.takerMarkup ?? 0,
    });
    const action = existed ? 'M' : '+';
    this.publish('L', action, c.currency, this.counterpartyRecord(c.currency));
    this.publish('M', action, c.currency, this.mutualRecord(c.currency));
    return { ok: true, reply: { error: 0 } };
  }

  delCLimit(c: z.infer<typeof delCLimitContentSchema>): MethodResult {
    if (c.counterpartyId !== SIM_COUNTERPARTY_ID) return fail(ErrorCode.clientNotFound, 'counterpartyId');
    const l = this.counterpartyRecord(c.currency);
    const m = this.mutualRecord(c.currency);
    if (!l || !m) return fail(ErrorCode.limitNotFound);
    this.counterparty.delete(c.currency);
    this.publish('L', '-', c.currency, l);
    this.publish('M', '-', c.currency, m);
    return { ok: true, reply: { error: 0 } };
  }
}
