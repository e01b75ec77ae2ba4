// @vitest-environment happy-dom
// The replay controls and banner: the panel starts the chosen recording at the chosen offset and
// speed and sends pause/step/speed/seek/stop; the banner shows the replay clock from replay.clock.
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, onMounted } from 'vue';
import { useApi } from '../../../renderer/src/api/inject';
import ReplayBanner from '../../../renderer/src/replay/ReplayBanner.vue';
import ReplayPanel from '../../../renderer/src/replay/ReplayPanel.vue';
import { useReplayStore } from '../../../renderer/src/replay/replay-store';
import type { ReplayState } from '../../../shared/contract';
import { FakeApi } from '../support/fake-api';
import { mountWith, settle } from '../support/mount';

const START = Date.UTC(2026, 11, 7, 4, 0, 0);
const RUNNING: ReplayState = {
  active: true,
  profile: 'demo',
  id: '20261207T040000000Z',
  at: START + 12_345,
  startsAt: START,
  endsAt: START + 60_000,
  speed: 4,
  paused: false,
  ended: false,
  played: 10,
  total: 100,
};

const Host = defineComponent({
  setup() {
    const api = useApi();
    const replay = useReplayStore();
    onMounted(() => replay.start(api));
    return () => [replay.state.active ? h(ReplayBanner) : null, h(ReplayPanel)];
  },
});

function api(): FakeApi {
  return new FakeApi()
    .on('replay.recordings', () => ({
      recordings: [
        {
          profile: 'demo',
          id: '20261207T040000000Z',
          startedAt: START,
          lastWrittenAt: START + 60_000,
          bytes: 120_000,
          parts: 1,
        },
      ],
      recording: { profile: 'demo', enabled: true },
    }))
    .on('replay.start', () => RUNNING)
    .on('replay.control', () => RUNNING)
    .on('replay.stop', () => ({ active: false }))
    .on('recording.set', ({ enabled }) => ({ profile: 'demo', enabled }));
}

afterEach(() => (document.body.innerHTML = ''));

/** Picks a speed by its label, as a trader does in the select. */
async function chooseSpeed(wrapper: ReturnType<typeof mountWith>['wrapper'], label: string): Promise<void> {
  const select = wrapper.get('[data-testid="replay-speed"]');
  const index = select.findAll('option').findIndex((o) => o.text().trim() === label);
  expect(index).toBeGreaterThanOrEqual(0);
  (select.element as HTMLSelectElement).selectedIndex = index;
  await select.trigger('change');
}

describe('replay panel and banner', () => {
  it('starts the chosen recording at the offset and speed, then controls it; the banner shows the clock', async () => {
    const fake = api();
    const { wrapper } = mountWith(Host, {}, fake);
    await settle();
    expect(wrapper.find('[data-testid="replay-banner"]').exists()).toBe(false);
    await wrapper.get('[data-testid="replay-start-offset"]').setValue('10');
    await chooseSpeed(wrapper, '5×');
    await wrapper.get('[data-testid="replay-start"]').trigger('click');
    await settle();
    expect(fake.callsTo('replay.start')).toEqual([
      { profile: 'demo', id: '20261207T040000000Z', speed: 5, startAt: START + 10_000 },
    ]);
    fake.push('replay.clock', RUNNING);
    await settle();
    const banner = wrapper.get('[data-testid="replay-banner"]');
    expect(banner.text()).toContain('REPLAY');
    expect(wrapper.get('[data-testid="replay-clock"]').text()).toMatch(/:\d\d:12\.345$/);
    expect(wrapper.get('[data-testid="replay-pace"]').text()).toBe('4×');

    await wrapper.get('[data-testid="replay-pause"]').trigger('click');
    await wrapper.get('[data-testid="replay-step"]').trigger('click');
    await chooseSpeed(wrapper, '100×');
    await wrapper.get('[data-testid="replay-seek"]').setValue('30');
    await settle();
    expect(fake.callsTo('replay.control')).toEqual([
      { action: 'pause' },
      { action: 'step' },
      { action: 'speed', speed: 100 },
      { action: 'seek', at: START + 30_000 },
    ]);
    await wrapper.get('[data-testid="replay-stop"]').trigger('click');
    await settle();
    expect(fake.callsTo('replay.stop')).toHaveLength(1);
    expect(wrapper.find('[data-testid="replay-banner"]').exists()).toBe(false);
  });

  it('switches recording for the active profile', async () => {
    const fake = api();
    const { wrapper } = mountWith(Host, {}, fake);
    await settle();
    await wrapper.get('[data-testid="recording-switch"]').setValue(false);
    await settle();
    expect(fake.callsTo('recording.set')).toEqual([{ enabled: false }]);
  });
});
