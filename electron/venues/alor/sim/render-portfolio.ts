// /ws (and HTTP list) shapes of the portfolio's own trades and positions in the three formats
// (alor.md §4.4); Slim keys as in ALOR's SDK TradeSlim and PositionSlim.
import type { AlorFormat } from '../wire/alor-wire';
import type { PositionRecord, TradeRecord } from './broker';
import { iso7, px } from './render';

type Obj = Record<string, unknown>;

export function renderTrade(t: TradeRecord, format: AlorFormat, existing: boolean): Obj {
  const i = t.instrument;
  const price = px(t.price, i.priceDecimals);
  const volume = px(t.price * t.qty * i.lotSize, i.priceDecimals);
  if (format === 'Slim') {
    // Keys as in ALOR's SDK TradeSlim.
    return {
      id: t.id,
      eid: t.orderId,
      sym: i.symbol,
      tic: `${i.exchange}:${i.symbol}`,
      ex: i.exchange,
      cmt: t.comment,
      d: iso7(t.timeMs),
      b: i.board,
      q: t.qty * i.lotSize,
      qb: t.qty,
      px: price,
      ai: 0,
      s: t.side,
      h: existing,
      cms: 0,
      r: null,
      v: volume,
    };
  }
  const common = {
    id: t.id,
    comment: t.comment,
    symbol: i.symbol,
    brokerSymbol: `${i.exchange}:${i.symbol}`,
    exchange: i.exchange,
    date: iso7(t.timeMs),
    board: i.board,
    qtyUnits: t.qty * i.lotSize,
    qtyBatch: t.qty,
  };
  if (format === 'Heavy') {
    return {
      ...common,
      orderNo: t.orderId,
      price,
      accruedInt: 0,
      side: t.side,
      existing,
      commission: 0,
      repoSpecificFields: null,
      volume,
      settleDate: iso7(t.timeMs + 86_400_000).slice(0, 10) + 'T00:00:00.0000000Z',
    };
  }
  return {
    orderno: t.orderId,
    ...common,
    qty: t.qty,
    price,
    accruedInt: 0,
    side: t.side,
    existing,
    commission: 0,
    repoSpecificFields: null,
    volume,
  };
}

export function renderPosition(p: PositionRecord, format: AlorFormat, existing: boolean): Obj {
  let f: Obj;
  if (!p.instrument) {
    const cash = px(p.qty, 2);
    f = {
      volume: cash,
      currentVolume: cash,
      symbol: 'RUB',
      brokerSymbol: 'MOEX:RUB',
      portfolio: p.portfolio,
      exchange: 'MOEX',
      avgPrice: 1,
      qtyUnits: cash,
      openUnits: cash,
      lotSize: 1,
      shortName: 'Рубль',
      qtyT0: cash,
      qtyT1: cash,
      qtyT2: cash,
      qtyTFuture: cash,
      qtyT0Batch: cash,
      qtyT1Batch: cash,
      qtyT2Batch: cash,
      qtyTFutureBatch: cash,
      qtyBatch: cash,
      openQtyBatch: cash,
      qty: cash,
      open: cash,
      dailyUnrealisedPl: 0,
      unrealisedPl: 0,
      isCurrency: true,
      existing,
    };
  } else {
    const i = p.instrument;
    const d = i.priceDecimals;
    const sign = Math.sign(p.qty);
    const units = p.qty * i.lotSize;
    const lots = Math.abs(p.qty);
    // Average price carries four extra decimals: it is a ratio, not a tradeable price.
    const avg = lots === 0 ? 0 : px(Math.round((p.cost * 10_000) / lots), d + 4);
    const volume = px(sign * p.cost * i.lotSize, d);
    const current = px(p.last * units, d);
    const upl = px(p.last * units - sign * p.cost * i.lotSize, d);
    f = {
      volume,
      currentVolume: current,
      symbol: i.symbol,
      brokerSymbol: `${i.exchange}:${i.symbol}`,
      portfolio: p.portfolio,
      exchange: i.exchange,
      avgPrice: avg,
      qtyUnits: units,
      openUnits: 0,
      lotSize: i.lotSize,
      shortName: i.shortname,
      qtyT0: units,
      qtyT1: units,
      qtyT2: units,
      qtyTFuture: units,
      qtyT0Batch: p.qty,
      qtyT1Batch: p.qty,
      qtyT2Batch: p.qty,
      qtyTFutureBatch: p.qty,
      qtyBatch: p.qty,
      openQtyBatch: 0,
      qty: p.qty,
      open: 0,
      dailyUnrealisedPl: upl,
      unrealisedPl: upl,
      isCurrency: false,
      existing,
    };
  }
  if (format !== 'Slim') return f;
  // Keys as in ALOR's SDK PositionSlim.
  return {
    v: f.volume,
    cv: f.currentVolume,
    sym: f.symbol,
    tic: f.brokerSymbol,
    p: f.portfolio,
    ex: f.exchange,
    pxavg: f.avgPrice,
    q: f.qtyUnits,
    o: f.openUnits,
    lot: f.lotSize,
    n: f.shortName,
    q0: f.qtyT0,
    q1: f.qtyT1,
    q2: f.qtyT2,
    qf: f.qtyTFuture,
    upd: f.dailyUnrealisedPl,
    up: f.unrealisedPl,
    cur: f.isCurrency,
    h: existing,
  };
}
