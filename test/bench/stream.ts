// Seeded, realistic L2 stream for the benchmark: an initial book of `levels` per side around a
// mid, then level updates concentrated near the top (exponential depth distribution), about 80 %
// size changes, 10 % deletes and 10 % new levels, never crossing. Updates are grouped into Paxos
// market_data UPDATE frames (1–9 levels each) so every contender sees the very same changes.
import { formatScaled } from '../../shared/decimal';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Stream {
  levels: number;
  /** Initial book, best-first per side: [tick, size]. */
  bids: [number, number][];
  asks: [number, number][];
  n: number;
  side: Uint8Array; // 0 bid, 1 ask
  tick: Float64Array;
  size: Float64Array;
  /** Update i belongs to frame f where frameStart[f] <= i < frameStart[f+1]. */
  frameStart: Uint32Array;
  frames: number;
  texts: string[];
  snapshotText: string;
}

export const MID = 3_000_000; // 30,000.00 at tick 0.01
export const PRICE_DECIMALS = 2;
export const SIZE_DECIMALS = 8;

export function generate(levels: number, updates: number, seed: number): Stream {
  const rnd = mulberry32(seed);
  const randSize = () => 1 + Math.floor(rnd() * rnd() * 5e9);
  // Sorted best-first tick arrays + occupancy sets, the generator's own simple model.
  const sides: number[][] = [[], []];
  const occupied = [new Set<number>(), new Set<number>()];
  for (let s = 0; s < 2; s++) {
    let t = s === 0 ? MID - 1 : MID + 1;
    for (let i = 0; i < levels; i++) {
      sides[s]!.push(t);
      occupied[s]!.add(t);
      t += (s === 0 ? -1 : 1) * (rnd() < 0.8 ? 1 : 2);
    }
  }
  const initial = sides.map((ticks) => ticks.map((t): [number, number] => [t, randSize()]));
  const side = new Uint8Array(updates);
  const tick = new Float64Array(updates);
  const size = new Float64Array(updates);
  const depthScale = Math.max(8, levels / 40);
  for (let i = 0; i < updates; i++) {
    const s = rnd() < 0.5 ? 0 : 1;
    const ticks = sides[s]!;
    const occ = occupied[s]!;
    let idx = Math.min(ticks.length - 1, Math.floor(-Math.log(1 - rnd()) * depthScale));
    const r = rnd();
    side[i] = s;
    if (r < 0.1 && ticks.length > levels * 0.9) {
      const t = ticks[idx]!;
      ticks.splice(idx, 1);
      occ.delete(t);
      tick[i] = t;
      size[i] = 0;
      continue;
    }
    if (r < 0.2 || ticks.length < levels * 0.9) {
      const other = sides[1 - s]![0]!;
      let placed = false;
      for (let k = 0; k < 6 && !placed; k++) {
        const base = ticks[idx]!;
        const t = base + Math.floor(rnd() * 7) - 3;
        if (occ.has(t) || (s === 0 ? t >= other : t <= other)) continue;
        let lo = 0;
        let hi = ticks.length;
        while (lo < hi) {
          const m = (lo + hi) >> 1;
          if (s === 0 ? ticks[m]! > t : ticks[m]! < t) lo = m + 1;
          else hi = m;
        }
        ticks.splice(lo, 0, t);
        occ.add(t);
        tick[i] = t;
        size[i] = randSize();
        placed = true;
      }
      if (placed) continue;
      idx = Math.min(idx, ticks.length - 1);
    }
    tick[i] = ticks[idx]!;
    size[i] = randSize();
  }
  const starts: number[] = [];
  for (let i = 0; i < updates;) {
    starts.push(i);
    i += 1 + Math.floor(rnd() * 9);
  }
  starts.push(updates);
  const frameStart = Uint32Array.from(starts);
  const frames = starts.length - 1;
  const texts: string[] = new Array(frames);
  const baseNs = Date.UTC(2026, 0, 1) * 1e6;
  for (let f = 0; f < frames; f++) {
    const bids: string[] = [];
    const asks: string[] = [];
    for (let i = frameStart[f]!; i < frameStart[f + 1]!; i++) {
      const lv = `{"price":"${formatScaled(tick[i]!, PRICE_DECIMALS, 2)}","amount":"${formatScaled(size[i]!, SIZE_DECIMALS)}"}`;
      (side[i] === 0 ? bids : asks).push(lv);
    }
    texts[f] = flat(frameText('UPDATE', baseNs + 1000 + f * 1000, bids, asks));
  }
  const lvs = (l: [number, number][]) =>
    l.map(
      ([t, z]) =>
        `{"price":"${formatScaled(t, PRICE_DECIMALS, 2)}","amount":"${formatScaled(z, SIZE_DECIMALS)}"}`,
    );
  return {
    levels,
    bids: initial[0]!,
    asks: initial[1]!,
    n: updates,
    side,
    tick,
    size,
    frameStart,
    frames,
    texts,
    snapshotText: flat(frameText('SNAPSHOT', baseNs, lvs(initial[0]!), lvs(initial[1]!))),
  };
}

/** A flat string, as ws hands over after decoding a frame (concatenation would leave ropes). */
function flat(text: string): string {
  return Buffer.from(text, 'latin1').toString('latin1');
}

function frameText(type: string, ns: number, bids: string[], asks: string[]): string {
  const ms = Math.floor(ns / 1e6);
  const iso = new Date(ms).toISOString().slice(0, 19);
  const frac = String(Math.round(ns % 1e9)).padStart(9, '0');
  return `{"channel":"market_data","payload":{"market":"BTCUSD","type":"${type}","time":"${iso}.${frac}Z","bids":[${bids.join(',')}],"asks":[${asks.join(',')}]}}`;
}
