// The instrument list (markets.list), fetched once per window and shared by every component.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CrossbookApi, InstrumentInfo } from '../../../shared/contract';
import type { VenueId } from '../../../shared/domain';
import { describeError } from '../common/describe-error';
import { setVenueCaps } from '../orders/venue-caps';

export function resolveInstrument(
  list: InstrumentInfo[],
  id: string | undefined,
): InstrumentInfo | undefined {
  if (!id) return undefined;
  return list.find((i) => i.id === id) ?? list.find((i) => i.canonical === id && 'canonical' in i.ref);
}

/** The venue market that trades a consolidated instrument at one venue. */
export function venueMarket(
  list: InstrumentInfo[],
  canonical: string,
  venue: VenueId,
): InstrumentInfo | undefined {
  return list.find((i) => 'venue' in i.ref && i.ref.venue === venue && i.canonical === canonical);
}

export const useMarketsStore = defineStore('markets', () => {
  const instruments = ref<InstrumentInfo[]>([]);
  const loaded = ref(false);
  const error = ref<string>();
  let inflight: Promise<void> | undefined;

  function load(api: CrossbookApi, force = false): Promise<void> {
    if (inflight && !force) return inflight;
    error.value = undefined;
    inflight = api.invoke('markets.list', {}).then(
      (r) => {
        instruments.value = r.instruments;
        for (const i of r.instruments)
          if (i.capabilities && 'venue' in i.ref) setVenueCaps(i.ref.venue, i.capabilities);
        loaded.value = true;
      },
      (e) => {
        error.value = describeError(e, 'Loading instruments');
        inflight = undefined;
      },
    );
    return inflight;
  }

  return { instruments, loaded, error, load };
});
