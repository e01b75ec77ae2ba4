// The binary ladder frame: what the engine worker sends for one ladder view, at most once per
// display frame. One ArrayBuffer (transferable, no structured-clone cost), columnar so the renderer
// gets zero-copy Float64Array views per column. Runtime-free: usable in the worker and the browser.
//
// Layout (little-endian header via DataView; columns are platform-order Float64Array, which is
// little-endian on every platform Electron ships for):
//   0  u32 magic 'CBLF'     4  u16 version        6  u16 rows
//   8  u32 viewId          12  u32 seq           16  u8 venueCount  17 u8 priceScale
//  18  u8 sizeScale        19  u8 flags (1 stale, 2 has last trade, 4 a venue down)
//  20  u32 staleMask (bit per venue: book resyncing or feed stale; a stale feed's levels are left out)
//  24  f64 rowStep   32 f64 center   40 f64 bestBid   48 f64 bestAsk   56 f64 lastPrice
//  64  f64 lastSize  72 f64 lastTime (ms)   80 f64 sessionVolume   88 u8 lastTradeVenue (255 none)
//  92  u32 downMask (bit per venue whose feed is down: its levels are left out)
//  96  f64 sourceTime (ms since the epoch; NaN none)   104 f64 newestTime (likewise)
// 112  u32 crossedMask (bit per venue whose own book is crossed: best bid above best ask)
// 116  u32 lockedMask (bit per venue whose own book is locked: best bid equal to best ask)
// 120  venue names: per venue u8 length + ASCII bytes; padded to 8
//  then columns of `rows` f64 each: price, bid, ask, cumBid, cumAsk, volume, ownBid, ownAsk,
//  ownBidCount, ownAskCount, then per venue: venueBid, venueAsk.
// Prices are integers in 10^-priceScale units, sizes integers in 10^-sizeScale units (see
// shared/decimal.ts); row 0 is the highest price. NaN marks "none" (no best bid, no trade).
import { formatScaled } from './decimal';

export const LADDER_MAGIC = 0x464c4243;
/** 5 added crossedMask and lockedMask (the header grew by 8 bytes). */
export const LADDER_VERSION = 5;
const HEADER = 120;
const CROSSED_MASK = 112;
const LOCKED_MASK = 116;
const SOURCE_TIME = 96;
const NEWEST_TIME = 104;
const DOWN_MASK = 92;
const FLAG_STALE = 1;
const FLAG_TRADE = 2;
const FLAG_DOWN = 4;
const FIXED_COLUMNS = 10;

export interface LadderFrame {
  viewId: number;
  seq: number;
  priceScale: number;
  sizeScale: number;
  /** Price distance between rows (grouping), in 10^-priceScale units. */
  rowStep: number;
  center: number;
  bestBid: number;
  bestAsk: number;
  venues: string[];
  /** Bit v set: venue v's book is stale (resync pending) or its feed is stale. */
  staleMask: number;
  /** Bit v set: venue v's feed is down; its levels are not in the frame. */
  downMask: number;
  /**
   * Bit v set: venue v's own book is crossed (best bid above best ask), which Paxos's aggregated
   * book and ALOR's auction book may be; its levels are shown as they are, and the window says so.
   */
  crossedMask: number;
  /** Bit v set: venue v's own book is locked (best bid equal to best ask). */
  lockedMask: number;
  lastTrade: { price: number; size: number; time: number; venue: number } | null;
  sessionVolume: number;
  /**
   * Date.now() at which the core received the oldest venue frame whose change first shows in this
   * frame (NaN when the frame carries no new venue data, e.g. after a recentre). It is the core's
   * wall clock and the renderer compares it with its own Date.now(): that is only meaningful
   * because both run on the same machine (tick-to-pixel measurement, see test/bench/ui.ts).
   */
  sourceTime: number;
  /** Like sourceTime, for the latest of those venue frames: how fresh the newest data shown is. */
  newestTime: number;
  price: Float64Array;
  bid: Float64Array;
  ask: Float64Array;
  cumBid: Float64Array;
  cumAsk: Float64Array;
  volume: Float64Array;
  ownBid: Float64Array;
  ownAsk: Float64Array;
  ownBidCount: Float64Array;
  ownAskCount: Float64Array;
  venueBid: Float64Array[];
  venueAsk: Float64Array[];
}

