// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RiskEvent, RiskState } from '../../../shared/contract';
import KillSwitch from '../../../renderer/src/risk/KillSwitch.vue';
import { FakeApi } from '../support/fake-api';
import { mountWith, settle } from '../support/mount';

const q = (id: string) => document.body.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const click = async (id: string) => {
  q(id)!.click();
  await settle();
};

describe('KillSwitch', () => {
  let api: FakeApi;
  let state: RiskState;
  beforeEach(() => {
    state = { armed: true, killed: false };
    api = new FakeApi()
      .on('risk.kill', () => {
        state = { armed: false, killed: true };
        return {
          cancelled: [{ venue: 'paxos', venueOrderId: 'v1' }],
          failed: [],
          state,
          at: 1,
        };
      })
      .on('risk.arm', ({ armed }) => (state = { armed, killed: false }))
      .on('risk.events.ack', () => ({ acknowledged: true }));
  });
  const mounted: { unmount(): void }[] = [];
  const mountKill = () => mounted.push(mountWith(KillSwitch, {}, api).wrapper);
  afterEach(() => {
    mounted.splice(0).forEach((w) => w.unmount());
    document.body.innerHTML = '';
  });

  it('says what it will do and does nothing when the trader cancels', async () => {
    mountKill();
    await click('kill-switch-button');
    const text = q('confirm-dialog')!.textContent!;
    expect(text).toContain('Cancels every working order on every venue');
    expect(text).toContain('Refuses every new order, from any window, until you re-arm');
    await click('confirm-cancel');
    expect(api.callsTo('risk.kill')).toHaveLength(0);
    expect(q('confirm-dialog')).toBeNull();
  });

  it('kills on Ctrl+Shift+K after confirming, shows the alert until a confirmed re-arm', async () => {
    mountKill();
    await settle();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'K', ctrlKey: true, shiftKey: true }));
    await settle();
    await click('confirm-ok');
    expect(api.callsTo('risk.kill')).toEqual([{}]);
    expect(q('kill-alert')!.textContent).toMatch(/KILL SWITCH PULLED.*1 cancelled/s);

    // Re-arming asks first; refusing keeps the alert.
    await click('kill-rearm');
    expect(q('confirm-dialog')!.textContent).toContain('New orders are accepted again');
    await click('confirm-cancel');
    expect(api.callsTo('risk.arm')).toHaveLength(0);
    expect(q('kill-alert')).not.toBeNull();

    await click('kill-rearm');
    await click('confirm-ok');
    // The core lifts the kill by arming; one-click is disarmed again straight after.
    expect(api.callsTo('risk.arm')).toEqual([{ armed: true }, { armed: false }]);
    expect(state).toEqual({ armed: false, killed: false });
    expect(q('kill-alert')).toBeNull();
  });

  it('shows a kill pulled in another window, heard on risk.events', async () => {
    mountKill();
    await settle();
    expect(q('kill-alert')).toBeNull();
    api.push('risk.events', { state: { armed: false, killed: true }, events: [] });
    await settle();
    expect(q('kill-alert')!.textContent).toContain('new orders are refused on every venue');
  });

  it('keeps an alert that needs acknowledgement on screen until acknowledged', async () => {
    mountKill();
    await settle();
    const alert: RiskEvent = {
      kind: 'warning',
      severity: 'critical',
      message: 'An order journal record could not be replayed and was set aside',
      at: 1,
      id: 'aside-1',
      needsAck: true,
    };
    api.push('risk.events', { state, events: [alert] });
    await settle();
    expect(q('ack-alert')!.textContent).toContain('set aside');
    await click('ack-alert-button');
    expect(api.callsTo('risk.events.ack')).toEqual([{ id: 'aside-1' }]);
    expect(q('ack-alert')).toBeNull();
  });

  it('drops an alert acknowledged in another window', async () => {
    mountKill();
    await settle();
    const alert: RiskEvent = {
      kind: 'warning',
      severity: 'critical',
      message: 'set aside',
      at: 1,
      id: 'a2',
      needsAck: true,
    };
    api.push('risk.events', { state, events: [alert] });
    await settle();
    expect(q('ack-alert')).not.toBeNull();
    api.push('risk.events', {
      state,
      events: [
        {
          kind: 'warning',
          severity: 'info',
          message: 'Alert acknowledged.',
          at: 2,
          id: 'a2',
          needsAck: false,
        },
      ],
    });
    await settle();
    expect(q('ack-alert')).toBeNull();
    expect(api.callsTo('risk.events.ack')).toHaveLength(0);
  });
});
