// The replayed load (the UI benchmark's default): the demo simulators run live only to record what
// the core receives at the target rate; then a fresh web host, with no simulator at all, replays
// that recording in a loop on its replay thread (crossbook-replay) at the speed that delivers the
// target. The venues' own cost stays out of what is charged to Crossbook, and the replay thread's
// CPU is read apart from /proc as the replayer's.
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { recordingDir } from '../../../electron/app/replay-session';
import { listRecordings } from '../../../electron/replay/recording/reader';
import { REPLAY_THREAD_NAME } from '../../../electron/replay/thread/replay-thread';
import type { ProfileName } from '../../../shared/domain';
import { calibrateLoad, LOAD_TOLERANCE } from '../load';
import { startHostUnderLoad, startReplayingHost, type HostUnderLoad } from './host';
import type { LoadSource } from './load-source';
import { threadMeter } from './load-source';
import { threadsNamed } from './proc';
import { calibrateReplaySpeed, calibrationWindowMs, firstReplaySpeed } from './replay-pace';

export interface ReplayedRecordingOptions {
  /** The web hosts' environment; CROSSBOOK_DATA_DIR is the data dir both hosts share. */
  env: NodeJS.ProcessEnv & { CROSSBOOK_DATA_DIR: string };
  /** A recording to replay as it is; otherwise the simulators record one for `recordSeconds`. */
  recording?: { dir: string; profile: ProfileName; id: string };
  recordSeconds: number;
  /** Where a fresh recording is kept for later runs (its profile's folder goes under it). */
  keepDir: string;
  progress(line: string): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function summaryOf(dir: string, id: string) {
  const found = (await listRecordings(dir)).find((r) => r.id === id);
  if (!found) throw new Error(`no recording ${id} in ${dir}`);
  return found;
}

export function replayedRecording(o: ReplayedRecordingOptions): LoadSource {
  const dataDir = o.env.CROSSBOOK_DATA_DIR;
  let running: HostUnderLoad | undefined;
  let meter: (() => number) | undefined;
  let replayThreads: number[] = [];
  const source: LoadSource & { label: string } = {
    label: 'a recording replayed in a loop',
    async start(targetRate) {
      const { recording, recordedRate, spanMs } = o.recording
        ? await useRecording(o.recording)
        : await record(targetRate);
      source.label =
        `recording ${recording.profile}/${recording.id} replayed in a loop by the core's replay thread ` +
        `(${REPLAY_THREAD_NAME}), no simulator running`;
      const first = firstReplaySpeed(targetRate, recordedRate);
      o.progress(`bench-ui: web host replaying ${recording.profile}/${recording.id} at speed ${first}`);
      const host = await startReplayingHost(recording, first, o.env);
      running = host;
      replayThreads = threadsNamed(host.host.child.pid!, REPLAY_THREAD_NAME);
      if (replayThreads.length !== 1)
        throw new Error(
          `expected one ${REPLAY_THREAD_NAME} thread in the web host, found ${replayThreads.length}`,
        );
      let current = first;
      const pace = await calibrateReplaySpeed(
        targetRate,
        first,
        async (speed) => {
          if (speed !== current) await host.request('replay.control', { action: 'speed', speed });
          current = speed;
          return host.receivedRate(calibrationWindowMs(spanMs, speed));
        },
        o.progress,
      );
      meter = threadMeter(host.host.child.pid!, () => replayThreads);
      return { host, pace: `replaying at speed ${pace.speed}` };
    },
    cpuPct: () => (meter ? meter() : NaN),
    loadThreads: () => replayThreads,
    threadRole: 'the replayer: the load, not Crossbook',
    async stop() {
      await running?.stop();
      running = undefined;
    },
  };

  /** The given recording's parts, linked into the data dir's folder for its profile. */
  async function useRecording(r: { dir: string; profile: ProfileName; id: string }) {
    const into = recordingDir(dataDir, r.profile);
    mkdirSync(into, { recursive: true });
    const summary = await summaryOf(r.dir, r.id);
    for (const part of summary.parts) symlinkSync(join(r.dir, part), join(into, part));
    return {
      recording: { profile: r.profile, id: r.id },
      recordedRate: NaN,
      spanMs: summary.lastWrittenAt - summary.startedAt,
    };
  }

  /** The simulators live at the calibrated rate while the demo profile records, then stopped. */
  async function record(targetRate: number) {
    const tryRate = async (generated: number) => {
      o.progress(`bench-ui: recording: web host, demo profile, --sim-rate ${generated}`);
      const host = await startHostUnderLoad(generated, o.env);
      return { received: await host.receivedRate(3000), running: host };
    };
    let best = { generated: 0, received: -1 };
    const load = await calibrateLoad(
      targetRate,
      async (generated) => {
        const trial = await tryRate(generated);
        if (trial.received > best.received) best = { generated, received: trial.received };
        return trial;
      },
      (host) => host.stop(),
      o.progress,
    );
    let running = load.running;
    let generated = load.generated;
    // A saturated machine ends the calibration on a rate that delivers less than an earlier one:
    // record at the earlier one (the live load keeps the last, as it always did).
    if (best.received > load.received * (1 + LOAD_TOLERANCE)) {
      await running.stop();
      generated = best.generated;
      running = (await tryRate(generated)).running;
    }
    const since = Date.now() + 1000;
    o.progress(`bench-ui: recording ${o.recordSeconds} s at --sim-rate ${generated}`);
    await sleep(o.recordSeconds * 1000);
    const recordedRate = running.receivedSince(since).levels;
    await running.stop();
    const dir = recordingDir(dataDir, 'demo');
    // The chosen trial's host started last: its session is the newest.
    const newest = (await listRecordings(dir)).sort((a, b) => b.startedAt - a.startedAt)[0];
    if (!newest) throw new Error(`the demo profile recorded nothing in ${dir}`);
    const keep = join(o.keepDir, 'demo');
    mkdirSync(keep, { recursive: true });
    for (const part of newest.parts) copyFileSync(join(dir, part), join(keep, part));
    o.progress(
      `bench-ui: recorded ${Math.round(recordedRate)} level updates/s received; ` +
        `reuse it with --recording ${join(keep, newest.id)}`,
    );
    return {
      recording: { profile: 'demo' as const, id: newest.id },
      recordedRate,
      spanMs: newest.lastWrittenAt - newest.startedAt,
    };
  }
  return source;
}
