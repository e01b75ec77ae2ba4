import type { VenueId } from '../../shared/domain';

export const VENUE_NAMES: Record<VenueId, string> = {
  paxos: 'Paxos',
  finery: 'Finery Markets',
  alor: 'ALOR',
};
