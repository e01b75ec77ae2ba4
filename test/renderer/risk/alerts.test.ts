// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import type { FillView } from '../../../shared/contract';
import type { VenueStatus } from '../../../shared/domain';
import AlertsPanel from '../../../renderer/src/risk/AlertsPanel.vue';
import { useAlerts } from '../../../renderer/src/risk/use-alerts';
import { useAlertsStore } from '../../../renderer/src/risk/alerts-store';
import { loadAlertSettings } from '../../../renderer/src/risk/alerts';
import { useOrdersStore } from '../../../renderer/src/orders/orders-store';
import { useVenuesStore } from '../../../renderer/src/connections/venues-store';
import { order } from '../support/orders-fixtures';
import { mountWith, settle } from '../support/mount';

const Host = defineComponent({
  setup() {
    useAlerts();
    return () => h(AlertsPanel);
  },
});

const fill = (id: string): FillView => ({
  venue: 'paxos',
  market: 'BTCUSD',
  fillId: id,
  venueOrderId: 'v1',
  side: 'buy',
  price: '100',
  size: '1',
  at: Date.now(),
});
const venue = (state: VenueStatus['state']): VenueStatus => ({
  venue: 'finery',
  state,
  since: new Date(0).toISOString(),
});

describe('alerts', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => (document.body.innerHTML = ''));

  function setup() {
    const { wrapper } = mountWith(Host, {});
    const alerts = useAlertsStore();
    const beeps: string[] = [];
    const notes: string[] = [];
    alerts.out.beep = (kind) => (beeps.push(kind), true);
    alerts.out.notify = (_t, body) => (notes.push(body), true);
    return { wrapper, alerts, beeps, notes, orders: useOrdersStore(), venues: useVenuesStore() };
  }

  it('sounds for a new fill but not for the snapshot a window starts with', async () => {
    const { orders, beeps, alerts } = setup();
    orders.addFills([fill('1')], true);
    await settle();
    expect(beeps).toEqual([]);
    orders.addFills([fill('2')], false);
    await settle();
    expect(beeps).toEqual(['fill']);
    expect(alerts.list[0]!.text).toMatch(/buy 1 BTCUSD @ 100 on Paxos/);
  });

  it('notifies a rejection and a venue going down, each as switched', async () => {
    const { orders, venues, beeps, notes } = setup();
    orders.recent = [];
    venues.venues = [venue('live')];
    await settle();
    orders.recent = [order({ status: 'rejected', reason: 'insufficient funds' })];
    venues.venues = [venue('down')];
    await settle();
    expect(beeps.sort()).toEqual(['rejection', 'venue']);
    expect(notes.join('\n')).toMatch(/rejected by Paxos: insufficient funds/);
    expect(notes.join('\n')).toMatch(/Finery Markets is down/);
  });

  it('stays silent for a kind switched off, keeps the switch, and still lists the alert', async () => {
    const { wrapper, alerts, beeps } = setup();
    await wrapper.get('[data-testid="alert-sound-fill"]').setValue(false);
    await wrapper.get('[data-testid="alert-volume"]').setValue('0.2');
    await settle();
    alerts.raise('fill', 'a fill');
    alerts.raise('risk', 'a limit');
    await settle();
    expect(beeps).toEqual(['risk']);
    expect(wrapper.findAll('[data-testid="alert-list"] li').map((l) => l.text())).toEqual([
      expect.stringContaining('a limit'),
      expect.stringContaining('a fill'),
    ]);
    const saved = loadAlertSettings();
    expect(saved.kinds.fill.sound).toBe(false);
    expect(saved.volume).toBe(0.2);
  });

  it('flashes the window for those without sound', async () => {
    vi.useFakeTimers();
    try {
      const { alerts } = setup();
      alerts.raise('venue', 'Paxos is down');
      expect(alerts.flashing).toBe('venue');
      vi.advanceTimersByTime(1000);
      expect(alerts.flashing).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
