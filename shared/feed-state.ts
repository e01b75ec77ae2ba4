// What a venue's connection state means for its market data, in the core (which tells the engine)
// and in the windows (which say why a venue is left out of a book).
import type { ConnectionState } from './domain';

export type FeedState = 'live' | 'stale' | 'down';

/**
 * A session that is up carries a usable feed (`connected`: logged in, books binding, and frames
 * that arrive are real); `stale` is a feed gone quiet; anything else has no feed at all.
 */
export function feedStateOf(state: ConnectionState): FeedState {
  if (state === 'live' || state === 'connected') return 'live';
  if (state === 'stale') return 'stale';
  return 'down';
}
