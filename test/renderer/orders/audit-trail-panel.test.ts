// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEvent } from '../../../shared/contract';
import AuditTrailPanel from '../../../renderer/src/orders/AuditTrailPanel.vue';
import OrderHistoryPanel from '../../../renderer/src/orders/OrderHistoryPanel.vue';
import { useAuditStore } from '../../../renderer/src/orders/audit-store';
import type * as Grid from '../../../renderer/src/common/grid';
import { FakeApi } from '../support/fake-api';
import { mountWith, settle } from '../support/mount';

const downloads: { text: string; name: string }[] = [];
vi.mock('../../../renderer/src/common/grid', async (importOriginal) => ({
  ...(await importOriginal<typeof Grid>()),
  downloadText: (text: string, name: string) => downloads.push({ text, name }),
}));

const event = (seq: number, kind: string, summary: string, over: Partial<AuditEvent> = {}): AuditEvent => ({
  seq,
  at: 1_700_000_000_000 + seq,
  kind,
  summary,
  record: JSON.stringify({ k: kind }),
  ...over,
});

describe('AuditTrailPanel', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    downloads.length = 0;
  });

  it('shows the journal events in the order the core gives them and exports them as listed', async () => {
    const api = new FakeApi().on('orders.audit', (p) => ({
      clientOrderId: p.clientOrderId,
      events: [
        event(0, 'place', 'Placed: buy limit paxos BTCUSD (GTC), key k1'),
        event(2, 'reply', 'Venue replied to place: working', {
          venueOrderId: 'V1',
          venueAt: 1_700_000_000_005,
        }),
        event(5, 'fill', 'Fill F1: buy 2 @ 101, fee 0.1 USD', { venueOrderId: 'V1' }),
      ],
    }));
    const { wrapper } = mountWith(AuditTrailPanel, {}, api);
    await useAuditStore().show(api, 'order-1');
    await settle();
    expect(api.callsTo('orders.audit')).toEqual([{ clientOrderId: 'order-1' }]);
    const rows = wrapper
      .findAll('[data-testid="audit-events"] tbody tr')
      .map((r) => r.findAll('td')[2]!.text());
    expect(rows).toEqual(['place', 'reply', 'fill']);
    await wrapper.get('[data-testid="audit-export"]').trigger('click');
    const lines = downloads[0]!.text.trimEnd().split('\r\n');
    expect(downloads[0]!.name).toBe('crossbook-order-order-1.csv');
    expect(lines[0]).toBe('Seq,Time,Event,Summary,Venue order id,Venue time,Record');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['0', '2', '5']);
    expect(lines[3]).toContain('"Fill F1: buy 2 @ 101, fee 0.1 USD",V1');
  });

  it('the order history says when there is nothing finished yet', async () => {
    const api = new FakeApi().on('orders.audit', (p) => ({ clientOrderId: p.clientOrderId, events: [] }));
    const { wrapper } = mountWith(OrderHistoryPanel, {}, api);
    await settle();
    expect(wrapper.get('[data-testid="history-empty"]').text()).toMatch(/No finished orders/);
  });
});
