// Owns the order manager of the active profile: one journal per profile, the venue adapters of
// that profile, mid prices and consolidated depth from the engine, and our working orders pushed
// back into the engine so every ladder shows them at their price.
import { join } from 'node:path';
import { formatScaled } from '../../shared/decimal';
import type { ProfileName, VenueId } from '../../shared/domain';
import { OrderManager } from '../orders/manager';
import type { ActiveOrderManager } from '../orders/ports';
import type { VenueAdapter } from '../venues/common/adapter';
import { createLogger } from '../base/log';
import type { MarketDataService } from './market-data';

const log = createLogger('trading-desk');

export class TradingDesk implements ActiveOrderManager {
  private manager: OrderManager | undefined;
  private readonly replacedListeners = new Set<() => void>();
  private stopOwnOrders: (() => void) | undefined;
  private activeJournal: string | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly marketData: MarketDataService,
  ) {}

  current(): OrderManager | undefined {
    return this.manager;
  }

  /** The active profile's journal file (the audit trail reads it), while a manager runs. */
  journalPath(): string | undefined {
    return this.manager ? this.activeJournal : undefined;
  }

  onReplaced(listener: () => void): () => void {
    this.replacedListeners.add(listener);
    return () => this.replacedListeners.delete(listener);
  }

  /** `replay` keeps the paper orders of replays in their own journal, apart from every profile's. */
  async start(profile: ProfileName | 'replay', adapters: ReadonlyMap<VenueId, VenueAdapter>): Promise<void> {
    await this.stop();
    const marketData = this.marketData;
    this.activeJournal = join(this.dataDir, `journal-${profile}.jsonl`);
    const manager = new OrderManager({
      journalPath: this.activeJournal,
      adapters: [...adapters.values()],
      mids: { mid: (venue, market) => marketData.mid(venue, market) },
      depth: { depth: (canonical, side, maxLevels) => marketData.cachedDepth(canonical, side, maxLevels) },
    });
    this.manager = manager;
    if (manager.replay.truncatedBytes)
      log.warn('journal had a torn last record, truncated', { ...manager.replay });
    this.stopOwnOrders = manager.onChange((changes) => {
      const markets = new Set<string>();
      for (const id of changes.orders) {
        const o = manager.find(id);
        if (o) markets.add(`${o.intent.venue}\n${o.intent.market}`);
      }
      for (const key of markets) this.publishOwnOrders(manager, key);
    });
    for (const listener of this.replacedListeners) listener();
    // Replay is done; reconciliation talks to the venues and may wait for them to come up.
    void manager.start().catch((error: unknown) => log.warn('reconciliation did not finish', { error }));
    for (const o of manager.orders()) this.publishOwnOrders(manager, `${o.intent.venue}\n${o.intent.market}`);
  }

  private publishOwnOrders(manager: OrderManager, key: string): void {
    const [venue, market] = key.split('\n') as [VenueId, string];
    const orders = [];
    for (const o of manager.workingOrders(venue)) {
      const i = o.intent;
      if (i.market !== market || o.price === undefined) continue;
      orders.push({
        price: formatScaled(o.price, i.priceScale),
        side: i.side,
        remaining: formatScaled(Math.max(0, o.size - o.filled), i.sizeScale),
      });
    }
    this.marketData.ownOrders(venue, market, orders);
  }

  async stop(): Promise<void> {
    this.stopOwnOrders?.();
    this.stopOwnOrders = undefined;
    const manager = this.manager;
    this.manager = undefined;
    if (manager) {
      // The ladders must stop showing this profile's orders as ours.
      const markets = new Set(manager.orders().map((o) => `${o.intent.venue}\n${o.intent.market}`));
      for (const key of markets) {
        const [venue, market] = key.split('\n') as [VenueId, string];
        this.marketData.ownOrders(venue, market, []);
      }
      for (const listener of this.replacedListeners) listener();
      await manager.close();
    }
  }
}