export class LadderFrameError extends Error {
  override name = 'LadderFrameError';
}

function namesBytes(venues: string[]): number {
  let n = 0;
  for (const v of venues) n += 1 + Math.min(v.length, 255);
  return (n + 7) & ~7;
}

export function ladderFrameBytes(rows: number, venues: string[]): number {
  return HEADER + namesBytes(venues) + (FIXED_COLUMNS + 2 * venues.length) * rows * 8;
}

/** Serialises a frame into a fresh ArrayBuffer (to be transferred). */
export function encodeLadderFrame(f: LadderFrame): ArrayBuffer {
  const rows = f.price.length;
  if (rows > 0xffff) throw new LadderFrameError('too many rows');
  if (f.venues.length > 32) throw new LadderFrameError('too many venues');
  const buf = new ArrayBuffer(ladderFrameBytes(rows, f.venues));
  const dv = new DataView(buf);
  dv.setUint32(0, LADDER_MAGIC, true);
  dv.setUint16(4, LADDER_VERSION, true);
  dv.setUint16(6, rows, true);
  dv.setUint32(8, f.viewId >>> 0, true);
  dv.setUint32(12, f.seq >>> 0, true);
  dv.setUint8(16, f.venues.length);
  dv.setUint8(17, f.priceScale);
  dv.setUint8(18, f.sizeScale);
  const downMask = f.downMask;
  dv.setUint8(
    19,
    (f.staleMask !== 0 ? FLAG_STALE : 0) | (f.lastTrade ? FLAG_TRADE : 0) | (downMask !== 0 ? FLAG_DOWN : 0),
  );
  dv.setUint32(20, f.staleMask >>> 0, true);
  dv.setUint32(DOWN_MASK, downMask >>> 0, true);
  dv.setUint32(CROSSED_MASK, f.crossedMask >>> 0, true);
  dv.setUint32(LOCKED_MASK, f.lockedMask >>> 0, true);
  dv.setFloat64(24, f.rowStep, true);
  dv.setFloat64(32, f.center, true);
  dv.setFloat64(40, f.bestBid, true);
  dv.setFloat64(48, f.bestAsk, true);
  const t = f.lastTrade;
  dv.setFloat64(56, t ? t.price : NaN, true);
  dv.setFloat64(64, t ? t.size : 0, true);
  dv.setFloat64(72, t ? t.time : 0, true);
  dv.setFloat64(80, f.sessionVolume, true);
  dv.setUint8(88, t ? t.venue : 255);
  dv.setFloat64(SOURCE_TIME, f.sourceTime, true);
  dv.setFloat64(NEWEST_TIME, f.newestTime, true);
  let o = HEADER;
  const bytes = new Uint8Array(buf);
  for (const name of f.venues) {
    const len = Math.min(name.length, 255);
    bytes[o++] = len;
    for (let i = 0; i < len; i++) {
      const c = name.charCodeAt(i);
      bytes[o++] = c < 128 ? c : 63;
    }
  }
  o = HEADER + namesBytes(f.venues);
  const cols = [
    f.price,
    f.bid,
    f.ask,
    f.cumBid,
    f.cumAsk,
    f.volume,
    f.ownBid,
    f.ownAsk,
    f.ownBidCount,
    f.ownAskCount,
  ];
  for (let v = 0; v < f.venues.length; v++) cols.push(f.venueBid[v]!, f.venueAsk[v]!);
  for (const col of cols) {
    if (col.length !== rows) throw new LadderFrameError('column length differs from row count');
    new Float64Array(buf, o, rows).set(col);
    o += rows * 8;
  }
  return buf;
}

