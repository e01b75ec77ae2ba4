// Candles for BarsGetAndSubscribe, built from the simulated market's own trades: every public
// trade lands in a one-second bar, and a subscription's timeframe is an aggregation of those.
// One-second bars are kept for the last day per symbol, so history reaches back that far.
import type { Broker, PublicTrade } from './broker';

export interface Bar {
  /** Unix seconds of the candle's start. */
  time: number;
  /** Scaled prices. */
  open: number;
  high: number;
  low: number;
  close: number;
  /** Lots. */
  volume: number;
}

const KEEP_SECONDS = 86_400;

export class BarHistory {
  private readonly seconds = new Map<string, Bar[]>();
  private readonly off: () => void;

  constructor(broker: Broker) {
    this.off = broker.onPublicTrade((t) => this.add(t));
  }

  close(): void {
    this.off();
  }

  /** Candles of `tf` for `symbol` whose start is at or after `fromStart`, oldest first. */
  history(symbol: string, tf: string, fromStart: number): Bar[] {
    const out: Bar[] = [];
    for (const s of this.seconds.get(symbol) ?? []) {
      const start = bucketStart(s.time, tf);
      if (start < fromStart) continue;
      const last = out[out.length - 1];
      if (last && last.time === start) merge(last, s);
      else out.push({ ...s, time: start });
    }
    return out;
  }

  private add(t: PublicTrade): void {
    const time = Math.floor(t.timeMs / 1000);
    let list = this.seconds.get(t.symbol);
    if (!list) this.seconds.set(t.symbol, (list = []));
    const last = list[list.length - 1];
    if (last && last.time >= time) {
      // A trade stamped earlier than the newest second (clock step) joins that second.
      merge(last, tradeBar(t, last.time));
      return;
    }
    list.push(tradeBar(t, time));
    // Trimmed in chunks so a busy market does not shift the array on every second.
    if (list[0]!.time < time - 2 * KEEP_SECONDS) {
      const cut = list.findIndex((b) => b.time >= time - KEEP_SECONDS);
      list.splice(0, cut);
    }
  }
}

export function tradeBar(t: PublicTrade, time: number): Bar {
  return { time, open: t.price, high: t.price, low: t.price, close: t.price, volume: t.qty };
}

/** Folds a later bar into an earlier one of the same candle. */
export function merge(into: Bar, later: Bar): void {
  into.high = Math.max(into.high, later.high);
  into.low = Math.min(into.low, later.low);
  into.close = later.close;
  into.volume += later.volume;
}

/**
 * The start of the candle holding `time` (unix seconds). Candles of N seconds are aligned to the
 * Unix epoch; D, W, M, Y are calendar periods. The spec says neither which time zone calendar
 * candles follow (MOEX trades on Moscow time) nor where a week begins; UTC days and ISO weeks
 * (Monday) are taken [INF].
 */
export function bucketStart(time: number, tf: string): number {
  const d = new Date(time * 1000);
  const y = d.getUTCFullYear();
  switch (tf) {
    case 'D':
      return Date.UTC(y, d.getUTCMonth(), d.getUTCDate()) / 1000;
    case 'W': {
      const day = Date.UTC(y, d.getUTCMonth(), d.getUTCDate()) / 1000;
      return day - ((d.getUTCDay() + 6) % 7) * 86_400;
    }
    case 'M':
      return Date.UTC(y, d.getUTCMonth(), 1) / 1000;
    case 'Y':
      return Date.UTC(y, 0, 1) / 1000;
    default: {
      const n = Number(tf);
      return Math.floor(time / n) * n;
    }
  }
}
