// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { useMarketsStore } from '../../../renderer/src/market/markets-store';
import { VENUE_CAPS, postOnlyProblem, tifChoices } from '../../../renderer/src/orders/venue-caps';
import type { InstrumentInfo } from '../../../shared/contract';
import { FakeApi } from '../support/fake-api';
import { CAPABILITIES } from '../support/venue-capabilities';

const SBER: InstrumentInfo = {
  id: 'alor:SBER',
  label: 'SBER · alor',
  ref: { venue: 'alor', market: 'SBER' },
  canonical: 'SBER',
  priceDecimals: 2,
  sizeDecimals: 0,
  tickSize: '0.01',
  lotSize: '1',
  venues: ['alor'],
  capabilities: CAPABILITIES.alor,
};

describe('venue capabilities from the core', () => {
  it('offers nothing for a venue not known yet, then what markets.list declares', async () => {
    // Finery has not been described in this test module: nothing is offered, with a reason.
    expect(VENUE_CAPS.finery.orderTypes).toEqual([]);
    expect(VENUE_CAPS.finery.notes[0]).toContain('not connected');

    setActivePinia(createPinia());
    const api = new FakeApi();
    api.on('markets.list', () => ({ instruments: [SBER] }));
    await useMarketsStore().load(api);
    expect(VENUE_CAPS.alor.defaultTif).toBe('DAY');
    expect(tifChoices('alor', 'limit')).toEqual(['DAY', 'IOC', 'FOK']);
    expect(postOnlyProblem('alor', 'limit', 'IOC')).toBe('post-only needs DAY');
    expect(postOnlyProblem('alor', 'limit', 'DAY')).toBeNull();
  });
});
