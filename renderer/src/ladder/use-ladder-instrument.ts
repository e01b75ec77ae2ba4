// Which instrument a ladder shows and where its clicks go: one venue market, or a consolidated
// book over several venues, each a leg. A consolidated ladder always shows which venue a click
// goes to: the first leg until the trader picks another.
import { computed, watch, type Ref } from 'vue';
import { resolveInstrument, useMarketsStore, venueMarket } from '../market/markets-store';
import type { LadderSettings } from '../workspace/workspace-storage';
import type { LadderTarget } from './ladder-trader';

export function useLadderInstrument(instrument: string | undefined, settings: Ref<LadderSettings>) {
  const markets = useMarketsStore();
  const info = computed(() => resolveInstrument(markets.instruments, instrument));
  const consolidated = computed(() => !!info.value && 'canonical' in info.value.ref);
  const legs = computed(() => {
    const i = info.value;
    if (!i) return [];
    if ('venue' in i.ref) return [{ venue: i.ref.venue, market: i.ref.market }];
    return i.venues.flatMap((v) => {
      const m = venueMarket(markets.instruments, i.canonical, v);
      return m && 'venue' in m.ref ? [{ venue: v, market: m.ref.market }] : [];
    });
  });
  watch(
    legs,
    (l) => {
      if (l.length > 1 && !l.some((x) => x.venue === settings.value.routeVenue))
        settings.value.routeVenue = l[0]!.venue;
    },
    { immediate: true },
  );
  const target = computed<LadderTarget | null>(() => {
    const i = info.value;
    const l = legs.value;
    if (!i || l.length === 0) return null;
    const leg = l.find((x) => x.venue === settings.value.routeVenue) ?? l[0]!;
    return {
      ...leg,
      canonical: i.canonical,
      consolidated: consolidated.value,
      venues: l,
      lotSize: i.lotSize,
      sizeDecimals: i.sizeDecimals,
    };
  });
  return { info, consolidated, legs, target };
}
