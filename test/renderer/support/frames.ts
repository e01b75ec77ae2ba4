// Builds real encoded ladder frames for tests: prices descend from `top` by `step`, sizes by row.
import { decodeLadderFrame, encodeLadderFrame, type LadderFrame } from '../../../shared/ladder-frame';

export interface FrameSpec {
  rows?: number;
  top?: number;
  step?: number;
  priceScale?: number;
  sizeScale?: number;
  venues?: string[];
  bids?: Record<number, number>;
  asks?: Record<number, number>;
  venueBids?: Record<number, number>[];
  venueAsks?: Record<number, number>[];
  ownBid?: Record<number, number>;
  ownAsk?: Record<number, number>;
  volume?: Record<number, number>;
  bestBid?: number;
  bestAsk?: number;
  lastTrade?: LadderFrame['lastTrade'];
  viewId?: number;
  seq?: number;
  center?: number;
  staleMask?: number;
  downMask?: number;
  crossedMask?: number;
  lockedMask?: number;
  sourceTime?: number;
  newestTime?: number;
}

function col(rows: number, values: Record<number, number> = {}): Float64Array {
  const a = new Float64Array(rows);
  for (const [k, v] of Object.entries(values)) a[Number(k)] = v;
  return a;
}

export function frameBuffer(s: FrameSpec = {}): ArrayBuffer {
  const rows = s.rows ?? 20;
  const step = s.step ?? 1;
  const top = s.top ?? 10_000 + (rows - 1) * step;
  const venues = s.venues ?? ['paxos'];
  const price = new Float64Array(rows).map((_, r) => top - r * step);
  const bid = col(rows, s.bids);
  const ask = col(rows, s.asks);
  const cumBid = new Float64Array(rows);
  const cumAsk = new Float64Array(rows);
  let run = 0;
  for (let r = 0; r < rows; r++) cumBid[r] = run += bid[r]!;
  run = 0;
  for (let r = rows - 1; r >= 0; r--) cumAsk[r] = run += ask[r]!;
  const ownBid = col(rows, s.ownBid);
  const ownAsk = col(rows, s.ownAsk);
  return encodeLadderFrame({
    viewId: s.viewId ?? 7,
    seq: s.seq ?? 1,
    priceScale: s.priceScale ?? 2,
    sizeScale: s.sizeScale ?? 3,
    rowStep: step,
    center: s.center ?? top - Math.floor(rows / 2) * step,
    bestBid: s.bestBid ?? NaN,
    bestAsk: s.bestAsk ?? NaN,
    venues,
    staleMask: s.staleMask ?? 0,
    downMask: s.downMask ?? 0,
    crossedMask: s.crossedMask ?? 0,
    lockedMask: s.lockedMask ?? 0,
    lastTrade: s.lastTrade ?? null,
    sessionVolume: 0,
    sourceTime: s.sourceTime ?? NaN,
    newestTime: s.newestTime ?? s.sourceTime ?? NaN,
    price,
    bid,
    ask,
    cumBid,
    cumAsk,
    volume: col(rows, s.volume),
    ownBid,
    ownAsk,
    ownBidCount: ownBid.map((v) => (v > 0 ? 1 : 0)),
    ownAskCount: ownAsk.map((v) => (v > 0 ? 1 : 0)),
    venueBid: venues.map((_, v) => col(rows, s.venueBids?.[v] ?? (venues.length === 1 ? s.bids : {}))),
    venueAsk: venues.map((_, v) => col(rows, s.venueAsks?.[v] ?? (venues.length === 1 ? s.asks : {}))),
  });
}

export function makeFrame(s: FrameSpec = {}): LadderFrame {
  return decodeLadderFrame(frameBuffer(s));
}
