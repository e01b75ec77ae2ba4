// The instruments the ALOR simulator lists: MOEX shares on the TQBR board. Sizes inside the
// simulator are lots (ALOR's quantity unit everywhere on the wire), so sizeDecimals is 0 and one
// scaled size unit is one lot; `lotSize` below is the number of shares per lot for the *Units
// fields. Prices carry the instrument's price-step decimals.
import type { SimMarketSpec } from '../../simkit/types';

export interface AlorInstrument {
  symbol: string;
  exchange: 'MOEX';
  board: string;
  shortname: string;
  description: string;
  isin: string;
  cfiCode: string;
  /** Shares per lot. */
  lotSize: number;
  priceDecimals: number;
  /** Price step in scaled units. */
  tickSize: number;
  /** Previous session close in scaled units (quotes' prev_close_price). */
  prevClose: number;
}

export const alorInstruments: AlorInstrument[] = [
  {
    symbol: 'SBER',
    exchange: 'MOEX',
    board: 'TQBR',
    shortname: 'Сбербанк',
    description: 'Сбербанк России ПАО ао',
    isin: 'RU0009029540',
    cfiCode: 'ESVXXX',
    lotSize: 10,
    priceDecimals: 2,
    tickSize: 1,
    prevClose: 30_512,
  },
  {
    symbol: 'GAZP',
    exchange: 'MOEX',
    board: 'TQBR',
    shortname: 'ГАЗПРОМ ао',
    description: '"Газпром" (ПАО) ао',
    isin: 'RU0007661625',
    cfiCode: 'ESVXXX',
    lotSize: 10,
    priceDecimals: 2,
    tickSize: 1,
    prevClose: 13_047,
  },
  {
    symbol: 'LKOH',
    exchange: 'MOEX',
    board: 'TQBR',
    shortname: 'ЛУКОЙЛ',
    description: 'НК ЛУКОЙЛ (ПАО) - ао',
    isin: 'RU0009024277',
    cfiCode: 'ESVXXX',
    lotSize: 1,
    priceDecimals: 1,
    tickSize: 5,
    prevClose: 70_125,
  },
];

export const alorInstrumentBySymbol: ReadonlyMap<string, AlorInstrument> = new Map(
  alorInstruments.map((i) => [i.symbol, i]),
);

const typicalLots: Record<string, number> = { SBER: 400, GAZP: 900, LKOH: 40 };

export const alorSimMarketSpecs: SimMarketSpec[] = alorInstruments.map((i) => ({
  symbol: i.symbol,
  priceDecimals: i.priceDecimals,
  sizeDecimals: 0,
  tickSize: i.tickSize,
  lotSize: 1,
  initialMid: i.prevClose,
  // The widest book a client may request (depth 1–50).
  depth: 50,
  typicalLevelSize: typicalLots[i.symbol] ?? 100,
}));

/** The session's price band in scaled units, published as priceMin/priceMax and enforced on orders. */
export function priceLimits(i: AlorInstrument): { min: number; max: number } {
  return { min: i.tickSize, max: i.prevClose * 2 };
}
