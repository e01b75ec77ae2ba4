// Turns simulator records into ALOR's /ws data shapes in the three formats (alor.md §4.4):
// Simple (legacy keys, deprecated fields kept), Slim (short keys) and Heavy (camelCase, no
// deprecated fields). Prices leave as JSON numbers whose text is the exact decimal: scaled integer
// → canonical decimal string → Number, which JSON prints back as that same shortest decimal.
import { formatScaled } from '../../../../shared/decimal';
import type { BookSnapshot } from '../../simkit/types';
import type { AlorFormat } from '../wire/alor-wire';
import type { MarketStats, OrderRecord, PublicTrade } from './broker';
import type { AlorInstrument } from './specs';
import type { StopRecord } from './stops';

type Obj = Record<string, unknown>;

export const px = (scaled: number, decimals: number): number => Number(formatScaled(scaled, decimals));
/** ALOR's own timestamps: ISO-8601 UTC with 7 fractional digits. */
export const iso7 = (ms: number): string => new Date(ms).toISOString().replace('Z', '0000Z');

export function renderBook(
  book: BookSnapshot,
  i: AlorInstrument,
  format: AlorFormat,
  existing: boolean,
  ms: number,
): Obj {
  const side = (levels: BookSnapshot['bids']) =>
    levels.map((l) =>
      format === 'Slim'
        ? { p: px(l.price, i.priceDecimals), v: l.size }
        : { price: px(l.price, i.priceDecimals), volume: l.size },
    );
  if (format === 'Slim') return { b: side(book.bids), a: side(book.asks), t: ms, h: existing };
  if (format === 'Heavy') return { bids: side(book.bids), asks: side(book.asks), msTimestamp: ms, existing };
  return {
    snapshot: true,
    bids: side(book.bids),
    asks: side(book.asks),
    timestamp: Math.floor(ms / 1000),
    ms_timestamp: ms,
    existing,
  };
}

export function renderQuote(
  i: AlorInstrument,
  s: MarketStats,
  book: BookSnapshot,
  format: AlorFormat,
  obMs: number,
): Obj {
  const d = i.priceDecimals;
  const p = (v: number) => px(v, d);
  const ask = book.asks[0];
  const bid = book.bids[0];
  const change = s.last - i.prevClose;
  const changePercent = Math.round((change * 10_000) / i.prevClose) / 100;
  const totalBid = book.bids.reduce((a, l) => a + l.size, 0);
  const totalAsk = book.asks.reduce((a, l) => a + l.size, 0);
  const lotValue = px(s.last * i.lotSize, d);
  const lastTs = Math.floor(s.lastTimeMs / 1000);
  if (format === 'Slim') {
    return {
      sym: i.symbol,
      ex: i.exchange,
      desc: i.description,
      tst: lastTs,
      tso: obMs,
      o: p(s.open),
      h: p(s.high),
      l: p(s.low),
      c: p(s.last),
      v: s.volume,
      acci: 0,
      oi: 0,
      y: 0,
      ask: ask ? p(ask.price) : 0,
      bid: bid ? p(bid.price) : 0,
      av: ask?.size ?? 0,
      bv: bid?.size ?? 0,
      tbv: totalBid,
      tav: totalAsk,
      lot: i.lotSize,
      lotv: lotValue,
      fv: 1,
      t: 'CS',
    };
  }
  if (format === 'Heavy') {
    // Heavy's camelCase spelling of the Simple keys (+ currency) [INF from alor.md §4.4].
    return {
      symbol: i.symbol,
      exchange: i.exchange,
      description: i.description,
      prevClosePrice: p(i.prevClose),
      lastPrice: p(s.last),
      lastPriceTimestamp: lastTs,
      highPrice: p(s.high),
      lowPrice: p(s.low),
      accruedInt: 0,
      volume: s.volume,
      openInterest: 0,
      ask: ask ? p(ask.price) : 0,
      bid: bid ? p(bid.price) : 0,
      askVol: ask?.size ?? 0,
      bidVol: bid?.size ?? 0,
      obMsTimestamp: obMs,
      openPrice: p(s.open),
      yield: 0,
      lotSize: i.lotSize,
      lotValue,
      faceValue: 1,
      type: 'CS',
      totalBidVol: totalBid,
      totalAskVol: totalAsk,
      change: p(change),
      changePercent,
      currency: 'RUB',
    };
  }
  return {
    symbol: i.symbol,
    exchange: i.exchange,
    description: i.description,
    prev_close_price: p(i.prevClose),
    last_price: p(s.last),
    last_price_timestamp: lastTs,
    high_price: p(s.high),
    low_price: p(s.low),
    accruedInt: 0,
    volume: s.volume,
    open_interest: 0,
    ask: ask ? p(ask.price) : 0,
    bid: bid ? p(bid.price) : 0,
    ask_vol: ask?.size ?? 0,
    bid_vol: bid?.size ?? 0,
    ob_ms_timestamp: obMs,
    open_price: p(s.open),
    yield: 0,
    lotsize: i.lotSize,
    lotvalue: lotValue,
    facevalue: 1,
    type: 'CS',
    total_bid_vol: totalBid,
    total_ask_vol: totalAsk,
    accrued_interest: 0,
    change: p(change),
    change_percent: changePercent,
  };
}

