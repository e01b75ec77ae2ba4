// Every venue the main thread drives. Adding a venue: its folder, one line here, one in
// book-registry.ts (engine worker) and one in simulator-registry.ts; shared/domain.ts names it.
import type { VenueId } from '../../shared/domain';
import { alorVenue } from './alor/alor-venue';
import type { VenueModule } from './common/venue-module';
import { fineryVenue } from './finery/finery-venue';
import { paxosVenue } from './paxos/paxos-venue';

export const VENUE_MODULES = {
  paxos: paxosVenue,
  finery: fineryVenue,
  alor: alorVenue,
} as const satisfies Record<VenueId, { id: VenueId }>;

type Modules = typeof VENUE_MODULES;
export type CredentialsByVenue = { [V in VenueId]: ReturnType<Modules[V]['credentials']['demo']> };
export type EndpointsByVenue = { [V in VenueId]: Modules[V]['endpoints']['test'] };
export type SimDescriptorByVenue = {
  [V in VenueId]: Parameters<Modules[V]['endpoints']['fromSimulator']>[0];
};

/** One venue's module, typed loosely enough to be used for any venue id. */
export function venueModule(venue: VenueId): VenueModule<object, object, unknown> {
  return VENUE_MODULES[venue] as unknown as VenueModule<object, object, unknown>;
}
