// Paxos SOR frames: {"channel":"market_data"|"execution_data","payload":{...}} (paxos.md §5).
// market_data payload: market, type SNAPSHOT|UPDATE, time (RFC3339Nano), bids/asks of
// {"price":"<dec>","amount":"<dec>"} with absolute amounts ("0" deletes).
// execution_data payload: market, price, amount, executed_at.
// Key order is not guaranteed by JSON, so a part that needs something not yet seen (levels before
// "market", payload before "channel") is skipped, remembered and scanned once that is known.
import type { MarketSpec } from '../../../book/market';
import { toTick } from '../../../book/market';
import type { ScanResult } from '../../../book/ops';
import { ASK, BID, FRAME_BOOK, FRAME_TRADE, OP_SET } from '../../../book/ops';
import { CH, Cursor } from '../../../book/scan';
import type { Resolve } from '../../../book/venue-book';

const CHANNEL_BOOK = 1;
const CHANNEL_TRADE = 2;

const cur = new Cursor();
const timeOut = { sec: 0, ns: 0 };
// The same market name arrives frame after frame: match it as a literal instead of allocating.
let lastMarketLit = '';
let lastResolve: Resolve | null = null;
let lastSpec: MarketSpec | undefined;

/** Scans one Paxos frame into out; returns null on success or the reason it was refused. */
export function scanPaxos(text: string, resolve: Resolve, out: ScanResult): string | null {
  out.reset();
  const c = cur;
  c.init(text);
  try {
    if (fastBook(c, resolve, out)) return null;
    out.reset();
    c.i = 0;
    if (c.open(CH.LBRACE)) return 'empty object';
    let channel = 0;
    let payloadAt = -1;
    let sawPayload = false;
    do {
      if (c.ws() !== CH.QUOTE) c.fail('expected a member name');
      if (c.key('"channel"')) {
        if (channel !== 0) c.fail('duplicate channel');
        if (c.stringIs('"market_data"')) channel = CHANNEL_BOOK;
        else if (c.stringIs('"execution_data"')) channel = CHANNEL_TRADE;
        else return `unrecognised channel ${JSON.stringify(c.readString())}`;
      } else if (c.key('"payload"')) {
        if (sawPayload) c.fail('duplicate payload');
        sawPayload = true;
        if (channel !== 0) payload(c, channel, resolve, out);
        else {
          payloadAt = c.i;
          c.skipValue(0);
        }
      } else c.skipMember();
    } while (c.more(CH.RBRACE));
    c.end();
    if (channel === 0) return 'not a channel message';
    if (!sawPayload) return 'missing payload';
    if (payloadAt >= 0) {
      c.i = payloadAt;
      payload(c, channel, resolve, out);
    }
    return out.kind === 0 ? 'unrecognised payload' : null;
  } catch (e) {
    return (e as Error).message;
  }
}

const BOOK_PREFIX = '{"channel":"market_data","payload":{"market":';

/**
 * The exact layout Paxos sends, matched with native startsWith over the constant parts. Any
 * difference (key order, whitespace, extra members) returns false and the general path decides.
 */
function fastBook(c: Cursor, resolve: Resolve, out: ScanResult): boolean {
  const s = c.s;
  if (!s.startsWith(BOOK_PREFIX, 0) || !lastSpec || lastResolve !== resolve) return false;
  let i = BOOK_PREFIX.length;
  if (!s.startsWith(lastMarketLit, i) || lastSpec !== resolve(lastSpec.market)) return false;
  const spec = lastSpec;
  i += lastMarketLit.length;
  let snapshot: boolean;
  if (s.startsWith(',"type":"UPDATE","time":', i)) {
    snapshot = false;
    i += 24;
  } else if (s.startsWith(',"type":"SNAPSHOT","time":', i)) {
    snapshot = true;
    i += 26;
  } else return false;
  out.kind = FRAME_BOOK;
  out.market = spec.market;
  c.i = i;
  c.time(timeOut);
  if (!s.startsWith(',"bids":', c.i)) return false;
  c.i += 8;
  if (!fastLevels(c, spec, BID, out)) return false;
  if (!s.startsWith(',"asks":', c.i)) return false;
  c.i += 8;
  if (!fastLevels(c, spec, ASK, out)) return false;
  if (s.charCodeAt(c.i) !== CH.RBRACE || s.charCodeAt(c.i + 1) !== CH.RBRACE) return false;
  c.i += 2;
  c.end();
  out.sec = timeOut.sec;
  out.ns = timeOut.ns;
  out.snapshot = snapshot;
  return true;
}

function fastLevels(c: Cursor, spec: MarketSpec, side: number, out: ScanResult): boolean {
  const s = c.s;
  if (s.charCodeAt(c.i) !== CH.LBRACKET) return false;
  c.i++;
  if (s.charCodeAt(c.i) === CH.RBRACKET) {
    c.i++;
    return true;
  }
  const ops = out.ops;
  const pd = spec.priceDecimals;
  const sd = spec.sizeDecimals;
  for (;;) {
    if (!s.startsWith('{"price":', c.i)) return false;
    c.i += 9;
    const p = c.decimal(pd, true, true);
    if (!s.startsWith(',"amount":', c.i)) return false;
    c.i += 10;
    const z = c.decimal(sd, true, false);
    if (s.charCodeAt(c.i) !== CH.RBRACE) return false;
    const t = toTick(spec, p);
    if (t !== t) c.fail('price off the tick grid');
    ops.push(OP_SET, side, t, z);
    const next = s.charCodeAt(++c.i);
    c.i++;
    if (next === CH.RBRACKET) return true;
    if (next !== CH.COMMA) return false;
  }
}

