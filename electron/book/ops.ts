// The scanners' output: a whole frame's level changes, held in reusable typed arrays so the hot
// path allocates nothing. A frame is scanned completely into an OpBuffer before any of it touches
// a book, which is what makes "reject without half-applying" cheap.

export const OP_SET = 0; // absolute size, 0 deletes (Paxos, ALOR, snapshots)
export const OP_ADD = 1; // Finery "+": level must not exist
export const OP_MOD = 2; // Finery "M": level must exist
export const OP_DEL = 3; // Finery "-": level must exist
export const OP_TRIM = 4; // Finery "~": drop levels better than tick, tick becomes best with size
export const OP_CLEAR = 5; // empty the side (snapshot replacement, Finery ["~",0,0])

export const BID = 0;
export const ASK = 1;

export class OpBuffer {
  n = 0;
  kind = new Uint8Array(64);
  side = new Uint8Array(64);
  tick = new Float64Array(64);
  size = new Float64Array(64);

  reset(): void {
    this.n = 0;
  }

  push(kind: number, side: number, tick: number, size: number): void {
    const i = this.n;
    if (i === this.kind.length) this.grow();
    this.kind[i] = kind;
    this.side[i] = side;
    this.tick[i] = tick;
    this.size[i] = size;
    this.n = i + 1;
  }

  /** A compact copy, for updates buffered while a Paxos book waits for its snapshot. */
  copy(): OpBuffer {
    const c = new OpBuffer();
    const n = this.n;
    c.kind = this.kind.slice(0, Math.max(n, 1));
    c.side = this.side.slice(0, Math.max(n, 1));
    c.tick = this.tick.slice(0, Math.max(n, 1));
    c.size = this.size.slice(0, Math.max(n, 1));
    c.n = n;
    return c;
  }

  private grow(): void {
    const cap = this.kind.length * 2;
    const kind = new Uint8Array(cap);
    kind.set(this.kind);
    const side = new Uint8Array(cap);
    side.set(this.side);
    const tick = new Float64Array(cap);
    tick.set(this.tick);
    const size = new Float64Array(cap);
    size.set(this.size);
    this.kind = kind;
    this.side = side;
    this.tick = tick;
    this.size = size;
  }
}

/** A growable log of (side, tick, previous size) used to roll a frame back. */
export class UndoLog {
  n = 0;
  side = new Uint8Array(256);
  tick = new Float64Array(256);
  old = new Float64Array(256);

  push(side: number, tick: number, old: number): void {
    const i = this.n;
    if (i === this.side.length) this.reserve(i + 1);
    this.side[i] = side;
    this.tick[i] = tick;
    this.old[i] = old;
    this.n = i + 1;
  }

  /** Makes room for at least `total` entries so a hot loop can write without checks. */
  reserve(total: number): void {
    if (total > this.side.length) {
      let cap = this.side.length * 2;
      while (cap < total) cap *= 2;
      const s = new Uint8Array(cap);
      s.set(this.side);
      const t = new Float64Array(cap);
      t.set(this.tick);
      const o = new Float64Array(cap);
      o.set(this.old);
      this.side = s;
      this.tick = t;
      this.old = o;
    }
  }
}

export const FRAME_BOOK = 1;
export const FRAME_TRADE = 2;

/** What a scanner found in one frame; reused across frames. */
export class ScanResult {
  kind = 0;
  /** Book the frame belongs to (resolved from market / feedId / guid). */
  market: string | null = null;
  snapshot = false;
  sec = 0;
  ns = 0;
  readonly ops = new OpBuffer();
  tradeTick = 0;
  tradeSize = 0;
  tradeTimeMs = 0;
  /** False for history replays (ALOR existing:true), which must not count into session volume. */
  tradeCounts = true;

  reset(): void {
    this.kind = 0;
    this.market = null;
    this.snapshot = false;
    this.sec = 0;
    this.ns = 0;
    this.ops.n = 0;
    this.tradeCounts = true;
  }
}
