// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstrumentLimits, RiskLimits } from '../../../shared/contract';
import RiskLimitsPanel from '../../../renderer/src/settings/RiskLimitsPanel.vue';
import { checkLimits, emptyLimitsForm, quoteCurrency } from '../../../renderer/src/settings/risk-limits-form';
import { FakeApi } from '../support/fake-api';
import { BTC_PAXOS, mountWith, settle } from '../support/mount';

describe('checkLimits', () => {
  it('refuses a soft limit above its hard one, with the bound in the reason', () => {
    const form = { ...emptyLimitsForm(), maxNotional: '1000', softMaxNotional: '1500' };
    const r = checkLimits(form);
    expect(r.errors.softMaxNotional).toBe(
      'must not be above the hard order value limit (1000): it could never warn',
    );
    expect(r.limits).toBeUndefined();
  });

  it('checks a soft limit against the hard limit in force when the form leaves it empty', () => {
    const form = { ...emptyLimitsForm(), softMaxSize: '20' };
    expect(checkLimits(form, { maxSize: '10' }).errors.softMaxSize).toMatch(/hard size limit \(10\)/);
    expect(checkLimits(form, { maxSize: '30' }).limits).toEqual({ softMaxSize: '20' });
  });

  it('refuses malformed numbers and builds the limits from what is set', () => {
    const bad = checkLimits({ ...emptyLimitsForm(), bandPercent: '1e3', maxOpenOrders: '2.5', maxSize: '0' });
    expect(bad.errors).toEqual({
      bandPercent: 'must be a number greater than zero, such as 12.5',
      maxOpenOrders: 'must be a whole number from 1 to 100000',
      maxSize: 'must be a number greater than zero, such as 12.5',
    });
    expect(checkLimits({ ...emptyLimitsForm(), bandPercent: '150' }).errors.bandPercent).toMatch(
      /at most 100/,
    );
    expect(
      checkLimits({ ...emptyLimitsForm(), bandPercent: '5', maxNotional: '100', maxOpenOrders: '3' }).limits,
    ).toEqual({ priceBand: { percent: '5' }, maxNotional: '100', maxOpenOrders: 3 });
  });

  it('names the quote currency the core reads the value limits in', () => {
    expect(quoteCurrency({ canonical: 'BTC-USD', venues: ['paxos'] })).toBe('USD');
    expect(quoteCurrency({ canonical: 'SBER', venues: ['alor'] })).toBe('RUB');
  });
});

describe('RiskLimitsPanel', () => {
  const SHIPPED: InstrumentLimits = {
    priceBand: { percent: '10' },
    maxNotional: '1000000',
    softMaxNotional: '250000',
    maxSize: '10000',
    maxOpenOrders: 50,
  };
  let api: FakeApi;
  let own: Partial<InstrumentLimits>;
  let profile: RiskLimits;
  beforeEach(() => {
    own = {};
    profile = { defaults: {}, instruments: [] };
    api = new FakeApi()
      .on('markets.list', () => ({ instruments: [BTC_PAXOS] }))
      .on('risk.limits.get', () => profile)
      .on('risk.limits.set', (l) => (profile = l))
      .on('risk.limits.instrument.get', () => ({ own, effective: { ...SHIPPED, ...own } }))
      .on('risk.limits.instrument.set', ({ limits }) => {
        own = limits ?? {};
        return profile;
      });
  });
  afterEach(() => (document.body.innerHTML = ''));

  async function openBtc() {
    const { wrapper } = mountWith(RiskLimitsPanel, {}, api);
    await settle();
    await wrapper.get('[data-testid="risk-instrument-select"]').setValue(BTC_PAXOS.id);
    await settle();
    return wrapper;
  }

  it('shows the shipped limits in force with the currency and units', async () => {
    const w = await openBtc();
    expect(api.callsTo('risk.limits.instrument.get')).toEqual([{ venue: 'paxos', market: 'BTCUSD' }]);
    expect(w.get('[data-testid="instrument-bandPercent-in-force"]').text()).toBe('in force: ±10 %');
    expect(w.get('[data-testid="instrument-maxNotional-in-force"]').text()).toBe('in force: 1000000');
    expect(w.text()).toContain('Hard order value, USD');
    expect(w.text()).toContain('Max size, BTC');
  });

  it('refuses a soft value above its hard one next to the field, then saves a valid one', async () => {
    const w = await openBtc();
    await w.get('[data-testid="instrument-maxNotional"]').setValue('5000');
    await w.get('[data-testid="instrument-softMaxNotional"]').setValue('6000');
    expect(w.get('[data-testid="instrument-softMaxNotional-error"]').text()).toMatch(
      /must not be above the hard order value limit \(5000\)/,
    );
    expect(w.get('[data-testid="instrument-save"]').attributes('disabled')).toBeDefined();
    await w.get('form[data-testid="risk-instrument"]').trigger('submit');
    expect(api.callsTo('risk.limits.instrument.set')).toHaveLength(0);

    await w.get('[data-testid="instrument-softMaxNotional"]').setValue('4000');
    await w.get('form[data-testid="risk-instrument"]').trigger('submit');
    await settle();
    expect(api.callsTo('risk.limits.instrument.set')).toEqual([
      { venue: 'paxos', market: 'BTCUSD', limits: { maxNotional: '5000', softMaxNotional: '4000' } },
    ]);
    expect(w.get('[data-testid="instrument-maxNotional-in-force"]').text()).toBe('in force: 5000');
  });

  it('resets an instrument to the shipped limits', async () => {
    own = { maxNotional: '5000' };
    const w = await openBtc();
    expect((w.get('[data-testid="instrument-maxNotional"]').element as HTMLInputElement).value).toBe('5000');
    await w.get('[data-testid="instrument-reset"]').trigger('click');
    await settle();
    expect(api.callsTo('risk.limits.instrument.set')).toEqual([
      { venue: 'paxos', market: 'BTCUSD', limits: null },
    ]);
    expect((w.get('[data-testid="instrument-maxNotional"]').element as HTMLInputElement).value).toBe('');
    expect(w.get('[data-testid="instrument-maxNotional-in-force"]').text()).toBe('in force: 1000000');
  });

  it('saves the profile defaults and whether the shipped limits apply', async () => {
    const { wrapper: w } = mountWith(RiskLimitsPanel, {}, api);
    await settle();
    await w.get('[data-testid="defaults-bandPercent"]').setValue('5');
    await w.get('[data-testid="risk-shipped"]').setValue(false);
    await w.get('form[data-testid="risk-defaults"]').trigger('submit');
    await settle();
    expect(api.callsTo('risk.limits.set')).toEqual([
      { defaults: { priceBand: { percent: '5' } }, instruments: [], shipped: false },
    ]);
  });
});
