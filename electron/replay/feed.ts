// Puts replayed events into the core's MarketDataSink exactly as the adapters did when they were
// recorded: the same frame text, bindings, resets and trades, in the same order, so the engine's
// venue scanners build the same books.
import type { MarketDataSink } from '../venues/common/adapter';
import type { RecordedEvent } from './recording/format';

export function feedSink(
  sink: MarketDataSink,
  events: readonly RecordedEvent[],
  history: boolean,
  /** Receipt time given to the engine: now, as for a frame that just arrived (its staleness clock). */
  receivedAt: number = Date.now(),
  onTrade?: (trade: Extract<RecordedEvent, { k: 'trade' }>['trade']) => void,
): void {
  for (const e of events) {
    switch (e.k) {
      case 'frame':
        sink.frame(e.v, e.x, receivedAt);
        break;
      case 'bind':
        sink.bindStream(e.v, e.key, e.m);
        break;
      case 'unbind':
        sink.unbindStream(e.v, e.key);
        break;
      case 'reset':
        sink.resetBook(e.v, e.m);
        break;
      case 'trade': {
        // A seek's fast-forward replays prints as history: the last price, not volume or fills.
        const trade = history && !e.trade.history ? { ...e.trade, history: true } : e.trade;
        sink.trade(trade);
        onTrade?.(trade);
        break;
      }
      case 'markets':
        // Markets are declared once by the replay venues (markets()), as live venues declare theirs.
        break;
    }
  }
}