function payload(c: Cursor, channel: number, resolve: Resolve, out: ScanResult): void {
  out.kind = channel === CHANNEL_TRADE ? FRAME_TRADE : FRAME_BOOK;
  if (c.open(CH.LBRACE)) c.fail('empty payload');
  let spec: MarketSpec | undefined;
  let type = 0; // 1 snapshot, 2 update
  let hasTime = false;
  let bidsAt = -1;
  let asksAt = -1;
  let priceAt = -1;
  let amountAt = -1;
  let seen = 0;
  do {
    if (c.ws() !== CH.QUOTE) c.fail('expected a member name');
    let bit = 0;
    if (c.key('"price"')) {
      bit = 1;
      if (spec) out.tradeTick = tradeTick(c, spec);
      else priceAt = skip(c);
    } else if (c.key('"amount"')) {
      bit = 2;
      if (spec) out.tradeSize = c.decimal(spec.sizeDecimals, true, false);
      else amountAt = skip(c);
    } else if (c.key('"bids"')) {
      bit = 4;
      if (spec) levels(c, spec, BID, out);
      else bidsAt = skip(c);
    } else if (c.key('"asks"')) {
      bit = 8;
      if (spec) levels(c, spec, ASK, out);
      else asksAt = skip(c);
    } else if (c.key('"market"')) {
      bit = 16;
      if (
        lastSpec &&
        lastResolve === resolve &&
        c.stringIs(lastMarketLit) &&
        lastSpec === resolve(lastSpec.market)
      ) {
        spec = lastSpec;
      } else {
        const name = c.readString();
        spec = resolve(name);
        if (!spec) c.fail(`unknown market ${JSON.stringify(name)}`);
        lastMarketLit = JSON.stringify(name);
        lastResolve = resolve;
        lastSpec = spec;
      }
      out.market = spec!.market;
    } else if (c.key('"type"')) {
      bit = 32;
      if (c.stringIs('"UPDATE"')) type = 2;
      else if (c.stringIs('"SNAPSHOT"')) type = 1;
      else c.fail(`unrecognised market_data type ${JSON.stringify(c.readString())}`);
    } else if (c.key('"time"') || c.key('"executed_at"')) {
      bit = 64;
      c.time(timeOut);
      hasTime = true;
    } else c.skipMember();
    if (seen & bit) c.fail('duplicate member');
    seen |= bit;
  } while (c.more(CH.RBRACE));
  if (!spec) c.fail('payload without market');
  const end = c.i;
  out.market = spec.market;
  out.sec = timeOut.sec;
  out.ns = timeOut.ns;
  if (channel === CHANNEL_TRADE) {
    if (priceAt >= 0) {
      c.i = priceAt;
      out.tradeTick = tradeTick(c, spec);
    }
    if (amountAt >= 0) {
      c.i = amountAt;
      out.tradeSize = c.decimal(spec.sizeDecimals, true, false);
    }
    if ((seen & 3) !== 3 || !hasTime) c.fail('execution_data needs price, amount and executed_at');
    if (out.tradeSize === 0) c.fail('zero trade amount');
    out.tradeTimeMs = timeOut.sec * 1000 + timeOut.ns / 1e6;
  } else {
    if (type === 0 || !hasTime) c.fail('market_data needs type and time');
    if (bidsAt >= 0) {
      c.i = bidsAt;
      levels(c, spec, BID, out);
    }
    if (asksAt >= 0) {
      c.i = asksAt;
      levels(c, spec, ASK, out);
    }
    out.snapshot = type === 1;
  }
  c.i = end;
}

function skip(c: Cursor): number {
  const at = c.i;
  c.skipValue(0);
  return at;
}

function tradeTick(c: Cursor, spec: MarketSpec): number {
  const t = toTick(spec, c.decimal(spec.priceDecimals, true, true));
  if (t !== t) c.fail('trade price off the tick grid');
  return t;
}

function levels(c: Cursor, spec: MarketSpec, side: number, out: ScanResult): void {
  if (c.ws() === 110 && c.s.startsWith('null', c.i)) {
    c.i += 4;
    return;
  }
  if (c.open(CH.LBRACKET)) return;
  const ops = out.ops;
  const pd = spec.priceDecimals;
  const sd = spec.sizeDecimals;
  const s = c.s;
  do {
    // Fast path for the shape Paxos sends: {"price":"<dec>","amount":"<dec>"}.
    c.ws();
    const at = c.i;
    if (s.startsWith('{"price":', at)) {
      c.i = at + 9;
      const p = c.decimal(pd, true, true);
      if (s.startsWith(',"amount":', c.i)) {
        c.i += 10;
        const z = c.decimal(sd, true, false);
        if (s.charCodeAt(c.i) === CH.RBRACE) {
          c.i++;
          const t = toTick(spec, p);
          if (t !== t) c.fail('price off the tick grid');
          ops.push(OP_SET, side, t, z);
          continue;
        }
      }
      c.i = at;
    }
    if (c.open(CH.LBRACE)) c.fail('empty level');
    let price = NaN;
    let size = NaN;
    do {
      if (c.ws() !== CH.QUOTE) c.fail('expected a member name');
      if (c.key('"price"')) {
        if (price === price) c.fail('duplicate price');
        price = c.decimal(pd, true, true);
      } else if (c.key('"amount"')) {
        if (size === size) c.fail('duplicate amount');
        size = c.decimal(sd, true, false);
      } else c.skipMember();
    } while (c.more(CH.RBRACE));
    if (price !== price || size !== size) c.fail('level needs price and amount');
    const t = toTick(spec, price);
    if (t !== t) c.fail('price off the tick grid');
    ops.push(OP_SET, side, t, size);
  } while (c.more(CH.RBRACKET));
}
