// The replay speed that delivers a target load: a recording replayed at speed 1 delivers about
// what the core received while it was recorded, so the first guess is the ratio of the two, and
// what arrives corrects it (the same tolerance and number of attempts as the live load's).
import { REPLAY_SPEED } from '../../../shared/contract/replay';
import { LOAD_TOLERANCE, MAX_LOAD_ATTEMPTS } from '../load';

const clampSpeed = (s: number) => Math.min(REPLAY_SPEED.max, Math.max(REPLAY_SPEED.min, s));
/** Speeds are sent rounded: a speed that does not move by a thousandth is the same speed. */
const round = (s: number) => Math.round(s * 1000) / 1000;

/** The speed to try first: `recordedRate` is what the core received while recording (NaN: unknown). */
export function firstReplaySpeed(target: number, recordedRate: number): number {
  if (!(recordedRate > 0) || !(target > 0)) return 1;
  return round(clampSpeed(target / recordedRate));
}

/**
 * A step changes the speed at most this many times: the replay thread does not wait for the core,
 * so a speed far past what the core absorbs only queues frames in memory (seen: 6 GB at 34x).
 */
export const MAX_SPEED_STEP = 2;

/** The speed to try after `speed` delivered `received`, aiming at `target`. */
export function nextReplaySpeed(target: number, speed: number, received: number): number {
  const scaled = received > 0 ? (speed * target) / received : speed * MAX_SPEED_STEP;
  return round(clampSpeed(Math.min(speed * MAX_SPEED_STEP, Math.max(speed / MAX_SPEED_STEP, scaled))));
}

/**
 * How long to read the received rate at `speed`: one whole pass of the recording (`spanMs` of
 * replay time), since its rate varies along it (snapshots at its start, the venues' own rhythm);
 * 3 s to 30 s.
 */
export function calibrationWindowMs(spanMs: number, speed: number): number {
  const pass = spanMs > 0 && speed > 0 ? spanMs / speed : 0;
  return Math.round(Math.min(30_000, Math.max(3_000, pass)));
}

export interface CalibratedSpeed {
  speed: number;
  received: number;
  attempts: number;
}

/**
 * Sets `speed` and reads what arrives (`tryPace`) until it is within LOAD_TOLERANCE of `target`,
 * the speed stops moving (a bound reached), or the attempts run out; the caller reports any
 * shortfall. When a faster replay delivers less, or nothing could be read (no venue status in the
 * window: a core too busy to report), the machine is saturated: the previous speed is the answer.
 */
export async function calibrateReplaySpeed(
  target: number,
  first: number,
  tryPace: (speed: number) => Promise<number>,
  progress: (line: string) => void = () => {},
): Promise<CalibratedSpeed> {
  let speed = first;
  let previous = { speed: 0, received: -1 };
  for (let attempt = 1; ; attempt++) {
    const received = await tryPace(speed);
    progress(`load: replay speed ${speed} → received ${Math.round(received)}/s (target ${target}/s)`);
    const saturated =
      attempt > 1 && (!Number.isFinite(received) || (speed > previous.speed && received < previous.received));
    if (saturated) return { ...previous, attempts: attempt };
    const close = Math.abs(received - target) <= target * LOAD_TOLERANCE;
    const next = nextReplaySpeed(target, speed, received);
    previous = { speed, received };
    if (close || attempt >= MAX_LOAD_ATTEMPTS || next === speed)
      return { speed, received, attempts: attempt };
    speed = next;
  }
}
