// @vitest-environment happy-dom
// Auto-recentre against a simulated engine: a seeded price walk for ten minutes of fake time, a
// recentre that lands on the centre it left (the latch that froze the centre), and hover freeze.
import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import type { LadderFrame } from '../../../shared/ladder-frame';
import { needsRecenter } from '../../../renderer/src/ladder/layout';
import LadderCanvas from '../../../renderer/src/ladder/LadderCanvas.vue';
import { RETRY_MS, useRecentring } from '../../../renderer/src/ladder/use-recentring';
import { FakeApi } from '../support/fake-api';
import { makeFrame } from '../support/frames';

const ROWS = 40;

/** The engine's side of a view: a centre that moves only when asked, to the mid at that moment. */
class SimEngine {
  center = 10_000;
  bid = 10_000;
  ask = 10_001;
  seq = 0;
  constructor(private readonly delay: () => number) {}
  frame(): LadderFrame {
    return makeFrame({
      rows: ROWS,
      top: this.center + ROWS / 2,
      center: this.center,
      bestBid: this.bid,
      bestAsk: this.ask,
      seq: ++this.seq,
      viewId: 3,
    });
  }
  recenterLater(then: () => void): void {
    setTimeout(() => {
      this.center = Math.floor((this.bid + this.ask) / 2);
      then();
    }, this.delay());
  }
}

/** Small seeded PRNG so the walk is the same on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function setup(engine: SimEngine, auto = true) {
  const api = new FakeApi();
  let latest: LadderFrame | null = null;
  let rec!: ReturnType<typeof useRecentring>;
  const deliver = () => {
    latest = engine.frame();
    rec.onFrame(latest);
  };
  api.on('ladder.recenter', () => {
    engine.recenterLater(deliver);
    return {};
  });
  const Host = defineComponent({
    setup() {
      rec = useRecentring({ api, frame: () => latest, autoRecenter: () => auto, reportError: () => {} });
      return () =>
        h(LadderCanvas, {
          armed: false,
          notice: rec.frozen.value ? 'Centre frozen (pointer over ladder)' : null,
        });
    },
  });
  const wrapper = mount(Host);
  return { api, wrapper, deliver, rec: () => rec, latest: () => latest };
}

describe('auto-recentre', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps the inside market in the middle rows through ten minutes of a random walk', () => {
    const rand = rng(17);
    const engine = new SimEngine(() => Math.floor(rand() * 300));
    const { deliver, latest } = setup(engine);
    let outFor = 0;
    let worst = 0;
    let back = 0;
    for (let t = 0; t < 10 * 60 * 1000; t += 50) {
      // Mostly small moves; now and then a spike of several rows that half the time comes
      // straight back (a recentre then lands where the view already was).
      const r = rand();
      const spike = r < 0.02 ? (rand() < 0.5 ? -15 : 15) : 0;
      const move = back !== 0 ? -back : spike !== 0 ? spike : Math.round((rand() - 0.5) * 4);
      back = back === 0 && spike !== 0 && rand() < 0.5 ? spike : 0;
      engine.bid += move;
      engine.ask = engine.bid + 1 + Math.floor(rand() * 3);
      deliver();
      vi.advanceTimersByTime(50);
      outFor = needsRecenter(latest()!) ? outFor + 50 : 0;
      worst = Math.max(worst, outFor);
    }
    // Out of the band for at most an engine round trip plus one retry, never for good.
    expect(worst).toBeLessThanOrEqual(300 + RETRY_MS + 100);
  });

  it('asks again after a recentre that landed on the centre it left', () => {
    const engine = new SimEngine(() => 50);
    const { api, deliver, latest } = setup(engine);
    engine.bid = 10_015;
    engine.ask = 10_016;
    deliver();
    expect(api.callsTo('ladder.recenter')).toHaveLength(1);
    // The market comes straight back before the engine acts: the view stays where it was.
    engine.bid = 10_000;
    engine.ask = 10_001;
    vi.advanceTimersByTime(50);
    expect(latest()!.center).toBe(10_000);
    // Then it leaves again and stays away without moving further: no new frame needed.
    engine.bid = 10_014;
    engine.ask = 10_015;
    deliver();
    vi.advanceTimersByTime(RETRY_MS + 60);
    expect(api.callsTo('ladder.recenter')).toHaveLength(2);
    expect(needsRecenter(latest()!)).toBe(false);
  });

  it('freezes while the pointer is over the ladder, says so, and catches up when it leaves', async () => {
    const engine = new SimEngine(() => 20);
    const { api, wrapper, deliver, rec, latest } = setup(engine);
    rec().onHover(true);
    await wrapper.vm.$nextTick();
    expect(wrapper.get('[data-testid="ladder-notice"]').text()).toBe('Centre frozen (pointer over ladder)');
    for (let i = 0; i < 100; i++) {
      engine.bid += 1;
      engine.ask = engine.bid + 1;
      deliver();
      vi.advanceTimersByTime(100);
    }
    expect(api.callsTo('ladder.recenter')).toHaveLength(0);
    expect(needsRecenter(latest()!)).toBe(true);
    rec().onHover(false);
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="ladder-notice"]').exists()).toBe(false);
    vi.advanceTimersByTime(50);
    expect(api.callsTo('ladder.recenter')).toHaveLength(1);
    expect(needsRecenter(latest()!)).toBe(false);
  });
});
