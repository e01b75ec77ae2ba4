// Sends an order's current command to its venue: bounded by a timeout, the answer journaled, a
// retryable failure resent under the same idempotency key with backoff, and an unknown outcome
// handed to reconciliation (which asks the venue) rather than guessed at.
import type { VenueId } from '../../shared/domain';
import { createLogger } from '../base/log';
import type { VenueAdapter } from '../venues/common/adapter';
import type { OrderLedger, OrderSending, SendOptions, SendResult } from './ports';
import type { CommandAction } from './types';
import { classify, commandCall, venueName, withTimeout } from './venue-link';

const log = createLogger('orders');

const SKIPPED: SendResult = { ok: false, final: false, message: 'nothing to send' };

export interface OrderSenderOptions {
  ledger: OrderLedger;
  adapter(venue: VenueId): VenueAdapter | undefined;
  timeoutMs: number;
  retries: number;
  retryBaseMs: number;
  /** The venue may or may not have acted: ask it. */
  onDoubt(venue: VenueId): void;
}

export class OrderSender implements OrderSending {
  private readonly inFlight = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: OrderSenderOptions) {}

  isInFlight(cid: string): boolean {
    return (this.inFlight.get(cid) ?? 0) > 0;
  }

  async send(cid: string, action: CommandAction, opts: SendOptions = {}): Promise<SendResult> {
    const { ledger } = this.options;
    const attempt = opts.attempt ?? 0;
    const retries = opts.retries ?? this.options.retries;
    const o = ledger.store.orders.get(cid);
    const adapter = o && this.options.adapter(o.intent.venue);
    if (!o || !adapter || this.closed) return SKIPPED;
    const i = o.intent;
    let call: ReturnType<typeof commandCall>;
    try {
      call = commandCall(adapter, o, action);
    } catch (error) {
      // Thrown before the adapter returned a request: nothing left, so the command failed for
      // good. The order must not stay pending and unsent (issue 14).
      const message = `could not be sent: ${classify(error).message}`;
      log.error('command could not be sent', { clientOrderId: cid, action, error });
      ledger.commit([{ k: 'failed', at: ledger.now(), cid, action, kind: 'unsent', message, final: true }]);
      return { ok: false, final: true, message };
    }
    if (!call) return SKIPPED;
    this.inFlight.set(cid, (this.inFlight.get(cid) ?? 0) + 1);
    try {
      const update = await withTimeout(call, this.options.timeoutMs, `${action} on ${venueName(i.venue)}`);
      if (this.closed) return SKIPPED;
      ledger.commit([{ k: 'reply', at: ledger.now(), cid, action, update }]);
    } catch (error) {
      if (this.closed) return SKIPPED;
      const c = classify(error);
      ledger.commit([
        {
          k: 'failed',
          at: ledger.now(),
          cid,
          action,
          kind: c.kind,
          message: c.message,
          final: c.outcome === 'final',
        },
      ]);
      const resend =
        c.outcome === 'retry' && attempt < retries && !(action === 'place' && ledger.store.killed);
      if (resend) {
        this.later(this.options.retryBaseMs * 2 ** attempt, () =>
          this.send(cid, action, { ...opts, attempt: attempt + 1 }).catch((error) =>
            log.error('resend failed', { clientOrderId: cid, action, error }),
          ),
        );
      } else if (c.outcome !== 'final' && !opts.fromReconcile) {
        this.options.onDoubt(i.venue);
      }
      return { ok: false, final: c.outcome === 'final', message: c.message };
    } finally {
      this.inFlight.set(cid, (this.inFlight.get(cid) ?? 1) - 1);
    }
    // A cancel asked for before the venue knew the order goes out now.
    if (action === 'place' && o.status === 'cancel_pending' && o.venueOrderId) await this.send(cid, 'cancel');
    return { ok: true };
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(t);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
  }
}
