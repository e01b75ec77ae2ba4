import { describe, expect, it } from 'vitest';
import type { InstrumentInfo, PositionView } from '../../../shared/contract';
import {
  assetsOf,
  atDecimals,
  netByAsset,
  positionRows,
  totalsByCurrency,
} from '../../../renderer/src/blotter/positions';

const info = (id: string, priceDecimals: number, sizeDecimals: number): InstrumentInfo => {
  const [venue, market] = id.split(':') as ['paxos', string];
  return {
    id,
    label: id,
    ref: { venue, market },
    canonical: market,
    priceDecimals,
    sizeDecimals,
    tickSize: '0.01',
    lotSize: '0.001',
    venues: [venue],
  };
};
const INSTRUMENTS = [info('paxos:BTCUSD', 2, 8), info('finery:BTC-USD', 2, 6), info('alor:SBER', 2, 0)];

const pos = (over: Partial<PositionView>): PositionView => ({
  venue: 'paxos',
  market: 'BTCUSD',
  canonical: 'BTC-USD',
  position: '0',
  realizedPnl: '0',
  ...over,
});
describe('positions arithmetic', () => {
  it('reads asset and currency from the instrument', () => {
    expect(assetsOf('BTC-USD', 'paxos')).toEqual({ asset: 'BTC', currency: 'USD' });
    expect(assetsOf('SBER', 'alor')).toEqual({ asset: 'SBER', currency: 'RUB' });
  });

  it('rounds to the instrument decimals exactly, half away from zero', () => {
    expect(atDecimals('100.1234567891', 2)).toBe('100.12');
    expect(atDecimals('0.125', 2)).toBe('0.13');
    expect(atDecimals('-0.125', 2)).toBe('-0.13');
    expect(atDecimals('5', 3)).toBe('5.000');
    // 0.1 + 0.2 is exactly 0.3 here, as floats would not have it
    expect(atDecimals('0.30000000000000000001', 20)).toBe('0.30000000000000000001');
  });

  it('takes the core’s fees and net P&L: quote-currency fees apart from other fee assets', () => {
    const rows = positionRows(
      [
        pos({
          position: '0.5',
          averagePrice: '100.1234567891',
          realizedPnl: '10.1',
          unrealizedPnl: '2.2',
          mid: '104.5',
          quoteCurrency: 'USD',
          fees: [
            { currency: 'BTC', amount: '0.0001' },
            { currency: 'USD', amount: '0.3' },
          ],
          realizedNetPnl: '9.8',
          netPnl: '12',
        }),
      ],
      INSTRUMENTS,
    );
    expect(rows[0]).toMatchObject({
      currency: 'USD',
      asset: 'BTC',
      fees: '0.3',
      otherFees: { BTC: '0.0001' },
      net: '12', // the core's: 10.1 + 2.2 − 0.3
      priceDecimals: 2,
      sizeDecimals: 8,
    });
    // The core's figure is shown as given, not re-derived.
    const [given] = positionRows(
      [pos({ realizedPnl: '1', unrealizedPnl: '1', quoteCurrency: 'USD', netPnl: '1.5' })],
      INSTRUMENTS,
    );
    expect(given!.net).toBe('1.5');
  });

  it('nets an asset across venues and totals P&L per currency, never mixing USD and RUB', () => {
    const rows = positionRows(
      [
        pos({
          position: '0.3',
          realizedPnl: '0.1',
          unrealizedPnl: '0.2',
          fees: [{ currency: 'USD', amount: '0.01' }],
        }),
        pos({
          venue: 'finery',
          market: 'BTC-USD',
          position: '-0.1',
          realizedPnl: '0.2',
          unrealizedPnl: '-0.05',
        }),
        pos({
          venue: 'alor',
          market: 'SBER',
          canonical: 'SBER',
          position: '10',
          realizedPnl: '-1500.5',
          quoteCurrency: 'RUB',
          fees: [{ currency: 'RUB', amount: '3' }],
        }),
      ],
      INSTRUMENTS,
    );
    expect(netByAsset(rows)).toEqual([
      { asset: 'BTC', position: '0.2', sizeDecimals: 8, venues: ['paxos', 'finery'] },
      { asset: 'SBER', position: '10', sizeDecimals: 0, venues: ['alor'] },
    ]);
    expect(totalsByCurrency(rows)).toEqual([
      {
        currency: 'RUB',
        decimals: 2,
        realized: '-1500.5',
        unrealized: '0',
        fees: '3',
        net: '-1503.5',
        partial: true,
      },
      {
        currency: 'USD',
        decimals: 2,
        realized: '0.3',
        unrealized: '0.15',
        fees: '0.01',
        net: '0.44',
        partial: false,
      },
    ]);
  });
});
