// The catalogue a client reads must describe what the simulator enforces (issue 16): a size on
// the asset currency's balance step is accepted, one off it is refused with 70.
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

describe('Finery catalogue', () => {
  it('publishes as balance steps the size and price steps orders are held to', async () => {
    const [currencies, instruments] = (await c.request('instruments')).reply as [unknown[][], unknown[][]];
    for (const [name, , asset, balance] of instruments as [string, number, string, string][]) {
      const sizeStep = currencies.find((x) => x[0] === asset)![2] as number;
      const priceStep = currencies.find((x) => x[0] === balance)![2] as number;
      const best = rig.sim.markets.get(name)!.snapshot(1).asks[0]!.price;
      expect(best % priceStep).toBe(0);
      const onStep = await c.request('add', {
        instrument: name,
        size: 3 * sizeStep,
        side: 'bid',
        type: 'marketIOC',
      });
      expect(onStep.error, `${name} ${3 * sizeStep}`).toBeUndefined();
      if (sizeStep > 1) {
        const offStep = await c.request('add', {
          instrument: name,
          size: 3 * sizeStep + 1,
          side: 'bid',
          type: 'marketIOC',
        });
        expect(offStep.error).toBe(70);
      }
      // A size the sim would refuse must not be one the catalogue allows (a step of 1e-8 would).
      const refused = await c.request('add', {
        instrument: name,
        size: 12_345_678,
        side: 'bid',
        type: 'marketIOC',
      });
      expect(refused.error === 70).toBe(12_345_678 % sizeStep !== 0);
    }
  });
});