/** Reads a frame; columns are views into buf (no copy). Throws LadderFrameError on a bad buffer. */
export function decodeLadderFrame(buf: ArrayBuffer): LadderFrame {
  if (buf.byteLength < HEADER) throw new LadderFrameError('buffer shorter than the header');
  const dv = new DataView(buf);
  if (dv.getUint32(0, true) !== LADDER_MAGIC) throw new LadderFrameError('not a ladder frame');
  if (dv.getUint16(4, true) !== LADDER_VERSION)
    throw new LadderFrameError('unsupported ladder frame version');
  const rows = dv.getUint16(6, true);
  const venueCount = dv.getUint8(16);
  const bytes = new Uint8Array(buf);
  const venues: string[] = [];
  let o = HEADER;
  for (let v = 0; v < venueCount; v++) {
    if (o >= buf.byteLength) throw new LadderFrameError('truncated venue names');
    const len = bytes[o++]!;
    if (o + len > buf.byteLength) throw new LadderFrameError('truncated venue names');
    venues.push(String.fromCharCode(...bytes.subarray(o, o + len)));
    o += len;
  }
  o = HEADER + namesBytes(venues);
  if (buf.byteLength !== ladderFrameBytes(rows, venues)) throw new LadderFrameError('frame length mismatch');
  const col = (): Float64Array => {
    const a = new Float64Array(buf, o, rows);
    o += rows * 8;
    return a;
  };
  const flags = dv.getUint8(19);
  const f: LadderFrame = {
    viewId: dv.getUint32(8, true),
    seq: dv.getUint32(12, true),
    priceScale: dv.getUint8(17),
    sizeScale: dv.getUint8(18),
    staleMask: dv.getUint32(20, true),
    downMask: dv.getUint32(DOWN_MASK, true),
    crossedMask: dv.getUint32(CROSSED_MASK, true),
    lockedMask: dv.getUint32(LOCKED_MASK, true),
    rowStep: dv.getFloat64(24, true),
    center: dv.getFloat64(32, true),
    bestBid: dv.getFloat64(40, true),
    bestAsk: dv.getFloat64(48, true),
    lastTrade:
      flags & FLAG_TRADE
        ? {
            price: dv.getFloat64(56, true),
            size: dv.getFloat64(64, true),
            time: dv.getFloat64(72, true),
            venue: dv.getUint8(88),
          }
        : null,
    sessionVolume: dv.getFloat64(80, true),
    sourceTime: dv.getFloat64(SOURCE_TIME, true),
    newestTime: dv.getFloat64(NEWEST_TIME, true),
    venues,
    price: col(),
    bid: col(),
    ask: col(),
    cumBid: col(),
    cumAsk: col(),
    volume: col(),
    ownBid: col(),
    ownAsk: col(),
    ownBidCount: col(),
    ownAskCount: col(),
    venueBid: [],
    venueAsk: [],
  };
  for (let v = 0; v < venueCount; v++) {
    f.venueBid.push(col());
    f.venueAsk.push(col());
  }
  return f;
}

/**
 * A frame's sourceTime and newestTime straight from the header, without decoding it: lets the
 * renderer account for frames it receives but replaces before painting. NaN for anything that is
 * not a frame of this version.
 */
export function ladderFrameTimes(buf: ArrayBuffer): { source: number; newest: number } {
  if (buf.byteLength < HEADER) return { source: NaN, newest: NaN };
  const dv = new DataView(buf);
  if (dv.getUint32(0, true) !== LADDER_MAGIC || dv.getUint16(4, true) !== LADDER_VERSION)
    return { source: NaN, newest: NaN };
  return { source: dv.getFloat64(SOURCE_TIME, true), newest: dv.getFloat64(NEWEST_TIME, true) };
}

/** Formats a frame price column value as a decimal string. */
export function framePrice(f: LadderFrame, value: number): string {
  return formatScaled(value, f.priceScale);
}

/** Formats a frame size column value as a decimal string. */
export function frameSize(f: LadderFrame, value: number): string {
  return formatScaled(value, f.sizeScale);
}
