// The simulated venue's static catalogue: markets for the generator, plus the currency and
// instrument records feed I and the `instruments` method serve.
import type { SimMarketSpec } from '../../simkit/types';
import type { CurrencyRecord, InstrumentRecord, NetworkRecord } from '../wire/finery-wire';

const E8 = 100_000_000;

/** Specs carry 8 decimals so that generator units equal Finery wire units (1e-8). */
export const finerySimMarketSpecs: SimMarketSpec[] = [
  {
    symbol: 'BTC-USD',
    priceDecimals: 8,
    sizeDecimals: 8,
    tickSize: 1_000_000, // USD balance step 0.01 (reference §5 example)
    lotSize: 10_000,
    initialMid: 65_000 * E8,
    anchor: 'BTC-USD',
    depth: 40,
    typicalLevelSize: E8 / 2,
  },
  {
    symbol: 'ETH-USD',
    priceDecimals: 8,
    sizeDecimals: 8,
    tickSize: 1_000_000,
    lotSize: 100_000,
    initialMid: 3_200 * E8,
    anchor: 'ETH-USD',
    depth: 40,
    typicalLevelSize: 5 * E8,
  },
];

interface CurrencyInfo {
  name: string;
  id: number;
  balanceStep: number;
  type: 'fiat' | 'crypto' | 'stablecoin';
}

/**
 * Sizes must respect the asset currency's balance step as prices respect the balance currency's
 * (finery-markets.md §5), so an asset's step is the lot its market enforces: a client that reads
 * the catalogue then never sends a size the simulator refuses with 70.
 */
const lotOf = (symbol: string): number => finerySimMarketSpecs.find((s) => s.symbol === symbol)!.lotSize;

const CURRENCIES: CurrencyInfo[] = [
  { name: 'BTC', id: 1, balanceStep: lotOf('BTC-USD'), type: 'crypto' },
  { name: 'ETH', id: 2, balanceStep: lotOf('ETH-USD'), type: 'crypto' },
  { name: 'USD', id: 3, balanceStep: 1_000_000, type: 'fiat' },
];

/** Instrument ids: the reference's example id for BTC-USD, then consecutive. */
const INSTRUMENT_IDS: Record<string, number> = { 'BTC-USD': 4955410050, 'ETH-USD': 4955410051 };

export interface InstrumentInfo {
  name: string;
  id: number;
  asset: string;
  balance: string;
}

export class Catalog {
  readonly instruments: InstrumentInfo[];
  readonly currencies: string[];

  constructor(
    symbols: string[],
    private readonly usdPrice: (currency: string) => number,
  ) {
    let nextId = 4955410100;
    this.instruments = symbols.map((name) => {
      const [asset = name, balance = 'USD'] = name.split('-');
      return { name, id: INSTRUMENT_IDS[name] ?? nextId++, asset, balance };
    });
    const names = new Set<string>();
    for (const i of this.instruments) names.add(i.asset).add(i.balance);
    this.currencies = [...names];
  }

  instrument(feedId: unknown): InstrumentInfo | undefined {
    if (typeof feedId === 'string') return this.instruments.find((i) => i.name === feedId);
    if (typeof feedId === 'number') return this.instruments.find((i) => i.id === feedId);
    return undefined;
  }

  hasCurrency(name: unknown): boolean {
    return typeof name === 'string' && this.currencies.includes(name);
  }

  private currencyInfo(name: string, index: number): CurrencyInfo {
    return (
      CURRENCIES.find((c) => c.name === name) ?? { name, id: 100 + index, balanceStep: 1, type: 'crypto' }
    );
  }

  /**
   * Feed I omits `networks`, REST `instruments` carries it (reference §5: "feed I snapshot omits
   * networks"), so the feed record has 5 fields and the REST one 6.
   */
  currencyRecords(withNetworks: boolean): CurrencyRecord[] {
    return this.currencies.map((name, i) => {
      const c = this.currencyInfo(name, i);
      const base: CurrencyRecord = [c.name, c.id, c.balanceStep, this.usdPrice(c.name), c.type];
      return withNetworks ? [...base, []] : base;
    });
  }

  instrumentRecords(): InstrumentRecord[] {
    return this.instruments.map((i) => [i.name, i.id, i.asset, i.balance]);
  }

  networkRecords(): NetworkRecord[] {
    return [];
  }
}
