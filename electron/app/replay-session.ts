// Replay as a mode of the core: the session's venues stop, the replay thread feeds a recording
// into the same market-data path (engine, ladders, market watch), and paper venues built from the
// recording take the orders, journaled apart in journal-replay.jsonl. Stopping brings the
// session's own profile back. Recording pauses while a replay runs: the replayed frames pass
// through the same engine batches and must not be recorded again.
import { join } from 'node:path';
import {
  ContractError,
  type ReplayControl,
  type ReplayState,
  type RecordingSummary,
} from '../../shared/contract';
import { PROFILES, type ProfileName, type VenueId } from '../../shared/domain';
import { feedSink } from '../replay/feed';
import type { ReplayedDepth } from '../replay/paper-matcher';
import { ReplayVenueAdapter } from '../replay/replay-adapter';
import type { RecordingTarget } from '../replay/recording/format';
import { listRecordings } from '../replay/recording/reader';
import { startReplayThread, type ReplayThread } from '../replay/thread/replay-thread';
import type { VenueMarketInfo } from '../venues/common/adapter';
import { createLogger } from '../base/log';
import type { MarketDataService } from './market-data';
import type { TradingDesk } from './trading-desk';
import type { VenueManager } from './venue-manager';

const log = createLogger('replay');

/** Rotation and disk cap of a profile's recordings. */
export const RECORDING_LIMITS = {
  maxFileBytes: 32 * 1024 * 1024,
  maxFileMs: 15 * 60_000,
  maxTotalBytes: 1024 * 1024 * 1024,
} as const;

export function recordingDir(dataDir: string, profile: ProfileName): string {
  return join(dataDir, 'recordings', profile);
}

export function recordingTarget(dataDir: string, profile: ProfileName): RecordingTarget {
  return { dir: recordingDir(dataDir, profile), profile, ...RECORDING_LIMITS };
}

export interface ReplaySessionDeps {
  dataDir: string;
  marketData: MarketDataService;
  venueManager: VenueManager;
  desk: TradingDesk;
  /** Brings the session's own profile back (venues, desk, recording switch). */
  restore(): Promise<void>;
}

export class ReplaySession {
  private thread: ReplayThread | undefined;
  private adapters = new Map<VenueId, ReplayVenueAdapter>();
  private state: ReplayState = { active: false };
  private readonly listeners = new Set<(state: ReplayState) => void>();

  constructor(private readonly deps: ReplaySessionDeps) {}

  current(): ReplayState {
    return { ...this.state };
  }

  active(): boolean {
    return this.state.active;
  }

