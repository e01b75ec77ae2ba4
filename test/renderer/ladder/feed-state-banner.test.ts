// @vitest-environment happy-dom
// The ladder says which venue is not live and since when, from the frame's masks and the venue
// board; a consolidated ladder says the venue is left out, and a live venue is not mentioned.
import { afterEach, describe, expect, it } from 'vitest';
import FeedStateBanner from '../../../renderer/src/ladder/FeedStateBanner.vue';
import { clockTime, venueFeedLines } from '../../../renderer/src/ladder/feed-state';
import { venueFeeds } from '../../../renderer/src/ladder/ladder-summary';
import type { VenueStatus } from '../../../shared/domain';
import { mountWith, settle } from '../support/mount';

const since = '2026-12-07T01:02:03.000Z';
const status = (venue: VenueStatus['venue'], state: VenueStatus['state'], reason?: string): VenueStatus => ({
  venue,
  state,
  since,
  ...(reason ? { reason } : {}),
});

describe('venue feed lines', () => {
  it('takes the worse of frame and board, with the board’s time', () => {
    const board = [
      status('paxos', 'live'),
      status('finery', 'stale', 'no book frames for 5 s'),
      status('alor', 'down'),
    ];
    expect(venueFeedLines(['paxos', 'finery'], { stale: [], down: [] }, board)).toEqual([
      {
        venue: 'finery',
        name: 'Finery Markets',
        state: 'stale',
        since: clockTime(since),
        reason: 'no book frames for 5 s',
      },
    ]);
    // The frame knows first (board not yet updated): down without a time.
    expect(venueFeedLines(['paxos'], { stale: [], down: ['paxos'] }, board)).toEqual([
      { venue: 'paxos', name: 'Paxos', state: 'down', since: '' },
    ]);
    expect(
      venueFeedLines(['paxos', 'finery'], { stale: [], down: [] }, [
        status('paxos', 'live'),
        status('finery', 'connected'),
      ]),
    ).toEqual([]);
    expect(clockTime('not a time')).toBe('');
  });
});

describe('FeedStateBanner', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('shows DOWN/STALE since … and says a consolidated book leaves the venue out', async () => {
    const { wrapper, api } = mountWith(FeedStateBanner, {
      venues: ['paxos', 'finery'],
      stale: [],
      down: [],
      consolidated: true,
    });
    await settle();
    expect(wrapper.find('[data-testid="feed-state"]').exists()).toBe(false);
    api.push('venues.status', {
      venues: [status('paxos', 'live'), status('finery', 'down', 'connection refused')],
    });
    await settle();
    const line = wrapper.get('[data-testid="feed-state-finery"]').text();
    expect(line).toContain(`Finery Markets DOWN since ${clockTime(since)}`);
    expect(line).toContain('left out of this consolidated book');
    expect(line).toContain('connection refused');
    expect(wrapper.find('[data-testid="feed-state-paxos"]').exists()).toBe(false);
    api.push('venues.status', { venues: [status('paxos', 'live'), status('finery', 'live')] });
    await settle();
    expect(wrapper.find('[data-testid="feed-state"]').exists()).toBe(false);
  });

  it('on a single-venue ladder a stale frame says its levels are not shown', async () => {
    const { wrapper } = mountWith(FeedStateBanner, {
      venues: ['paxos'],
      stale: ['paxos'],
      down: [],
      consolidated: false,
    });
    await settle();
    const text = wrapper.get('[data-testid="feed-state-paxos"]').text();
    expect(text).toContain('Paxos STALE');
    expect(text).toContain('not shown');
  });

  it('the header says what the banner says: a reconnecting venue or one the frame left out is down', () => {
    const board = [status('paxos', 'reconnecting'), status('finery', 'live'), status('alor', 'stale')];
    const frame = { stale: [], down: ['finery'] };
    const header = venueFeeds(['paxos', 'finery', 'alor'], board, frame).map((f) => `${f.venue}:${f.state}`);
    expect(header).toEqual(['paxos:down', 'finery:down', 'alor:stale']);
    const banner = venueFeedLines(['paxos', 'finery', 'alor'], frame, board).map(
      (l) => `${l.venue}:${l.state}`,
    );
    expect(banner).toEqual(header);
  });
});
