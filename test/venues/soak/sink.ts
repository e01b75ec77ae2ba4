// The soak's market-data sink (the engine's pure API, wired like the host: an engine 'resync' goes
// back to the adapter) and the probe that records the orders a simulator really placed.
import { Engine } from '../../../electron/engine/engine';
import type { VenueId } from '../../../shared/domain';
import type { MarketDataSink, VenueAdapter, VenueMarketInfo } from '../../../electron/venues/common/adapter';
import type { SimMarket } from '../../../electron/venues/simkit/types';

export interface PlacedBySim {
  simId: string;
  market: string;
}

export class SoakSink implements MarketDataSink {
  readonly engine: Engine;
  adapter: VenueAdapter | undefined;
  resets = 0;
  constructor(venue: VenueId) {
    this.engine = new Engine((e) => {
      if (e.type !== 'resync' || e.venue !== venue) return;
      // As the host does it, deferred as if from the worker; without the adapter's own path the
      // interface's fallback is unsubscribe + subscribe.
      queueMicrotask(() => {
        const a = this.adapter;
        if (!a) return;
        if (a.resync) a.resync(e.market, e.reason);
        else {
          a.unsubscribeMarket(e.market);
          a.subscribeMarket(e.market);
        }
      });
    });
  }
  frame(venue: VenueId, text: string, receivedAt: number): void {
    this.engine.handle({ type: 'frame', venue, text, receivedAt });
  }
  bindStream(venue: VenueId, key: string, market: string): void {
    this.engine.handle({ type: 'bindStream', venue, key, market });
  }
  unbindStream(venue: VenueId, key: string): void {
    this.engine.handle({ type: 'unbindStream', venue, key });
  }
  resetBook(venue: VenueId, market: string): void {
    this.resets++;
    if (this.engine.getBook(venue, market)) this.engine.handle({ type: 'resetBook', venue, market });
  }
  trade(): void {}
  define(info: VenueMarketInfo): void {
    if (this.engine.getBook(info.venue, info.market)) return;
    this.engine.handle({
      type: 'defineMarket',
      market: {
        venue: info.venue,
        market: info.market,
        priceDecimals: info.priceDecimals,
        sizeDecimals: info.sizeDecimals,
        tickSize: info.tickSize,
      },
    });
  }
}

/** Records every place() the simulator makes on its SimMarkets for one owner: its own order truth. */
export function watchPlacements(markets: ReadonlyMap<string, SimMarket>, owner: string): PlacedBySim[] {
  const out: PlacedBySim[] = [];
  for (const [symbol, market] of markets) {
    const place = market.place.bind(market);
    // An own property shadowing the class method: a probe, nothing in the matching changes.
    (market as { place: SimMarket['place'] }).place = (req) => {
      if (req.owner === owner) out.push({ simId: req.orderId, market: symbol });
      return place(req);
    };
  }
  return out;
}