  onChange(listener: (state: ReplayState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async recordings(): Promise<RecordingSummary[]> {
    const out: RecordingSummary[] = [];
    for (const profile of PROFILES)
      for (const r of await listRecordings(recordingDir(this.deps.dataDir, profile)))
        out.push({
          profile,
          id: r.id,
          startedAt: r.startedAt,
          lastWrittenAt: r.lastWrittenAt,
          bytes: r.bytes,
          parts: r.parts.length,
        });
    return out.sort((a, b) => b.startedAt - a.startedAt);
  }

  async start(request: {
    profile: ProfileName;
    id: string;
    startAt?: number;
    speed?: number;
    loop?: boolean;
  }): Promise<ReplayState> {
    const { marketData, venueManager, desk } = this.deps;
    await this.closeThread();
    let thread: ReplayThread;
    try {
      thread = await startReplayThread({
        dir: recordingDir(this.deps.dataDir, request.profile),
        id: request.id,
        pace: { speed: request.speed ?? 1 },
        ...(request.loop ? { loop: true } : {}),
        onBatch: (events, history) =>
          feedSink(marketData, events, history, Date.now(), (trade) =>
            this.adapters.get(trade.venue)?.trade(trade),
          ),
        onReset: () => marketData.discardBooks(),
        onClock: (clock) => this.publish({ ...clock }),
        onExit: (message) => {
          // The market stays as the replay left it; the banner says the replay is over.
          log.error('replay thread died', { message });
          this.publish({ paused: true, ended: true });
        },
      });
    } catch (error) {
      // A replay that was running is gone (its thread closed above): back to the profile.
      await this.stop();
      throw new ContractError('REJECTED', (error as Error).message);
    }
    this.thread = thread;
    const byVenue = new Map<VenueId, VenueMarketInfo[]>();
    for (const m of thread.recording.markets) byVenue.set(m.venue, [...(byVenue.get(m.venue) ?? []), m]);
    const now = () => this.state.at ?? Date.now();
    this.adapters = new Map(
      [...byVenue].map(([venue, infos]) => [
        venue,
        new ReplayVenueAdapter(venue, infos, this.depth(infos), now),
      ]),
    );
    this.publish({ switching: true });
    try {
      // The replayed frames pass through the engine's batches too: they must not be recorded again.
      marketData.setRecording(null);
      await venueManager.stop();
      marketData.discardBooks();
      await venueManager.startWith([...this.adapters.values()], 'not in this recording');
      await desk.start('replay', venueManager.all());
    } catch (error) {
      this.state = { ...this.state, active: true };
      await this.stop();
      throw error;
    }
    this.publish({
      active: true,
      switching: false,
      profile: request.profile,
      id: request.id,
      at: thread.recording.startsAt,
      startsAt: thread.recording.startsAt,
      endsAt: thread.recording.endsAt,
      speed: request.speed ?? 1,
      ...(request.loop ? { loop: true } : {}),
      paused: true,
      ended: false,
      played: 0,
      total: thread.recording.total,
      partial: thread.recording.partial,
    });
    log.info('replay started', { profile: request.profile, id: request.id, events: thread.recording.total });
    if (request.startAt !== undefined && request.startAt > thread.recording.startsAt)
      thread.seek(request.startAt);
    thread.play();
    return this.current();
  }

  control(control: ReplayControl): ReplayState {
    const thread = this.thread;
    if (!thread) throw new ContractError('REJECTED', 'no replay is running');
    switch (control.action) {
      case 'pause':
        thread.pause();
        break;
      case 'resume':
        thread.play();
        break;
      case 'step':
        thread.step();
        break;
      case 'speed':
        thread.setPace({ speed: control.speed });
        break;
      case 'seek':
        thread.seek(control.at);
        break;
    }
    return this.current();
  }

  /** Ends the replay and brings the session's profile back. */
  async stop(): Promise<ReplayState> {
    if (!this.state.active) return this.current();
    this.publish({ switching: true });
    await this.closeThread();
    this.adapters = new Map();
    try {
      await this.deps.restore();
    } finally {
      // Windows come back once the profile's own order manager is there to subscribe to.
      this.state = { active: false };
      this.publish({});
    }
    return this.current();
  }

  /** A profile switch while replaying: the replay ends without restoring (the switch brings its own). */
  async end(): Promise<void> {
    if (!this.state.active) return;
    await this.closeThread();
    this.adapters = new Map();
    this.state = { active: false };
    this.publish({});
  }

  private async closeThread(): Promise<void> {
    const thread = this.thread;
    this.thread = undefined;
    await thread?.close();
  }

  /** The replayed book of one venue market, read from the engine as the order router reads depth. */
  private depth(infos: VenueMarketInfo[]): ReplayedDepth {
    const canonical = new Map(infos.map((m) => [m.market, m.canonical]));
    return {
      levels: async (venue, market, side) => {
        const levels = await this.deps.marketData.depth(canonical.get(market) ?? market, side, 200);
        return levels.flatMap((l) =>
          l.perVenue
            .filter((p) => p.venue === venue && p.market === market)
            .map((p) => ({ price: l.price, size: p.size })),
        );
      },
    };
  }

  private publish(change: Partial<ReplayState>): void {
    this.state = { ...this.state, ...change };
    const snapshot = this.current();
    for (const listener of this.listeners) listener(snapshot);
  }
}
