import { describe, expect, it } from 'vitest';
import { createMarketGenerator } from '../../../electron/venues/simkit';
import { ReferencePrices } from '../../../electron/venues/simkit/reference';
import type { SimMarketSpec } from '../../../electron/venues/simkit';

describe('shared reference prices', () => {
  it('is the same path whoever asks, and however often', () => {
    let now = 1_000_000;
    const a = new ReferencePrices(5, () => now);
    const b = new ReferencePrices(5, () => now);
    const seen: number[] = [];
    for (let i = 0; i < 200; i++) {
      now += 250;
      seen.push(a.factor('BTC-USD'));
      if (i % 7 === 0) b.factor('BTC-USD'); // b skips buckets; it must still land on the same path
    }
    expect(b.factor('BTC-USD')).toBe(seen.at(-1));
    expect(new Set(seen).size).toBeGreaterThan(5); // it moves
    expect(a.factor('ETH-USD')).not.toBe(a.factor('BTC-USD'));
  });

  it('keeps two venues quoting one instrument within a few ticks of each other', () => {
    let now = 0;
    const reference = new ReferencePrices(3, () => now);
    const spec = (symbol: string, decimals: number, tick: number): SimMarketSpec => ({
      symbol,
      priceDecimals: decimals,
      sizeDecimals: 8,
      tickSize: tick,
      lotSize: 1,
      initialMid: 65_000 * 10 ** decimals,
      depth: 20,
      typicalLevelSize: 50_000_000,
      anchor: 'BTC-USD',
    });
    const a = createMarketGenerator([spec('BTCUSD', 2, 25)], {
      seed: 1,
      levelUpdatesPerSecond: 0,
      reference,
    });
    const b = createMarketGenerator([spec('BTC-USD', 8, 1_000_000)], {
      seed: 2,
      levelUpdatesPerSecond: 0,
      reference,
    });
    for (let i = 0; i < 40; i++) {
      now += 5_000; // the reference moves between batches
      a.step(200);
      b.step(200);
      const midA = mid(a.markets.get('BTCUSD')!.top()) / 100;
      const midB = mid(b.markets.get('BTC-USD')!.top()) / 1e8;
      expect(Math.abs(midA - midB) / midA).toBeLessThan(0.002);
    }
  });
});

function mid(top: { bid?: { price: number }; ask?: { price: number } }): number {
  return (top.bid!.price + top.ask!.price) / 2;
}
