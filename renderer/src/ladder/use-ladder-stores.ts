// What a window holding ladders (a ladder window, a board) keeps running while it is open: the
// instrument list, orders with positions (the header's position and P&L, own orders on the rows),
// the risk state (arming) and the venues (feed states). One place, so both windows start the same.
import { onBeforeUnmount, onMounted } from 'vue';
import type { CrossbookApi } from '../../../shared/contract';
import { useVenuesStore } from '../connections/venues-store';
import { useMarketsStore } from '../market/markets-store';
import { useOrdersStore } from '../orders/orders-store';
import { useRiskStore } from '../risk/risk-store';

export function useLadderStores(api: CrossbookApi): void {
  const markets = useMarketsStore();
  const orders = useOrdersStore();
  const risk = useRiskStore();
  const venues = useVenuesStore();
  const stops: (() => void)[] = [];
  onMounted(() => {
    void markets.load(api);
    stops.push(orders.start(api, { positions: true }), risk.start(api), venues.start(api));
  });
  onBeforeUnmount(() => stops.forEach((s) => s()));
}
