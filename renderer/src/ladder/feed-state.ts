// Which of a ladder's venues are not live, and since when: from the frame (what the engine left
// out) and the venue board (why, and since when). The worse of the two wins, so a window never
// waits for the next frame to stop calling a venue live.
import { VENUE_NAMES, type VenueId, type VenueStatus } from '../../../shared/domain';
import { feedStateOf, type FeedState } from '../../../shared/feed-state';

export interface VenueFeedLine {
  venue: string;
  name: string;
  state: Exclude<FeedState, 'live'>;
  /** Local wall-clock time (HH:MM:SS) the venue left the live state; empty when unknown. */
  since: string;
  reason?: string;
}

const RANK: Record<FeedState, number> = { live: 0, stale: 1, down: 2 };

export function clockTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}`;
}

/** A venue's feed in this window: the worse of what the frame left out and what the board says. */
export function venueFeedState(
  venue: string,
  frame: { stale: readonly string[]; down: readonly string[] },
  board: readonly VenueStatus[],
): { state: FeedState; fromBoard: FeedState; status: VenueStatus | undefined } {
  const status = board.find((s) => s.venue === venue);
  const fromFrame: FeedState = frame.down.includes(venue)
    ? 'down'
    : frame.stale.includes(venue)
      ? 'stale'
      : 'live';
  const fromBoard: FeedState = status ? feedStateOf(status.state) : 'live';
  return { state: RANK[fromBoard] >= RANK[fromFrame] ? fromBoard : fromFrame, fromBoard, status };
}

export function venueFeedLines(
  venues: readonly string[],
  frame: { stale: readonly string[]; down: readonly string[] },
  board: readonly VenueStatus[],
): VenueFeedLine[] {
  const lines: VenueFeedLine[] = [];
  for (const venue of venues) {
    const { state, fromBoard, status } = venueFeedState(venue, frame, board);
    if (state === 'live') continue;
    lines.push({
      venue,
      name: VENUE_NAMES[venue as VenueId] ?? venue,
      state,
      since: status && fromBoard !== 'live' ? clockTime(status.since) : '',
      ...(status?.reason ? { reason: status.reason } : {}),
    });
  }
  return lines;
}
