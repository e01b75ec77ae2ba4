// The kill switch and cancel-all: stop new orders first (journaled, so a restart keeps them
// stopped), then per venue cancelAll, then a per-order cancel for anything still live, and
// report exactly what was cancelled and what was not (an unreachable venue, an order the venue
// has not acknowledged yet). Venues are worked in parallel so one dead venue does not delay the rest.
import { randomUUID } from 'node:crypto';
import type { CancelReport } from '../../shared/contract/orders';
import type { VenueId } from '../../shared/domain';
import type { OrderLedger, OrderSending, RiskAlerts, VenueAccess } from './ports';
import { isTerminal } from './types';
import { classify, venueName, withTimeout } from './venue-link';

/** What cancelling needs: the ledger, the sender, the venues. */
export type CancelDeps = OrderLedger & OrderSending & VenueAccess;
/** The kill switch also disarms one-click trading and raises an alert. */
export type KillDeps = CancelDeps & RiskAlerts & { disarm(): void };

export async function killSwitch(m: KillDeps): Promise<CancelReport & { at: number }> {
  const at = m.now();
  if (!m.store.killed) m.commit([{ k: 'kill', at, killed: true }]);
  m.disarm();
  const report = await cancelEverything(m, undefined, undefined, 'cancelled by the kill switch');
  const left = report.failed.length;
  m.riskEvent(
    'kill',
    left > 0 ? 'critical' : 'warning',
    `Kill switch: ${report.cancelled.length} orders cancelled` +
      (left > 0
        ? `, ${left} could NOT be cancelled: ${report.failed
            .map((f) => f.reason)
            .slice(0, 3)
            .join('; ')}`
        : '') +
      '. New orders are blocked until trading is re-armed.',
  );
  return { ...report, at };
}

export async function cancelEverything(
  m: CancelDeps,
  venue?: VenueId,
  market?: string,
  reason = 'cancelled by cancel-all',
): Promise<CancelReport> {
  const venues = venue ? [venue] : m.venues();
  const parts = await Promise.all(venues.map((v) => cancelVenue(m, v, market, reason)));
  return { cancelled: parts.flatMap((p) => p.cancelled), failed: parts.flatMap((p) => p.failed) };
}

async function cancelVenue(
  m: CancelDeps,
  venue: VenueId,
  market: string | undefined,
  reason: string,
): Promise<CancelReport> {
  const adapter = m.adapter(venue);
  const report: CancelReport = { cancelled: [], failed: [] };
  if (!adapter) return report;
  const name = venueName(venue);
  const mine = () => m.store.liveOrders(venue).filter((o) => !market || o.intent.market === market);
  let venueProblem: string | undefined;

  if (adapter.capabilities.cancelAll) {
    try {
      const r = await withTimeout(adapter.cancelAll(market), m.timeoutMs, `cancel-all on ${name}`);
      for (const id of r.cancelled) {
        const o = m.store.find(venue, { venueOrderId: id });
        if (o && !isTerminal(o.status))
          m.commit([{ k: 'resolve', at: m.now(), cid: o.intent.clientOrderId, status: 'cancelled', reason }]);
        report.cancelled.push({
          venue,
          venueOrderId: id,
          ...(o ? { clientOrderId: o.intent.clientOrderId } : {}),
        });
      }
    } catch (error) {
      venueProblem = `${name}: ${classify(error).message}`;
    }
  }

  await Promise.all(
    mine().map(async (o) => {
      const cid = o.intent.clientOrderId;
      if (o.status !== 'cancel_pending') {
        m.commit([{ k: 'cancel', at: m.now(), cid, key: adapter.idempotencyKeyFor(randomUUID()) }]);
      }
      if (!o.venueOrderId) {
        report.failed.push({
          venue,
          clientOrderId: cid,
          reason: `${name} has not acknowledged this order yet; it will be cancelled as soon as it does`,
        });
        return;
      }
      const sent = await m.send(cid, 'cancel', { retries: 0 });
      const after = m.store.orders.get(cid)!;
      if (after.status === 'cancelled' || after.status === 'expired') {
        report.cancelled.push({ venue, venueOrderId: o.venueOrderId, clientOrderId: cid });
      } else if (after.status === 'filled') {
        report.failed.push({
          venue,
          venueOrderId: o.venueOrderId,
          clientOrderId: cid,
          reason: 'already filled',
        });
      } else {
        const why = (!sent.ok && sent.message) || venueProblem || `${name} did not confirm the cancel`;
        report.failed.push({
          venue,
          venueOrderId: o.venueOrderId,
          clientOrderId: cid,
          reason: `could not cancel on ${name}: ${why}`.slice(0, 500),
        });
      }
    }),
  );
  if (venueProblem && report.cancelled.length === 0 && report.failed.length === 0 && mine().length === 0) {
    // Nothing of ours was live there; the venue's failure is still worth reporting.
    report.failed.push({ venue, reason: `cancel-all failed: ${venueProblem}`.slice(0, 500) });
  }
  return report;
}
