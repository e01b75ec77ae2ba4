// ALOR /ws data messages {"data":{...},"guid":"<subscription guid>"} (alor.md §4.3–4.4, §5).
// The guid is the only link to a market, so the adapter binds (alor, guid) → market first.
// Book (OrderBookGetAndSubscribe): every message is the full depth-N book and replaces ours
// (alor.md open question 5: inferred, strongly, from ALOR's own terminal; the reading it recommends).
//   Simple/Heavy: {"bids":[{"price":257.7,"volume":157}],"asks":[..],"ms_timestamp"|"msTimestamp":..}
//   Slim:         {"b":[{"p":..,"v":..,"y":..}],"a":[..],"t":<ms>,"h":<existing>}
// Trades (AllTradesGetAndSubscribe): Simple/Heavy {"price","qty","timestamp"(ms),"existing",...},
//   Slim {"px","q","t","h",...}. Numbers are bare JSON numbers; we read their digits exactly.
import type { MarketSpec } from '../../../book/market';
import { toTick } from '../../../book/market';
import type { ScanResult } from '../../../book/ops';
import { ASK, BID, FRAME_BOOK, FRAME_TRADE, OP_SET } from '../../../book/ops';
import { CH, Cursor } from '../../../book/scan';
import type { Resolve } from '../../../book/venue-book';

const cur = new Cursor();

export function scanAlor(text: string, resolve: Resolve, out: ScanResult): string | null {
  out.reset();
  const c = cur;
  c.init(text);
  try {
    if (c.open(CH.LBRACE)) return 'empty object';
    let dataAt = -1;
    let guid: string | null = null;
    do {
      if (c.ws() !== CH.QUOTE) c.fail('expected a member name');
      if (c.key('"data"')) {
        if (dataAt >= 0) c.fail('duplicate data');
        dataAt = c.i;
        c.skipValue(0);
      } else if (c.key('"guid"')) {
        if (guid !== null) c.fail('duplicate guid');
        guid = c.readString();
      } else c.skipMember();
    } while (c.more(CH.RBRACE));
    c.end();
    if (dataAt < 0) return 'not a data message (ack or error)';
    if (guid === null) return 'data message without guid';
    const spec = resolve(guid);
    if (!spec) return `no market bound to guid ${JSON.stringify(guid)}`;
    out.market = spec.market;
    c.i = dataAt;
    data(c, spec, out);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

function data(c: Cursor, spec: MarketSpec, out: ScanResult): void {
  if (c.open(CH.LBRACE)) c.fail('empty data');
  let book = false;
  let price = NaN;
  let qty = NaN;
  let timeMs = NaN;
  let plainTs = NaN;
  let existing = false;
  let seen = 0;
  do {
    if (c.ws() !== CH.QUOTE) c.fail('expected a member name');
    let bit = 0;
    if (c.key('"bids"') || c.key('"b"')) {
      bit = 1;
      book = true;
      levels(c, spec, BID, out);
    } else if (c.key('"asks"') || c.key('"a"')) {
      bit = 2;
      book = true;
      levels(c, spec, ASK, out);
    } else if (c.key('"price"') || c.key('"px"')) {
      bit = 4;
      price = c.decimal(spec.priceDecimals, false, true);
    } else if (c.key('"qty"') || c.key('"q"')) {
      bit = 8;
      qty = c.decimal(spec.sizeDecimals, false, false);
    } else if (c.key('"ms_timestamp"') || c.key('"msTimestamp"') || c.key('"t"')) {
      timeMs = c.decimal(0, false, false);
    } else if (c.key('"timestamp"')) {
      // Seconds (deprecated) in Simple books, milliseconds in trades: only a trade uses it.
      plainTs = c.decimal(0, false, false);
    } else if (c.key('"existing"') || c.key('"h"')) {
      if (c.stringIs('true')) existing = true;
      else if (c.stringIs('false')) existing = false;
      else c.fail('existing must be a boolean');
    } else c.skipMember();
    if (seen & bit) c.fail('duplicate member');
    seen |= bit;
  } while (c.more(CH.RBRACE));
  if (book) {
    if ((seen & 3) !== 3) c.fail('book needs both bids and asks');
    out.snapshot = true;
    out.kind = FRAME_BOOK;
    return;
  }
  if ((seen & 12) !== 12) c.fail('unrecognised data: neither a book nor a trade');
  const t = toTick(spec, price);
  if (t !== t) c.fail('trade price off the tick grid');
  if (qty === 0) c.fail('zero trade quantity');
  out.tradeTick = t;
  out.tradeSize = qty;
  out.tradeTimeMs = timeMs === timeMs ? timeMs : plainTs === plainTs ? plainTs : 0;
  out.tradeCounts = !existing;
  out.kind = FRAME_TRADE;
}

function levels(c: Cursor, spec: MarketSpec, side: number, out: ScanResult): void {
  if (c.open(CH.LBRACKET)) return;
  const ops = out.ops;
  do {
    if (c.open(CH.LBRACE)) c.fail('empty level');
    let price = NaN;
    let size = NaN;
    do {
      if (c.ws() !== CH.QUOTE) c.fail('expected a member name');
      if (c.key('"price"') || c.key('"p"')) {
        if (price === price) c.fail('duplicate price');
        price = c.decimal(spec.priceDecimals, false, true);
      } else if (c.key('"volume"') || c.key('"v"')) {
        if (size === size) c.fail('duplicate volume');
        size = c.decimal(spec.sizeDecimals, false, false);
      } else c.skipMember();
    } while (c.more(CH.RBRACE));
    if (price !== price || size !== size) c.fail('level needs price and volume');
    const t = toTick(spec, price);
    if (t !== t) c.fail('price off the tick grid');
    if (size === 0) c.fail('zero volume level');
    ops.push(OP_SET, side, t, size);
  } while (c.more(CH.RBRACKET));
}
