// Everything a venue says unasked: order updates and fills from its stream (journaled, or an
// unknown live order adopted), and its connection state (a reconciliation when it comes up, a
// risk alert when it drops with our orders working, worded by whether it cancels them itself).
import type { VenueId } from '../../shared/domain';
import { createLogger } from '../base/log';
import type { VenueAdapter, VenueOrderUpdate } from '../venues/common/adapter';
import type { MarketScales, OrderLedger, RiskAlerts } from './ports';
import type { JournalRecord } from './types';
import { isTerminal } from './types';
import { UP_STATES, venueName } from './venue-link';

const log = createLogger('orders');

export interface VenueEventDeps extends OrderLedger, RiskAlerts {
  scalesOf(venue: VenueId, market: string): MarketScales;
  /** The journal record adopting an unknown live venue order, if its numbers fit. */
  adoptRecord(u: VenueOrderUpdate): JournalRecord | undefined;
  reconcile(venue: VenueId): void;
}

export class VenueEvents {
  private readonly adapters = new Map<VenueId, VenueAdapter>();
  private readonly up = new Map<VenueId, boolean>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly deps: VenueEventDeps) {}

  attach(adapter: VenueAdapter): void {
    const v = adapter.venue;
    this.adapters.set(v, adapter);
    this.unsubscribe.push(
      adapter.on('order', (u) => this.guard('order update', v, () => this.onVenueOrder(u))),
      adapter.on('fill', (f) =>
        this.guard('fill', v, () => {
          if (this.deps.store.hasFill(f)) return;
          this.deps.commit([
            { k: 'fill', at: this.deps.now(), fill: f, ...this.deps.scalesOf(f.venue, f.market) },
          ]);
        }),
      ),
      adapter.on('status', (s) => this.onStatus(v, UP_STATES.has(s.state), s.reason)),
    );
  }

  private onVenueOrder(u: VenueOrderUpdate): void {
    if (this.deps.store.find(u.venue, u)) {
      this.deps.commit([{ k: 'update', at: this.deps.now(), update: u }]);
      return;
    }
    if (isTerminal(u.status)) {
      log.info('update for an order we do not know, already finished; ignored', {
        venue: u.venue,
        venueOrderId: u.venueOrderId,
      });
      return;
    }
    // Someone (another terminal, a previous install) has a live order under our account: adopt
    // it, so the kill switch and the blotter see it.
    const adopt = this.deps.adoptRecord(u);
    if (adopt) this.deps.commit([adopt]);
  }

  private onStatus(venue: VenueId, up: boolean, reason?: string): void {
    const was = this.up.get(venue);
    this.up.set(venue, up);
    if (up && was !== true) {
      this.deps.reconcile(venue);
      return;
    }
    if (!up && was === true) {
      const live = this.deps.store.liveOrders(venue).length;
      if (live === 0) return;
      const adapter = this.adapters.get(venue)!;
      const why = reason ? ` (${reason})` : '';
      if (adapter.capabilities.cancelsOnDisconnect) {
        this.deps.riskEvent(
          'venue_disconnected',
          'warning',
          `${venueName(venue)} disconnected${why} with ${live} working orders; the venue cancels them on disconnect. Crossbook will confirm when it reconnects.`,
          venue,
        );
      } else {
        this.deps.riskEvent(
          'venue_disconnected',
          'critical',
          `${venueName(venue)} disconnected${why} with ${live} working orders. ${venueName(venue)} does NOT cancel orders on disconnect: they may still trade.`,
          venue,
        );
      }
    }
  }

  /**
   * Runs a venue event handler. If even the journal fails (disk full) the event is lost to us
   * but not to the venue: the next reconciliation brings it back. The adapter must not die of it.
   */
  private guard(what: string, venue: VenueId, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      log.error(`could not record a venue ${what}; reconciling`, { venue, error });
      this.deps.reconcile(venue);
    }
  }

  detach(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe.length = 0;
  }
}
