// Finery Markets book feeds B and F (finery-markets.md §6): positional arrays
//   ["F", feedId, "S", [[[price,size],...bids], [[price,size],...asks]]]
//   ["F", feedId, "M", [[[action,price,size],...bids], [[action,price,size],...asks]]]
// with integer prices/sizes in 1e-8 and actions + (add) M (modify) - (remove) ~ (drop levels better
// than price; price becomes best; ["~",0,0] or ["~"] empties the side; we follow the doc, not C1's
// one-level reading). Open question 4 (feed B incremental vs snapshots only): both are accepted,
// as the reference recommends — every S replaces the book, M applies incrementally.
import type { MarketSpec } from '../../../book/market';
import type { ScanResult } from '../../../book/ops';
import { ASK, BID, FRAME_BOOK, OP_ADD, OP_CLEAR, OP_DEL, OP_MOD, OP_SET, OP_TRIM } from '../../../book/ops';
import { CH, Cursor } from '../../../book/scan';
import type { Resolve } from '../../../book/venue-book';

const cur = new Cursor();

export function scanFinery(text: string, resolve: Resolve, out: ScanResult): string | null {
  out.reset();
  const c = cur;
  c.init(text);
  try {
    if (c.open(CH.LBRACKET)) return 'empty array';
    let feed: string;
    if (c.stringIs('"F"')) feed = 'F';
    else if (c.stringIs('"B"')) feed = 'B';
    else return 'not a B/F book feed message'; // frame text is never echoed into reasons
    c.expect(CH.COMMA);
    let key: string;
    if (c.ws() === CH.QUOTE) key = c.readString();
    else {
      const start = c.i;
      c.decimal(0, false, false);
      key = c.s.slice(start, c.i);
    }
    c.expect(CH.COMMA);
    let snapshot: boolean;
    if (c.stringIs('"M"')) snapshot = false;
    else if (c.stringIs('"S"')) snapshot = true;
    else if (c.stringIs('"Z"')) {
      c.expect(CH.COMMA);
      return `feed ${feed} ${key}: bind failed with code ${c.decimal(0, false, true)}`;
    } else return `feed ${feed} ${key}: unrecognised action ${JSON.stringify(c.readString())}`;
    // "F:BTC-USD" / "B:BTC-USD" bindings let B and F of one instrument feed different books.
    const spec = resolve(`${feed}:${key}`) ?? resolve(key);
    if (!spec) return `feed ${feed}: unknown feedId ${JSON.stringify(key)}`;
    out.market = spec.market;
    out.kind = FRAME_BOOK;
    c.expect(CH.COMMA);
    if (c.open(CH.LBRACKET)) c.fail('book data needs [bids, asks]');
    side(c, spec, BID, snapshot, out);
    c.expect(CH.COMMA);
    side(c, spec, ASK, snapshot, out);
    c.expect(CH.RBRACKET);
    c.expect(CH.RBRACKET);
    c.end();
    out.market = spec.market;
    out.snapshot = snapshot;
    out.kind = FRAME_BOOK;
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

function side(c: Cursor, spec: MarketSpec, s: number, snapshot: boolean, out: ScanResult): void {
  if (c.open(CH.LBRACKET)) return;
  const ops = out.ops;
  do {
    if (c.open(CH.LBRACKET)) c.fail('empty level');
    if (snapshot) {
      const t = price(c, spec);
      c.expect(CH.COMMA);
      const z = size(c, spec);
      if (z === 0) c.fail('zero size in snapshot');
      ops.push(OP_SET, s, t, z);
      c.expect(CH.RBRACKET);
      continue;
    }
    let kind: number;
    if (c.stringIs('"+"')) kind = OP_ADD;
    else if (c.stringIs('"M"')) kind = OP_MOD;
    else if (c.stringIs('"-"')) kind = OP_DEL;
    else if (c.stringIs('"~"')) kind = OP_TRIM;
    else c.fail('unknown level action');
    if (kind === OP_TRIM && !c.more(CH.RBRACKET)) {
      ops.push(OP_CLEAR, s, 0, 0);
      continue;
    }
    if (kind !== OP_TRIM) c.expect(CH.COMMA);
    const rawPrice = c.decimal(0, false, false);
    c.expect(CH.COMMA);
    const z = size(c, spec);
    c.expect(CH.RBRACKET);
    if (kind === OP_TRIM && rawPrice === 0) {
      if (z !== 0) c.fail('"~" at price 0 with a size');
      ops.push(OP_CLEAR, s, 0, 0);
      continue;
    }
    const t = rawPrice / spec.wireTickUnits;
    if (!Number.isInteger(t)) c.fail('price off the tick grid');
    if (z === 0 && kind !== OP_DEL) c.fail('zero size');
    ops.push(kind, s, t, z);
  } while (c.more(CH.RBRACKET));
}

function price(c: Cursor, spec: MarketSpec): number {
  const t = c.decimal(0, false, false) / spec.wireTickUnits;
  if (!Number.isInteger(t)) c.fail('price off the tick grid');
  return t;
}

function size(c: Cursor, spec: MarketSpec): number {
  const z = c.decimal(0, false, false) / spec.wireSizeDiv;
  if (!Number.isInteger(z)) c.fail('size finer than the market lot');
  return z;
}
