// Our orders, fills and positions as the core streams them. Each window that needs them starts
// the subscriptions once; fills accumulate (deduplicated by venue + fill id) up to a cap.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type {
  CrossbookApi,
  FillView,
  MarketTrade,
  OrderView,
  ParentView,
  PositionView,
} from '../../../shared/contract';
import { describeError } from '../common/describe-error';

const MAX_FILLS = 5000;
const MAX_TRADES = 2000;

export const useOrdersStore = defineStore('orders', () => {
  const working = shallowRef<OrderView[]>([]);
  const recent = shallowRef<OrderView[]>([]);
  const parents = shallowRef<ParentView[]>([]);
  const fills = shallowRef<FillView[]>([]);
  const positions = shallowRef<PositionView[]>([]);
  const trades = shallowRef<MarketTrade[]>([]);
  const ordersLive = ref(false);
  const error = ref<string>();
  const seen = new Set<string>();

  function addFills(batch: FillView[], snapshot: boolean) {
    if (snapshot) {
      seen.clear();
      fills.value = [];
    }
    const fresh = batch.filter((f) => {
      const key = `${f.venue}:${f.fillId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (fresh.length === 0 && !snapshot) return;
    fills.value = [...fresh, ...fills.value].slice(0, MAX_FILLS);
  }

  function start(api: CrossbookApi, opts: { fills?: boolean; positions?: boolean; trades?: boolean } = {}) {
    const fail = (what: string) => (e: Error) => (error.value = describeError(e, what));
    const stops = [
      api.subscribe(
        'orders',
        { recentLimit: 200 },
        (e) => {
          working.value = e.working;
          recent.value = e.recent;
          parents.value = e.parents;
          ordersLive.value = true;
        },
        fail('Orders'),
      ),
    ];
    if (opts.fills)
      stops.push(
        api.subscribe('fills', { recentLimit: 2000 }, (e) => addFills(e.fills, e.snapshot), fail('Fills')),
      );
    if (opts.positions)
      stops.push(api.subscribe('positions', {}, (e) => (positions.value = e.positions), fail('Positions')));
    if (opts.trades)
      stops.push(
        api.subscribe(
          'market.trades',
          {},
          (e) => (trades.value = [...e.trades.slice().reverse(), ...trades.value].slice(0, MAX_TRADES)),
          fail('Market trades'),
        ),
      );
    return () => stops.forEach((s) => s());
  }

  return { working, recent, parents, fills, positions, trades, ordersLive, error, start, addFills };
});
