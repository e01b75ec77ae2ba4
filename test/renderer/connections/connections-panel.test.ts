// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import ConnectionsPanel from '../../../renderer/src/connections/ConnectionsPanel.vue';
import { mountWith } from '../support/mount';

describe('ConnectionsPanel', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it("shows a down venue's last rates as dashes, a live one's as figures", () => {
    const since = new Date(0).toISOString();
    const { wrapper } = mountWith(ConnectionsPanel, {
      venues: [
        { venue: 'paxos', state: 'live', since, messagesPerSecond: 120.4, levelUpdatesPerSecond: 900 },
        {
          venue: 'finery',
          state: 'down',
          since,
          messagesPerSecond: 80,
          levelUpdatesPerSecond: 400,
          lastMessageAgeMs: 5,
        },
      ],
    });
    const cell = (venue: string, col: string) =>
      wrapper.get(`tr[data-venue="${venue}"] [data-col="${col}"]`).text();
    expect([cell('paxos', 'messages'), cell('paxos', 'levels')]).toEqual(['120', '900']);
    expect([cell('finery', 'messages'), cell('finery', 'levels')]).toEqual(['–', '–']);
  });
});
