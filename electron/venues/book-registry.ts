// Every venue's book rules, for the engine worker. Worker-side only: nothing here may pull in an
// adapter, a socket or the keychain. Adding a venue: its book/ folder and one line here.
import type { VenueId } from '../../shared/domain';
import type { VenueBookRules } from '../book/venue-book';
import { alorBook } from './alor/book/alor-book';
import { fineryBook } from './finery/book/finery-book';
import { paxosBook } from './paxos/book/paxos-book';

export const VENUE_BOOKS: Readonly<Record<VenueId, VenueBookRules>> = {
  paxos: paxosBook,
  finery: fineryBook,
  alor: alorBook,
};
