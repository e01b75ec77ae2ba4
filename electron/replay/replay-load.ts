// A recording as a benchmark's load: the replay thread plays it into a core's market-data path at
// a fixed frame rate (or a speed), looping if asked, exactly as the venues' adapters would hand it
// the frames; the frames' cost to the core is the venues' cost, and the replayer's own CPU time is
// read apart (`cpuMicros`, the replay thread's threadCpuUsage) instead of a simulator's.
import type { MarketDataSink, VenueMarketInfo } from '../venues/common/adapter';
import { feedSink } from './feed';
import { startReplayThread, type ReplayLoaded, type ReplayPace } from './thread/replay-thread';

/** What a replay feeds: the core's sink (MarketDataService implements all of it). */
export interface ReplayLoadTarget extends MarketDataSink {
  defineMarkets(markets: VenueMarketInfo[]): void;
  /** A loop starts the recording over: the books it built go first (MarketDataService.discardBooks). */
  discardBooks?(): void;
}

export interface ReplayLoadOptions {
  /** A profile's recording folder (<dataDir>/recordings/<profile>) and a session id in it. */
  dir: string;
  id: string;
  target: ReplayLoadTarget;
  /** Recorded events handed out per second (frames, trades and bindings alike), or a speed. */
  pace: ReplayPace;
  loop?: boolean;
}

export interface ReplayLoad {
  readonly recording: ReplayLoaded;
  setPace(pace: ReplayPace): void;
  pause(): void;
  resume(): void;
  /** The replay thread's CPU time so far (µs): sample it twice and divide by the wall time between. */
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

export async function startReplayLoad(options: ReplayLoadOptions): Promise<ReplayLoad> {
  const { target } = options;
  const thread = await startReplayThread({
    dir: options.dir,
    id: options.id,
    pace: options.pace,
    ...(options.loop ? { loop: true } : {}),
    onBatch: (events, history) => feedSink(target, events, history),
    onReset: () => target.discardBooks?.(),
  });
  target.defineMarkets(thread.recording.markets);
  thread.play();
  return {
    recording: thread.recording,
    setPace: (pace) => thread.setPace(pace),
    pause: () => thread.pause(),
    resume: () => thread.play(),
    cpuMicros: () => thread.cpuMicros(),
    close: () => thread.close(),
  };
}
