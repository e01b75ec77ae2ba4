// Finery book feeds as the engine reads them (finery-markets.md §6): integers in 1e-8, at most
// 25 levels a side, and no level action before the snapshot.
import type { VenueBookRules } from '../../../book/venue-book';
import { layoutFree } from '../../../book/venue-book';
import { scanFinery } from './finery-scanner';

export const fineryBook: VenueBookRules = {
  venue: 'finery',
  name: 'Finery',
  scan: layoutFree(scanFinery),
  sequencing: 'snapshot-first',
  defaultMaxDepth: 25,
  fixedPointWire: { decimals: 8 },
};