export function renderPublicTrade(
  t: PublicTrade,
  i: AlorInstrument,
  format: AlorFormat,
  existing: boolean,
): Obj {
  const price = px(t.price, i.priceDecimals);
  if (format === 'Slim')
    return {
      id: t.id,
      sym: i.symbol,
      bd: i.board,
      q: t.qty,
      px: price,
      t: t.timeMs,
      oi: 0,
      h: existing,
      s: t.side,
    };
  const base = {
    id: t.id,
    symbol: i.symbol,
    board: i.board,
    qty: t.qty,
    price,
    time: iso7(t.timeMs),
    timestamp: t.timeMs,
  };
  if (format === 'Heavy') return { ...base, side: t.side, oi: 0, existing };
  return { orderno: 0, ...base, oi: 0, existing, side: t.side };
}

function orderCore(o: OrderRecord | StopRecord, format: AlorFormat, existing: boolean): Obj {
  const i = o.instrument;
  const price = px(o.price, i.priceDecimals);
  const volume = o.price > 0 ? px(o.price * o.qty * i.lotSize, i.priceDecimals) : null;
  const iceberg = o.icebergFixed
    ? {
        creationFixedQuantity: o.icebergFixed * i.lotSize,
        creationVarianceQuantity: 0,
        visibleQuantity: o.icebergFixed * i.lotSize,
        visibleQuantityBatch: o.icebergFixed,
        visibleFilledQuantity: 0,
        visibleFilledQuantityBatch: 0,
      }
    : null;
  const endTime = 'endTimeMs' in o && o.endTimeMs ? iso7(o.endTimeMs) : null;
  const type = 'condition' in o ? o.type : (o as OrderRecord).type;
  const filled = 'filled' in o ? o.filled : 0;
  if (format === 'Slim') {
    return {
      id: o.id,
      sym: i.symbol,
      bd: i.board,
      tic: `${i.exchange}:${i.symbol}`,
      p: o.portfolio,
      ex: i.exchange,
      cmt: o.comment,
      t: type,
      s: o.side,
      st: o.status,
      tt: iso7(o.transTimeMs),
      ut: iso7(o.updateTimeMs),
      et: endTime,
      q: o.qty * i.lotSize,
      qb: o.qty,
      fq: filled * i.lotSize,
      fqb: filled,
      px: price,
      h: existing,
      tf: o.timeInForce,
      i: iceberg,
      v: volume,
    };
  }
  const out: Obj = {
    id: o.id,
    symbol: i.symbol,
    board: i.board,
    brokerSymbol: `${i.exchange}:${i.symbol}`,
    portfolio: o.portfolio,
    exchange: i.exchange,
    comment: o.comment,
    type,
    side: o.side,
    status: o.status,
    transTime: iso7(o.transTimeMs),
    updateTime: iso7(o.updateTimeMs),
    endTime,
    qtyUnits: o.qty * i.lotSize,
    qtyBatch: o.qty,
    qty: o.qty,
    filledQtyUnits: filled * i.lotSize,
    filledQtyBatch: filled,
    filled,
    price,
    existing,
    timeInForce: o.timeInForce,
    iceberg,
    volume,
  };
  if (format === 'Heavy') {
    // Heavy drops the deprecated lot-count duplicates (ALOR SDK OrderHeavy has no qty/filled).
    delete out.qty;
    delete out.filled;
  }
  return out;
}

export function renderOrder(o: OrderRecord, format: AlorFormat, existing: boolean): Obj {
  return orderCore(o, format, existing);
}

const PASCAL: Record<string, string> = {
  more: 'More',
  less: 'Less',
  moreorequal: 'MoreOrEqual',
  lessorequal: 'LessOrEqual',
};

export function renderStopOrder(o: StopRecord, format: AlorFormat, existing: boolean): Obj {
  const i = o.instrument;
  const avg = 0;
  const stopPrice = px(o.triggerPrice, i.priceDecimals);
  const endTime = o.endTimeMs ? iso7(o.endTimeMs) : null;
  const core = orderCore(o, format, existing);
  if (format === 'Slim') {
    // Keys as in the spec's StopOrdersGetAndSubscribeV2 Slim example and ALOR's SDK StopOrderSlim.
    return {
      ...core,
      et: endTime,
      eid: o.exchangeOrderId,
      cnd: o.condition,
      err: o.error,
      pxavg: avg,
      pxs: stopPrice,
      psec: o.protectingSeconds,
    };
  }
  const stop = {
    exchangeOrderId: o.exchangeOrderId,
    stopPrice,
    error: o.error,
    protectingSeconds: o.protectingSeconds,
    endTime,
  };
  // Simple spells the condition "LessOrEqual" and keeps the legacy avg_price; Heavy (like Slim)
  // writes "lessorequal" and avgPrice (the spec's V2 examples and ALOR's SDK StopOrderHeavy).
  if (format === 'Heavy') return { ...core, ...stop, condition: o.condition, avgPrice: avg };
  return { ...core, ...stop, condition: PASCAL[o.condition], avg_price: avg };
}
