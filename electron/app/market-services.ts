// Market data over the contract: the instrument list, ladder views and public trades.
import { ContractError, type MarketTrade, type VenueCapabilitiesInfo } from '../../shared/contract';
import type { VenueId } from '../../shared/domain';
import type { CrossbookCore } from '../base/crossbook-core';
import type { MarketDataService } from './market-data';

const TRADE_BATCH_MS = 100;

export function registerMarketServices(
  core: CrossbookCore,
  marketData: MarketDataService,
  capabilities: (venue: VenueId) => VenueCapabilitiesInfo | undefined = () => undefined,
): void {
  // Each venue market carries its adapter's order-entry capabilities, so a ticket offers exactly
  // what the venue takes and no window keeps its own copy of the venues' rules.
  core.handle('markets.list', () => ({
    instruments: marketData.instruments().map((i) => {
      const caps = 'venue' in i.ref ? capabilities(i.ref.venue) : undefined;
      return caps ? { ...i, capabilities: caps } : i;
    }),
  }));

  core.handle('ladder.recenter', ({ viewId, center }, caller) => {
    if (!marketData.recenter(caller.client, viewId, center)) {
      throw new ContractError('NOT_FOUND', `ladder view ${viewId} is not open in this window`);
    }
    return {};
  });

  core.handle('ladder.pace', ({ viewId, slotAt, intervalMs }, caller) => {
    if (!marketData.pace(caller.client, viewId, slotAt, intervalMs)) {
      throw new ContractError('NOT_FOUND', `ladder view ${viewId} is not open in this window`);
    }
    return {};
  });

  core.provide('market.ladder', (params, emit, caller) => {
    const viewId = marketData.openView(caller.client, params, emit);
    return () => marketData.closeView(viewId);
  });

  core.provide('market.trades', ({ canonical }, emit) => {
    emit({ trades: marketData.recentTrades(canonical).slice(-200) });
    // Trades arrive one by one; a window wants them in small batches, not one message each.
    let pending: MarketTrade[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = marketData.onTrades((trades) => {
      for (const t of trades) if (!canonical || t.canonical === canonical) pending.push(t);
      if (pending.length === 0 || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        const batch = pending;
        pending = [];
        emit({ trades: batch });
      }, TRADE_BATCH_MS);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  });
}
