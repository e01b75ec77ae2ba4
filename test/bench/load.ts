// A benchmark's load is the level updates Crossbook receives, not what the simulators generate.
// The simulators send what one generator tick changed as one message per market (a price touched
// twice in a tick goes out once), Finery sends only its top 25 levels and ALOR one snapshot per
// subscription interval, so the wire carries fewer updates than are generated: at a generated
// 100,000/s it carried about 56,000. So a benchmark runs the simulators, reads what arrives, and
// runs them again at a generator rate scaled by the shortfall until the two agree.

/** Received within this fraction of the target counts as the target. */
export const LOAD_TOLERANCE = 0.05;
export const MAX_LOAD_ATTEMPTS = 4;
/** Generated per received update, measured at ~100,000/s received; only the first guess. */
export const FIRST_GUESS_FACTOR = 2;
/** The web host's and simulator CLI's ceiling on --sim-rate / --rate. */
export const MAX_GENERATED = 1_000_000;

/** The generator rate to try after `generated` delivered `received`, aiming at `target`. */
export function nextGeneratedRate(target: number, generated: number, received: number): number {
  const scaled = received > 0 ? (generated * target) / received : generated * 2;
  return Math.round(Math.min(MAX_GENERATED, Math.max(target, scaled)));
}

export interface LoadTrial<T> {
  /** Level updates per second Crossbook received while the simulators generated at the tried rate. */
  received: number;
  /** What the trial started (a host, simulators), kept when it is the one chosen. */
  running: T;
}

export interface CalibratedLoad<T> {
  running: T;
  generated: number;
  received: number;
  attempts: number;
}

/**
 * Runs `tryRate` at a guessed generator rate and again at corrected ones until what arrives is
 * within LOAD_TOLERANCE of `target` (or the attempts run out; the caller reports the shortfall).
 * Every trial but the chosen one is handed to `discard`.
 */
export async function calibrateLoad<T>(
  target: number,
  tryRate: (generated: number) => Promise<LoadTrial<T>>,
  discard: (running: T) => Promise<void>,
  progress: (line: string) => void = () => {},
): Promise<CalibratedLoad<T>> {
  if (!Number.isFinite(target) || target < 0) throw new RangeError(`load target must be >= 0, got ${target}`);
  let generated = Math.min(MAX_GENERATED, Math.round(target * FIRST_GUESS_FACTOR));
  let previous = -1;
  for (let attempt = 1; ; attempt++) {
    const trial = await tryRate(generated);
    progress(
      `load: generating ${generated}/s → received ${Math.round(trial.received)}/s (target ${target}/s)`,
    );
    const close = Math.abs(trial.received - target) <= target * LOAD_TOLERANCE;
    const next = nextGeneratedRate(target, generated, trial.received);
    // Generating more and receiving less means the machine is saturated: more only makes it worse.
    const saturated = trial.received < previous;
    previous = trial.received;
    if (close || saturated || target === 0 || attempt >= MAX_LOAD_ATTEMPTS || next === generated) {
      return { running: trial.running, generated, received: trial.received, attempts: attempt };
    }
    await discard(trial.running);
    generated = next;
  }
}
