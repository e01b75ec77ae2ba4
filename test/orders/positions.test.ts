import { describe, expect, it } from 'vitest';
import { PositionBook } from '../../electron/orders/positions';
import { averagePrice } from '../../electron/orders/average-price';
import { divRound, formatBig, parseBig } from '../../shared/decimal';
import fc from 'fast-check';

const fill = (side: 'buy' | 'sell', size: string, price: string) => ({
  venue: 'paxos' as const,
  market: 'BTCUSD',
  canonical: 'BTC-USD',
  side,
  price,
  size,
  marketPriceScale: 2,
  sizeScale: 4,
});
const mids = (mid: string | undefined) => ({ mid: () => mid });

describe('positions and P&L', () => {
  it('sums fees per currency exactly and counts the quote-currency ones in net P&L', () => {
    const b = new PositionBook();
    b.apply({ ...fill('buy', '2', '100'), fee: '0.1', feeCurrency: 'usd' });
    b.apply({ ...fill('buy', '1', '100'), fee: '0.2' }); // no currency: the quote currency
    b.apply({ ...fill('sell', '1', '110'), fee: '0.00000001', feeCurrency: 'BTC' });
    b.apply({ ...fill('sell', '1', '110'), fee: '-0.05', feeCurrency: 'USD' }); // a rebate
    const v = b.views(mids('105'))[0]!;
    expect(v).toMatchObject({
      position: '1',
      realizedPnl: '20',
      unrealizedPnl: '5',
      quoteCurrency: 'USD',
      fees: [
        { currency: 'BTC', amount: '0.00000001' },
        { currency: 'USD', amount: '0.25' },
      ],
      realizedNetPnl: '19.75', // 20 − (0.1 + 0.2 − 0.05), exactly
      netPnl: '24.75',
    });
    // Without a mid there is no net figure, only the realized one.
    expect(b.views(mids(undefined))[0]!.netPnl).toBeUndefined();
  });

  it('leaves the position untouched when a fill carries a malformed fee', () => {
    const b = new PositionBook();
    b.apply(fill('buy', '1', '100'));
    expect(() => b.apply({ ...fill('buy', '1', '100'), fee: '1e-3' })).toThrow();
    const v = b.views()[0]!;
    expect([v.position, v.fees, v.realizedNetPnl]).toEqual(['1', undefined, '0']);
  });

  it('takes roubles as the quote currency of an ALOR share', () => {
    const b = new PositionBook();
    b.apply({ ...fill('buy', '10', '250'), venue: 'alor', market: 'SBER', canonical: 'SBER', fee: '1.5' });
    expect(b.views()[0]).toMatchObject({ quoteCurrency: 'RUB', fees: [{ currency: 'RUB', amount: '1.5' }] });
  });

  it('long: average price, realized on a partial close, unrealized against mid', () => {
    const b = new PositionBook();
    b.apply(fill('buy', '1', '100'));
    b.apply(fill('buy', '3', '104'));
    let v = b.views(mids('105'))[0]!;
    expect(v).toMatchObject({
      position: '4',
      averagePrice: '103',
      realizedPnl: '0',
      unrealizedPnl: '8',
      mid: '105',
    });
    b.apply(fill('sell', '1', '110'));
    v = b.views(mids('101'))[0]!;
    expect(v).toMatchObject({ position: '3', averagePrice: '103', realizedPnl: '7', unrealizedPnl: '-6' });
  });

  it('short, then flipping through zero to long', () => {
    const b = new PositionBook();
    b.apply(fill('sell', '2', '50.5'));
    expect(b.views(mids('50'))[0]).toMatchObject({
      position: '-2',
      averagePrice: '50.5',
      unrealizedPnl: '1',
    });
    b.apply(fill('buy', '3', '49.5'));
    const v = b.views(mids('49.5'))[0]!;
    expect(v).toMatchObject({ position: '1', averagePrice: '49.5', realizedPnl: '2', unrealizedPnl: '0' });
  });

  it('no mid: no unrealized figure rather than a made-up one', () => {
    const b = new PositionBook();
    b.apply(fill('buy', '1', '1'));
    expect(b.views(mids(undefined))[0]!.unrealizedPnl).toBeUndefined();
  });

  it('does not overflow on products past 2^53', () => {
    const b = new PositionBook();
    b.apply({ ...fill('buy', '900000000', '90000000'), sizeScale: 4 });
    b.apply({ ...fill('sell', '900000000', '90000001.01'), sizeScale: 4 });
    expect(b.views()[0]).toMatchObject({ position: '0', realizedPnl: '909000000' });
  });

  it('refuses a malformed fill without changing the position', () => {
    const b = new PositionBook();
    b.apply(fill('buy', '1', '100'));
    expect(() => b.apply(fill('buy', '0', '100'))).toThrow();
    expect(() => b.apply(fill('buy', '1', '1e5x'))).toThrow();
    expect(b.views()[0]!.position).toBe('1');
  });

  it('round trips realize exactly the sum of trade cash flows (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            buy: fc.boolean(),
            size: fc.integer({ min: 1, max: 50_000 }),
            price: fc.integer({ min: 1, max: 10_000_000 }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (trades) => {
          const b = new PositionBook();
          let pos = 0n;
          let cash = 0n;
          for (const t of trades) {
            b.apply(
              fill(t.buy ? 'buy' : 'sell', formatBig(BigInt(t.size), 4), formatBig(BigInt(t.price), 2)),
            );
            pos += t.buy ? BigInt(t.size) : -BigInt(t.size);
            cash += (t.buy ? -1n : 1n) * BigInt(t.size) * BigInt(t.price);
          }
          // Close at the last price: the realized total must equal the cash flow exactly.
          const last = trades[trades.length - 1]!.price;
          if (pos !== 0n) {
            b.apply(
              fill(
                pos > 0n ? 'sell' : 'buy',
                formatBig(pos > 0n ? pos : -pos, 4),
                formatBig(BigInt(last), 2),
              ),
            );
            cash += pos * BigInt(last);
          }
          const v = b.views()[0]!;
          expect(v.position).toBe('0');
          expect(parseBig(v.realizedPnl, 10)).toBe(cash * 10_000n);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('money helpers', () => {
    expect(formatBig(-1234n, 2)).toBe('-12.34');
    expect(formatBig(5n, 3)).toBe('0.005');
    expect(parseBig('-0.50', 2)).toBe(-50n);
    expect(() => parseBig('0.123', 2)).toThrow();
    expect(divRound(5n, 2n)).toBe(3n);
    expect(divRound(-5n, 2n)).toBe(-3n);
    expect(averagePrice(1000n, 3n, 0)).toBe('333.3333');
  });
});
