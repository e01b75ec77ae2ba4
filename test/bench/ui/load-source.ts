// Where the UI benchmark's load comes from. The benchmark charges Crossbook only for what is
// Crossbook's, so the load is a seam: something that makes the core receive a target rate of
// level updates, says what it costs itself, and stops. Two sources: a recording replayed by the
// core's replay thread with no simulator running (test/bench/ui/replayed-recording.ts, the
// default), and the demo simulators running live inside the web host (calibrated by
// test/bench/load.ts), which is also how the replayed load gets recorded.
import { calibrateLoad } from '../load';
import { startHostUnderLoad, type HostUnderLoad } from './host';
import { cpuDelta, threadsCpu } from './proc';

export interface LoadSource {
  /** How the report names the source (the live simulators are not a replayer). */
  readonly label: string;
  /**
   * Brings the load up so that the core receives about `targetRate` level updates/s, and answers
   * the web host it feeds. `pace` says what the source itself does to get there.
   */
  start(targetRate: number): Promise<{ host: HostUnderLoad; pace: string }>;
  /** The source's own CPU, in % of one core, since the previous call (or since it started). */
  cpuPct(): number;
  /** Ids of the web host's threads that are the load's, not Crossbook's (their CPU is cpuPct). */
  loadThreads(): number[];
  /** How the per-thread CPU lines name those threads. */
  readonly threadRole: string;
  stop(): Promise<void>;
}

/** CPU % of one core of a set of threads between readings, from /proc. */
export function threadMeter(pid: number, tids: () => number[]): () => number {
  const read = () => {
    const mine = new Set(tids());
    return new Map([...threadsCpu(pid)].filter(([k]) => mine.has(Number(k.split(' ').pop()))));
  };
  let last = read();
  let at = performance.now();
  return () => {
    const now = read();
    const seconds = (performance.now() - at) / 1000;
    const pct = cpuDelta(last, now, Math.max(seconds, 1e-3)).reduce((a, [, v]) => a + v, 0);
    last = now;
    at = performance.now();
    return pct;
  };
}

/**
 * The demo simulators, live on their own thread in the web host, at the generator rate that
 * delivers the target (they conflate on the way, so they generate about twice what arrives).
 */
export function liveSimulators(env: NodeJS.ProcessEnv, progress: (line: string) => void): LoadSource {
  let running: HostUnderLoad | undefined;
  let meter: (() => number) | undefined;
  return {
    label: 'the demo simulators, live in the web host (--load live: not a replayer)',
    async start(targetRate) {
      const load = await calibrateLoad(
        targetRate,
        async (generated) => {
          progress(`bench-ui: web host, demo profile, --sim-rate ${generated}`);
          const host = await startHostUnderLoad(generated, env);
          return { received: await host.receivedRate(3000), running: host };
        },
        (host) => host.stop(),
        progress,
      );
      running = load.running;
      const host = running;
      meter = threadMeter(host.host.child.pid!, () => host.simulatorThreads);
      return { host, pace: `generating ${load.generated}/s` };
    },
    cpuPct: () => (meter ? meter() : NaN),
    loadThreads: () => running?.simulatorThreads ?? [],
    threadRole: 'simulators: the load, not Crossbook',
    async stop() {
      await running?.stop();
      running = undefined;
    },
  };
}
