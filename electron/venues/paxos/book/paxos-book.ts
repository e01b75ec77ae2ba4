// Paxos market data as the engine reads it (paxos.md §5): decimal strings, a timestamped SNAPSHOT
// that UPDATEs sent before it may arrive ahead of.
import type { VenueBookRules } from '../../../book/venue-book';
import { layoutFree } from '../../../book/venue-book';
import { scanPaxos } from './paxos-scanner';

export const paxosBook: VenueBookRules = {
  venue: 'paxos',
  name: 'Paxos',
  scan: layoutFree(scanPaxos),
  sequencing: 'buffer-until-snapshot',
  // The SOR book is aggregated across venues (paxos.md §8): one venue's bid can sit above another's ask.
  crossable: true,
  defaultMaxDepth: 0,
};
