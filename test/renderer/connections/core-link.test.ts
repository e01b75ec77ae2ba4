// @vitest-environment happy-dom
// The app-wide status reflects the venues, not only the core process, and says "core unreachable"
// the moment the bridge drops (not three seconds of silence later).
import { afterEach, describe, expect, it } from 'vitest';
import CoreLink from '../../../renderer/src/connections/CoreLink.vue';
import { venueSummary } from '../../../renderer/src/connections/venue-summary';
import { useSessionStore } from '../../../renderer/src/connections/session-store';
import type { VenueStatus } from '../../../shared/domain';
import { mountWith, settle } from '../support/mount';

const v = (venue: VenueStatus['venue'], state: VenueStatus['state']): VenueStatus => ({
  venue,
  state,
  since: '',
});

describe('venue summary', () => {
  it('counts down and stale venues, not those switched off or starting', () => {
    expect(venueSummary([v('paxos', 'live'), v('finery', 'idle'), v('alor', 'connecting')])).toBeNull();
    expect(venueSummary([v('paxos', 'down'), v('finery', 'live'), v('alor', 'live')])?.text).toBe(
      '1 venue down',
    );
    const mixed = venueSummary([v('paxos', 'down'), v('finery', 'reconnecting'), v('alor', 'stale')]);
    expect(mixed).toMatchObject({ text: '2 venues down · 1 stale', tone: 'bad' });
    expect(venueSummary([v('alor', 'stale')])).toMatchObject({ text: '1 venue stale', tone: 'warn' });
  });
});

describe('CoreLink', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('says "core live · 3 venues down" when the core beats but no venue is up', async () => {
    const { wrapper, api } = mountWith(CoreLink, {});
    useSessionStore().lastBeatAt = Date.now();
    await settle();
    expect(wrapper.text()).toBe('core live');
    api.push('venues.status', { venues: [v('paxos', 'down'), v('finery', 'down'), v('alor', 'down')] });
    await settle();
    expect(wrapper.text()).toBe('core live · 3 venues down');
    expect(wrapper.get('[data-testid="core-link"]').classes()).toContain('bad');
  });

  it('says "core unreachable" as soon as the link is closed, beats or not', async () => {
    const { wrapper } = mountWith(CoreLink, {});
    const session = useSessionStore();
    session.lastBeatAt = Date.now();
    await settle();
    expect(wrapper.text()).toBe('core live');
    session.link = 'closed';
    await settle();
    expect(wrapper.text()).toBe('core unreachable');
  });
});
