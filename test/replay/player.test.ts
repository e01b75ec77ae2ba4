// The replay clock: speed scales replay time, pause holds it, step plays one frame, seek rebuilds
// from the start (as history) up to the target and carries on from there.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordedEvent } from '../../electron/replay/recording/format';
import { ReplayPlayer, type ReplayClockState } from '../../electron/replay/thread/player';

const T0 = 1_000_000;
const EVENTS: RecordedEvent[] = [
  { k: 'markets', t: T0, markets: [] },
  ...Array.from({ length: 100 }, (_, i): RecordedEvent => ({
    k: 'frame',
    t: T0 + i * 10,
    v: 'paxos',
    x: `f${i}`,
  })),
];

let wall = 0;
beforeEach(() => {
  vi.useFakeTimers();
  wall = 0;
});
afterEach(() => vi.useRealTimers());

function player(speed = 1) {
  const log: string[] = [];
  const clocks: ReplayClockState[] = [];
  const p = new ReplayPlayer(
    EVENTS,
    {
      batch: (events, history) =>
        log.push(...events.map((e) => (e.k === 'frame' ? e.x : e.k) + (history ? '(h)' : ''))),
      reset: () => log.push('reset'),
      clock: (s) => clocks.push(s),
    },
    { pace: { speed }, tickMs: 10, now: () => wall },
  );
  const advance = (ms: number) => {
    for (let i = 0; i < ms; i += 10) {
      wall += 10;
      vi.advanceTimersByTime(10);
    }
  };
  return { p, log, clocks, advance };
}

describe('replay clock', () => {
  it('plays at its speed and holds while paused', () => {
    const { p, log, advance } = player(2);
    p.play();
    advance(100);
    // 100 ms at 2× = 200 ms of recording: frames at 0..200 ms.
    expect(log).toEqual(['markets', ...Array.from({ length: 21 }, (_, i) => `f${i}`)]);
    p.pause();
    advance(100);
    expect(log).toHaveLength(22);
    p.setPace({ speed: 0.5 });
    p.play();
    advance(40);
    expect(log.at(-1)).toBe('f22');
  });

  it('steps one frame at a time while paused', () => {
    const { p, log } = player();
    p.step();
    p.step();
    expect(log).toEqual(['markets', 'f0', 'f1']);
    expect(p.state()).toMatchObject({ paused: true, played: 3, at: T0 + 10 });
  });

  it('seeks by replaying from the start as history, then goes on live from there', () => {
    const { p, log, advance } = player();
    p.play();
    advance(50);
    log.length = 0;
    p.seek(T0 + 30);
    expect(log).toEqual(['reset', 'markets(h)', 'f0(h)', 'f1(h)', 'f2(h)', 'f3(h)']);
    log.length = 0;
    advance(20);
    expect(log).toEqual(['f4', 'f5']);
  });

  it('stops at the end and says so', () => {
    const { p, clocks, advance } = player(100);
    p.play();
    advance(20);
    expect(clocks.at(-1)).toMatchObject({ ended: true, paused: true, played: EVENTS.length, at: T0 + 990 });
  });

  it('waits while the consumer is not ready, and carries on from where it was when woken', () => {
    let ready = true;
    const log: string[] = [];
    const p = new ReplayPlayer(
      EVENTS,
      {
        batch: (events) => log.push(...events.map((e) => (e.k === 'frame' ? e.x : e.k))),
        reset: () => {},
        clock: () => {},
        ready: () => ready,
      },
      { pace: { speed: 1 }, tickMs: 10, now: () => wall },
    );
    const advance = (ms: number) => {
      for (let i = 0; i < ms; i += 10) {
        wall += 10;
        vi.advanceTimersByTime(10);
      }
    };
    p.play();
    advance(20);
    expect(log).toEqual(['markets', 'f0', 'f1', 'f2']);
    ready = false;
    advance(100);
    expect(log).toHaveLength(4);
    ready = true;
    p.wake();
    vi.advanceTimersByTime(0);
    // The replay time due by now (120 ms), in one go, nothing skipped.
    expect(log).toEqual(['markets', ...Array.from({ length: 13 }, (_, i) => `f${i}`)]);
  });
});
