// The web host the UI benchmark measures: started in the demo profile at a simulator generator
// rate (the live load and the record phase) or replaying a recording with no simulators (the
// replayed load), with the venue status it reports kept, so the benchmark can tell what load the
// core actually received (test/bench/load.ts).
import { startWebHostProcess, type WebHostProcess } from '../../e2e/web-host-process';
import { connectBridge, type BridgeClient } from './bridge';
import { nicedThreads, restoreNormalPriority } from './proc';

export interface Instrument {
  id: string;
  venues: string[];
}

interface VenueStatus {
  venue: string;
  state: string;
  messagesPerSecond?: number;
  levelUpdatesPerSecond?: number;
}

interface StatusSample {
  at: number;
  messages: number;
  levels: number;
}

export interface HostUnderLoad {
  host: WebHostProcess;
  /** Thread ids of the demo simulators (the ones started niced), put back to normal priority. */
  simulatorThreads: number[];
  /** The instrument list once all three venues are live (throws after the start deadline). */
  instruments(): Promise<Instrument[]>;
  /** A contract request over the host's bridge. */
  request<T>(method: string, params: unknown): Promise<T>;
  /** Averages the received level updates/s over `ms`. */
  receivedRate(ms: number): Promise<number>;
  /** Mean messages/s and level updates/s the venue status reported after `since` (epoch ms). */
  receivedSince(since: number): { messages: number; levels: number };
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The demo profile with its embedded simulators generating `generatedRate` level updates/s. */
export function startHostUnderLoad(generatedRate: number, env: NodeJS.ProcessEnv): Promise<HostUnderLoad> {
  return startHost(['--profile', 'demo', '--sim-rate', String(generatedRate)], env, {
    simulators: true,
    liveWithinMs: 60_000,
  });
}

/**
 * A host that replays `profile/id` in a loop at `speed`, with no simulator: it must start none
 * (no CROSSBOOK_SIM line, no niced simulator thread), or their cost would be charged to Crossbook.
 */
export async function startReplayingHost(
  recording: { profile: string; id: string },
  speed: number,
  env: NodeJS.ProcessEnv,
): Promise<HostUnderLoad> {
  const args = ['--replay', `${recording.profile}/${recording.id}`, '--replay-speed', String(speed)];
  // Loading a whole recording into the replay thread takes a while on a busy machine.
  const host = await startHost([...args, '--replay-loop'], env, { simulators: false, liveWithinMs: 180_000 });
  const niced = nicedThreads(host.host.child.pid!);
  if (host.host.sim !== undefined || niced.length > 0) {
    await host.stop();
    throw new Error(
      `the replaying web host runs simulators (${host.host.sim ? 'CROSSBOOK_SIM printed' : `niced threads ${niced.join(', ')}`})`,
    );
  }
  return host;
}

async function startHost(
  args: string[],
  env: NodeJS.ProcessEnv,
  o: { simulators: boolean; liveWithinMs: number },
): Promise<HostUnderLoad> {
  const host = await startWebHostProcess(args, env);
  let bridge: BridgeClient;
  try {
    bridge = await connectBridge(host.origin, host.token);
  } catch (e) {
    await host.stop();
    throw e;
  }
  let venues: VenueStatus[] = [];
  const log: StatusSample[] = [];
  bridge.subscribe('venues.status', {}, (d) => {
    venues = (d as { venues: VenueStatus[] }).venues;
    log.push({
      at: Date.now(),
      messages: venues.reduce((a, v) => a + (v.messagesPerSecond ?? 0), 0),
      levels: venues.reduce((a, v) => a + (v.levelUpdatesPerSecond ?? 0), 0),
    });
  });

  const instruments = async (): Promise<Instrument[]> => {
    const deadline = Date.now() + o.liveWithinMs;
    for (;;) {
      const list = await bridge.request<{ instruments: Instrument[] }>('markets.list', {});
      const live = venues.filter((v) => v.state === 'live' || v.state === 'connected').length;
      if (live >= 3 && list.instruments.some((i) => i.venues.length > 1)) return list.instruments;
      if (Date.now() > deadline)
        throw new Error(
          `venues not live after ${o.liveWithinMs / 1000} s: ${JSON.stringify(venues.map((v) => [v.venue, v.state]))}`,
        );
      await sleep(250);
    }
  };
  const receivedSince = (since: number) => {
    const after = log.filter((s) => s.at > since);
    const mean = (pick: (s: StatusSample) => number) =>
      after.length ? after.reduce((a, s) => a + pick(s), 0) / after.length : NaN;
    return { messages: mean((s) => s.messages), levels: mean((s) => s.levels) };
  };
  const stop = async () => {
    bridge.close();
    const code = await host.stop();
    if (code !== null && code !== 0) process.stderr.write(`bench-ui: web host exited with ${code}\n`);
  };
  // The simulators start when the demo profile unlocks, before the venues go live.
  try {
    await instruments();
  } catch (e) {
    await stop();
    throw e;
  }
  let simulatorThreads: number[] = [];
  try {
    if (o.simulators) simulatorThreads = restoreNormalPriority(host.child.pid!);
  } catch (e) {
    process.stderr.write(
      `bench-ui: could not put the simulator thread back to normal priority (${(e as Error).message}); ` +
        'on a saturated machine it will deliver less than the asked load\n',
    );
  }
  return {
    host,
    simulatorThreads,
    instruments,
    request: (method, params) => bridge.request(method, params),
    receivedSince,
    stop,
    async receivedRate(ms) {
      // A status report covers the second before it: skip the one that straddles the start.
      const since = Date.now() + 1000;
      await sleep(1000 + ms);
      return receivedSince(since).levels;
    },
  };
}
