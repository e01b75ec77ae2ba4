// Turns what the stores hear into alerts: a new fill, an order rejected, a venue leaving the up
// states (or going stale), a risk warning. What was already there when the window started (the
// streams' snapshots) raises nothing.
import { watch } from 'vue';
import { UP_STATES, venueName } from '../../../shared/domain';
import { useVenuesStore } from '../connections/venues-store';
import { useOrdersStore } from '../orders/orders-store';
import { useAlertsStore } from './alerts-store';
import { useRiskStore } from './risk-store';

export function useAlerts() {
  const alerts = useAlertsStore();
  const orders = useOrdersStore();
  const venues = useVenuesStore();
  const risk = useRiskStore();

  let fillsSeen: Set<string> | undefined;
  watch(
    () => orders.fills,
    (fills) => {
      const keys = fills.map((f) => `${f.venue}:${f.fillId}`);
      if (!fillsSeen) {
        fillsSeen = new Set(keys);
        return;
      }
      fills.forEach((f, i) => {
        if (fillsSeen!.has(keys[i]!)) return;
        fillsSeen!.add(keys[i]!);
        alerts.raise('fill', `${f.side} ${f.size} ${f.market} @ ${f.price} on ${venueName(f.venue)}`, f.at);
      });
    },
  );

  let rejectedSeen: Set<string> | undefined;
  watch(
    () => orders.recent,
    (recent) => {
      const rejected = recent.filter((o) => o.status === 'rejected');
      if (!rejectedSeen) {
        rejectedSeen = new Set(rejected.map((o) => o.clientOrderId));
        return;
      }
      for (const o of rejected) {
        if (rejectedSeen.has(o.clientOrderId)) continue;
        rejectedSeen.add(o.clientOrderId);
        alerts.raise(
          'rejection',
          `${o.side} ${o.size} ${o.market} rejected by ${venueName(o.venue)}${o.reason ? `: ${o.reason}` : ''}`,
          o.updatedAt,
        );
      }
    },
  );

  const lastState = new Map<string, string>();
  watch(
    () => venues.venues,
    (list) => {
      for (const v of list) {
        const before = lastState.get(v.venue);
        lastState.set(v.venue, v.state);
        if (before === undefined || before === v.state || !UP_STATES.has(before)) continue;
        if (v.state === 'stale' || !UP_STATES.has(v.state))
          alerts.raise('venue', `${venueName(v.venue)} is ${v.state}${v.reason ? `: ${v.reason}` : ''}`);
      }
    },
  );

  // Risk events carry their time; the ones from before this window started are history.
  const startedAt = Date.now();
  watch(
    () => risk.events,
    (events, previous) => {
      const old = new Set(previous ?? []);
      for (const e of events) {
        if (old.has(e) || e.severity === 'info' || e.at < startedAt) continue;
        alerts.raise('risk', `${e.venue ? `${venueName(e.venue)}: ` : ''}${e.message}`, e.at);
      }
    },
  );
}
