import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CrossbookApi } from '../../../shared/contract';
import type { VenueStatus } from '../../../shared/domain';

export const useVenuesStore = defineStore('venues', () => {
  const venues = ref<VenueStatus[]>([]);
  const error = ref<string>();

  function start(api: CrossbookApi): () => void {
    return api.subscribe(
      'venues.status',
      {},
      (event) => (venues.value = event.venues),
      (e) => (error.value = e.message),
    );
  }

  return { venues, error, start };
});
