// Values beyond a field's range get Finery's own error code; the simulator keeps answering (issue 14).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FmClient } from './client';
import { startRig, type Rig } from './helpers';

let rig: Rig;
let c: FmClient;
beforeEach(async () => {
  rig = await startRig();
  c = await rig.open();
});
afterEach(async () => {
  await rig.close();
});

const E8 = 100_000_000;

describe('Finery simulator bounds', () => {
  it('answers sizes, prices and volumes beyond Efx::Size/Price range with an error code', async () => {
    const cases: Record<string, unknown>[] = [
      { type: 'limit', size: 1_000_000 * E8, price: 99_999_999 * E8 },
      { type: 'limit', size: Number.MAX_SAFE_INTEGER, price: Number.MAX_SAFE_INTEGER },
      { type: 'limit', size: 1e300, price: 1e300 },
      { type: 'limit', size: E8, price: 2 ** 63 },
      { type: 'marketIOC', size: 1e20 },
      { type: 'marketIOC', volume: 1e20 },
      { type: 'limitFOK', size: Number.MAX_SAFE_INTEGER, price: 99_999_999 * E8 },
    ];
    for (const order of cases) {
      const r = await c.request('add', { instrument: 'BTC-USD', side: 'bid', ...order });
      expect(r.error, JSON.stringify({ order, r })).toBeGreaterThan(0);
    }
    const ok = await c.request('add', {
      instrument: 'BTC-USD',
      size: 1_000_000,
      side: 'bid',
      type: 'marketIOC',
    });
    expect(ok.error).toBeUndefined();
    expect(ok.reply).toMatchObject({ remainingSize: 0 });
  });
});
