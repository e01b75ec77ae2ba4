// Carries the status board's venue states to the engine, so a venue the board shows as stale or
// down never has its last book painted as live (see the engine's venueFeed command).
import type { VenueStatus } from '../../shared/domain';
import { feedStateOf } from '../../shared/feed-state';
import type { MarketDataService } from './market-data';
import type { VenueStatusBoard } from './venue-status';

export { feedStateOf };

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
