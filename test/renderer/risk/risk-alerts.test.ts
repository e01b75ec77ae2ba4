// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import RiskAlerts from '../../../renderer/src/risk/RiskAlerts.vue';
import { useRiskStore } from '../../../renderer/src/risk/risk-store';

describe('risk alerts', () => {
  it('keeps a critical warning on screen until acknowledged and lists warnings', async () => {
    setActivePinia(createPinia());
    const risk = useRiskStore();
    const w = mount(RiskAlerts);
    expect(w.text()).toContain('No warnings');
    risk.events = [
      {
        kind: 'venue_disconnected',
        severity: 'critical',
        message: 'Paxos disconnected with 2 working orders; it does not cancel them',
        venue: 'paxos',
        at: Date.now() - 1000,
      },
      { kind: 'reconciled', severity: 'info', message: 'reconciled', at: Date.now() - 2000 },
    ];
    await w.vm.$nextTick();
    expect(w.get('[data-testid="risk-critical"]').text()).toContain('Paxos disconnected');
    expect(w.findAll('li')).toHaveLength(1); // info events are not alerts
    await w.get('[data-testid="risk-critical"] button').trigger('click');
    expect(w.find('[data-testid="risk-critical"]').exists()).toBe(false);
    expect(w.findAll('li')).toHaveLength(1); // still listed
  });
});
