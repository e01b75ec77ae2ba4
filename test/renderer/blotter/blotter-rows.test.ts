// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { FillView } from '../../../shared/contract';
import {
  csvField,
  FILL_COLUMNS,
  fillRow,
  groupFills,
  toCsv,
  type FillRow,
} from '../../../renderer/src/blotter/blotter-rows';
import { decimalComparator } from '../../../renderer/src/common/grid';
import { addDecimals, compareDecimals, divDecimals, mulDecimals } from '../../../shared/decimal';

const fill = (over: Partial<FillView>): FillView => ({
  venue: 'paxos',
  market: 'BTCUSD',
  fillId: 'f1',
  clientOrderId: 'c1',
  venueOrderId: 'v1',
  side: 'buy',
  price: '100.5',
  size: '0.1',
  at: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
  ...over,
});

describe('blotter rows and CSV', () => {
  it('maps a fill to the blotter columns, fee with its currency, order id falling back to the venue id', () => {
    const row = fillRow(fill({ fee: '-0.01', feeCurrency: 'USD', clientOrderId: undefined }));
    expect(row).toMatchObject({
      venue: 'Paxos',
      instrument: 'BTCUSD',
      side: 'buy',
      price: '100.5',
      quantity: '0.1',
      fee: '-0.01 USD',
      orderId: 'v1',
    });
    expect(row.time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
  });

  it('writes exactly the given rows in the given order, with the grid headers', () => {
    const rows: FillRow[] = [
      fillRow(fill({ fillId: 'a', price: '101', side: 'sell' })),
      fillRow(fill({ fillId: 'b', price: '99.25' })),
    ];
    const csv = toCsv(rows, FILL_COLUMNS);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Time,Venue,Instrument,Side,Price,Quantity,Fee,Order id');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(',sell,101,0.1,');
    expect(lines[2]).toContain(',buy,99.25,0.1,');
  });

  it('quotes separators and defuses spreadsheet formulas but keeps negative numbers', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-0.25')).toBe('-0.25');
    expect(csvField('-0.25 USD')).toBe("'-0.25 USD");
    expect(csvField(undefined)).toBe('');
  });

  it('groups fills with exact sums, net and VWAP', () => {
    const rows = [
      fill({ fillId: '1', side: 'buy', price: '100.1', size: '0.1', fee: '0.01', feeCurrency: 'USD' }),
      fill({ fillId: '2', side: 'buy', price: '100.2', size: '0.2', fee: '0.02', feeCurrency: 'USD' }),
      fill({ fillId: '3', side: 'sell', price: '101', size: '0.05', venue: 'finery' }),
    ].map(fillRow);
    const byVenue = groupFills(rows, 'venue');
    expect(byVenue).toHaveLength(2);
    const p = byVenue.find((g) => g.group === 'Paxos')!;
    // 0.1 + 0.2 is exactly 0.3 here; VWAP (10.01 + 20.04) / 0.3 = 100.1666… → 100.167 (two places past the price).
    expect(p).toMatchObject({
      fills: 2,
      bought: '0.3',
      sold: '0',
      net: '0.3',
      avgPrice: '100.167',
      fees: '0.03 USD',
    });
    const f = byVenue.find((g) => g.group === 'Finery Markets')!;
    expect(f).toMatchObject({ bought: '0', sold: '0.05', net: '-0.05', fees: '' });
  });

  it('sorts decimal strings by value, not as text or floats', () => {
    const values = ['10', '9.5', '100', '0.000000000000000001', '0.000000000000000002'];
    expect([...values].sort(decimalComparator)).toEqual([
      '0.000000000000000001',
      '0.000000000000000002',
      '9.5',
      '10',
      '100',
    ]);
    expect(decimalComparator('1.5 USD', '0.2 USD')).toBe(1);
  });

  it('does decimal arithmetic exactly', () => {
    expect(addDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(mulDecimals('1.1', '1.1')).toBe('1.21');
    expect(divDecimals('1', '3', 4)).toBe('0.3333');
    expect(divDecimals('2', '3', 2)).toBe('0.67');
    expect(compareDecimals('1.10', '1.1')).toBe(0);
  });
});
