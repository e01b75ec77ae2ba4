// Carries the status board's venue states to the engine, so a venue the board shows as stale or
// down never has its last book painted as live (see the engine's venueFeed command).
import type { ConnectionState, VenueStatus } from '../../shared/domain';
import type { FeedState } from '../engine/protocol';
import type { MarketDataService } from './market-data';
import type { VenueStatusBoard } from './venue-status';

/**
 * A session that is up carries a usable feed (`connected`: logged in, books binding, and frames
 * that arrive are real); `stale` is a feed gone quiet; anything else has no feed at all.
 */
export function feedStateOf(state: ConnectionState): FeedState {
  if (state === 'live' || state === 'connected') return 'live';
  if (state === 'stale') return 'stale';
  return 'down';
}

export function linkVenueFeeds(
  board: Pick<VenueStatusBoard, 'current' | 'onChange'>,
  marketData: Pick<MarketDataService, 'venueFeed'>,
): () => void {
  const apply = (venues: VenueStatus[]) => {
    for (const v of venues) marketData.venueFeed(v.venue, feedStateOf(v.state));
  };
  apply(board.current());
  return board.onChange(apply);
}
