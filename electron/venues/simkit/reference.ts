// One fair price per instrument shared by every simulator that lists it, so BTC-USD on the Paxos
// simulator and on the Finery simulator move together the way arbitrage keeps real venues
// together. The walk is a deterministic function of (seed, instrument, time bucket): whichever
// simulator asks first, and however often, every one sees the same path.
import { Prng, deriveSeed } from './prng';

/** Time resolution of the shared walk: small steps often, so prices move rather than jump. */
const BUCKET_MS = 50;
/**
 * One step's relative move (0.2 bp; three steps now and then). That is a standard deviation of
 * about 0.009 % a second and 0.5 % an hour, near what BTC does on a calm day; steps of 2 bp every
 * 250 ms made BTC jump $13 at a time and leave a ladder's screen within a second.
 */
const STEP = 2e-5;
/** Catching up after a long pause walks at most this many buckets and holds the rest. */
const MAX_CATCH_UP = 20_000;

interface Walk {
  rng: Prng;
  bucket: number;
  /** Natural log of price / initial price. */
  logFactor: number;
}

export class ReferencePrices {
  private readonly walks = new Map<string, Walk>();

  constructor(
    private readonly seed: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Price relative to the start (1.0 at start) for an instrument, now. */
  factor(instrument: string): number {
    const bucket = Math.floor(this.now() / BUCKET_MS);
    let walk = this.walks.get(instrument);
    if (!walk) {
      walk = { rng: new Prng(deriveSeed(this.seed, `reference:${instrument}`)), bucket, logFactor: 0 };
      this.walks.set(instrument, walk);
    }
    const steps = Math.min(bucket - walk.bucket, MAX_CATCH_UP);
    for (let i = 0; i < steps; i++) {
      // Symmetric three-point steps with occasional larger moves: enough texture for a ladder.
      const r = walk.rng.next();
      const size = r < 0.05 ? 3 : r < 0.35 ? 1 : 0;
      walk.logFactor += (walk.rng.chance(0.5) ? 1 : -1) * size * STEP;
      // Keep a long run within a factor of four either way.
      walk.logFactor = Math.max(-1.3, Math.min(1.3, walk.logFactor));
    }
    walk.bucket = Math.max(walk.bucket, bucket);
    return Math.exp(walk.logFactor);
  }
}
