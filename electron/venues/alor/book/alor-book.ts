// ALOR market data as the engine reads it (alor.md §4.3–4.4): every book message is the full
// depth-N book, so a refused one needs no resync — the next replaces it.
import type { VenueBookRules } from '../../../book/venue-book';
import { layoutFree } from '../../../book/venue-book';
import { scanAlor } from './alor-scanner';

export const alorBook: VenueBookRules = {
  venue: 'alor',
  name: 'ALOR',
  scan: layoutFree(scanAlor),
  sequencing: 'full-book-frames',
  // MOEX auction books (opening, closing, discrete) cross until the auction clears.
  crossable: true,
  defaultMaxDepth: 0,
};
