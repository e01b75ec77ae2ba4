// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultPresets, loadPresets, savePresets } from '../../../renderer/src/market/quantity-presets';

describe('quantity presets', () => {
  beforeEach(() => localStorage.clear());

  it('sizes the defaults to the instrument: a round size on the lot grid worth at least ~100', () => {
    // Paxos BTC: lot 1e-8 at 65 000 → 0.01 BTC steps, not 1 BTC nor 1 satoshi.
    expect(defaultPresets('0.00000001', 65_000)).toEqual(['0.01', '0.05', '0.1', '0.25']);
    // ALOR SBER in lots of one at ~300 a share: whole lots.
    expect(defaultPresets('1', 300)).toEqual(['1', '5', '10', '25']);
    // A cheap share still in whole lots, but more of them.
    expect(defaultPresets('1', 0.5)).toEqual(['1000', '5000', '10000', '25000']);
    // FX on Finery: lot 0.001 at 1.08.
    expect(defaultPresets('0.001', 1.08)).toEqual(['100', '500', '1000', '2500']);
    // A lot that is not a power of ten: the round size goes up to the next lot.
    expect(defaultPresets('0.003', 100)).toEqual(['1.002', '5.01', '10.02', '25.05']);
  });

  it('falls back to the lot size when no price is known', () => {
    expect(defaultPresets('0.0001', Number.NaN)).toEqual(['0.0001', '0.0005', '0.001', '0.0025']);
  });

  it('keeps the trader’s presets per instrument and ignores a corrupt store', () => {
    savePresets(localStorage, 'paxos:BTCUSD', ['0.2', '0.4']);
    savePresets(localStorage, 'alor:SBER', ['3']);
    expect(loadPresets(localStorage, 'paxos:BTCUSD')).toEqual(['0.2', '0.4']);
    expect(loadPresets(localStorage, 'alor:SBER')).toEqual(['3']);
    expect(loadPresets(localStorage, 'finery:BTC-USD')).toBeUndefined();
    localStorage.setItem('crossbook.ladder.presets', '{"x": ["not a size"]}');
    expect(loadPresets(localStorage, 'x')).toBeUndefined();
  });
});
