// The risk check values a market order at the price its size reaches in the book, and the router
// previews a split; both read depth synchronously, so the core keeps it warm for every instrument.
// A single-venue instrument used to be left cold, so the first market order on it was refused.
import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../electron/engine/client';
import type { WorkerCommand as EngineCommand } from '../../electron/engine/protocol';
import { MarketDataService } from '../../electron/app/market-data';

function recordingEngine(): { client: EngineClient; sent: EngineCommand[] } {
  const sent: EngineCommand[] = [];
  const client: EngineClient = {
    send: (c) => void sent.push(c),
    sendBatch: (cs) => void sent.push(...cs),
    on: () => () => {},
    onAny: () => () => {},
    close: async () => {},
  };
  return { client, sent };
}

describe('depth kept warm', () => {
  it('asks the engine for both sides of a single-venue instrument without anyone reading it first', async () => {
    const { client, sent } = recordingEngine();
    const marketData = new MarketDataService(client);
    marketData.defineMarkets([
      {
        venue: 'alor',
        market: 'SBER',
        canonical: 'SBER',
        priceDecimals: 2,
        sizeDecimals: 0,
        tickSize: '0.01',
        lotSize: '1',
      },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const asked = sent.flatMap((c) => (c.type === 'depth' ? [`${c.canonical}:${c.side}`] : []));
    expect(asked).toContain('SBER:bid');
    expect(asked).toContain('SBER:ask');
    await marketData.close();
  });
});

describe('another market', () => {
  it('drops the old market’s trades with its books and tells whoever derived figures from them', async () => {
    const { client, sent } = recordingEngine();
    const marketData = new MarketDataService(client);
    marketData.trade({ venue: 'alor', market: 'SBER', price: '305.12', size: '3', time: 1 });
    expect(marketData.recentTrades()).toHaveLength(1);
    let told = 0;
    marketData.onDiscard(() => told++);
    marketData.discardBooks();
    expect(marketData.recentTrades()).toEqual([]);
    expect(told).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent.some((c) => c.type === 'clearBooks')).toBe(true);
    await marketData.close();
  });
});
