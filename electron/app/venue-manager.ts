// Brings the venue adapters up for the active profile: credentials from the vault, endpoints from
// the profile, market data into the engine, status onto the board the windows show. A venue
// without credentials is shown as down with what to do, never silently skipped.
import { VENUE_NAMES as NAMES, VENUES, type VenueId } from '../../shared/domain';
import type { BookStats } from '../engine/protocol';
import type { VenueAdapter } from '../venues/common/adapter';
import { venueModule } from '../venues/registry';
import type { Profile } from '../vault/profiles';
import type { Vault } from '../vault/vault';
import { createLogger } from '../base/log';
import type { MarketDataService } from './market-data';
import type { VenueStatusBoard } from './venue-status';

/** The shortest span a received rate is computed over (the engine reports every 500 ms). */
export const MIN_RATE_SPAN_MS = 250;

const log = createLogger('venues');

export interface VenueStartOptions {
  profile: Profile;
  vault: Vault;
  /** Paxos orders go under a profile id (settings, or the demo simulator's). */
  paxosProfileId?: string;
  enabled?: Partial<Record<VenueId, boolean>>;
}

export class VenueManager {
  private readonly adapters = new Map<VenueId, VenueAdapter>();
  private readonly cleanups: (() => void)[] = [];
  private readonly listeners = new Set<(adapters: ReadonlyMap<VenueId, VenueAdapter>) => void>();
  private lastFrames = new Map<VenueId, { frames: number; levels: number; at: number }>();

  constructor(
    private readonly marketData: MarketDataService,
    private readonly board: VenueStatusBoard,
  ) {
    this.cleanups.push(
      marketData.onResync((venue, market, reason) => {
        const adapter = this.adapters.get(venue);
        if (!adapter) return;
        if (adapter.resync) adapter.resync(market, reason);
        else {
          adapter.unsubscribeMarket(market);
          adapter.subscribeMarket(market);
        }
      }),
      marketData.onStats((books) => this.updateRates(books)),
    );
  }

  all(): ReadonlyMap<VenueId, VenueAdapter> {
    return this.adapters;
  }

  /** Called whenever the set of adapters changes (profile switch). */
  onAdapters(listener: (adapters: ReadonlyMap<VenueId, VenueAdapter>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(options: VenueStartOptions): Promise<void> {
    await this.stop();
    for (const venue of VENUES) {
      if (options.enabled?.[venue] === false) {
        this.board.update(venue, { state: 'idle', reason: `${NAMES[venue]} is switched off in Settings` });
        continue;
      }
      if (!options.profile.endpoints[venue]) {
        // Only a demo connected to simulators started elsewhere leaves a venue out (--venues).
        this.board.update(venue, {
          state: 'idle',
          reason: `${NAMES[venue]} is not in the simulator description this demo was started with`,
        });
        continue;
      }
      const adapter = await this.create(venue, options);
      if (adapter) this.adopt(adapter);
    }
    for (const listener of this.listeners) listener(this.adapters);
  }

  /**
   * Runs adapters made elsewhere (the replay's paper venues) as the venues of the moment; a venue
   * without one is shown idle with `idleReason`.
   */
  async startWith(adapters: VenueAdapter[], idleReason: string): Promise<void> {
    await this.stop();
    for (const adapter of adapters) this.adopt(adapter);
    for (const venue of VENUES)
      if (!this.adapters.has(venue)) this.board.update(venue, { state: 'idle', reason: idleReason });
    for (const listener of this.listeners) listener(this.adapters);
  }

  private adopt(adapter: VenueAdapter): void {
    const venue = adapter.venue;
    this.adapters.set(venue, adapter);
    this.board.update(venue, { cancelsOnDisconnect: adapter.capabilities.cancelsOnDisconnect });
    adapter.on('status', (status) => {
      // A replaced adapter's last words (disconnecting) must not overwrite its successor's state.
      if (this.adapters.get(venue) !== adapter) return;
      this.board.update(venue, {
        state: status.state,
        reason: status.staleFeeds?.length
          ? `${status.reason ?? 'feed stale'} (${status.staleFeeds.join(', ')})`
          : status.reason,
      });
    });
    void this.connect(venue, adapter);
  }

  private async create(venue: VenueId, options: VenueStartOptions): Promise<VenueAdapter | undefined> {
    const { profile, vault } = options;
    const missing = () => {
      this.board.update(venue, {
        state: 'down',
        reason: `no ${NAMES[venue]} credentials in the ${profile.id} profile: add them in Settings`,
      });
      return undefined;
    };
    try {
      const credentials = await vault.get(profile.id, venue);
      if (!credentials) return missing();
      return venueModule(venue).createAdapter({
        endpoints: profile.endpoints[venue]!,
        credentials,
        sink: this.marketData,
        ...(options.paxosProfileId ? { tradingProfileId: options.paxosProfileId } : {}),
      });
    } catch (error) {
      log.error('could not create adapter', { venue, error });
      this.board.update(venue, {
        state: 'down',
        reason: `${NAMES[venue]} could not start: ${(error as Error).message}`,
      });
      return undefined;
    }
  }

  private async connect(venue: VenueId, adapter: VenueAdapter): Promise<void> {
    try {
      await adapter.connect();
      if (this.adapters.get(venue) !== adapter) return;
      const markets = adapter.markets();
      this.marketData.defineMarkets(markets);
      for (const m of markets) adapter.subscribeMarket(m.market);
      log.info('venue connected', { venue, markets: markets.map((m) => m.market) });
    } catch (error) {
      // The adapter keeps retrying by itself and reports each state; this is only the first try.
      log.warn('venue did not connect on the first attempt', { venue, error });
    }
  }

  private updateRates(books: BookStats[]): void {
    const now = Date.now();
    const perVenue = new Map<VenueId, { frames: number; levels: number; lastFrameAt: number }>();
    for (const b of books) {
      const v = b.venue as VenueId;
      const acc = perVenue.get(v) ?? { frames: 0, levels: 0, lastFrameAt: 0 };
      acc.frames += b.frames;
      acc.levels += b.levelUpdates;
      acc.lastFrameAt = Math.max(acc.lastFrameAt, b.lastFrameAt);
      perVenue.set(v, acc);
    }
    for (const [venue, acc] of perVenue) {
      if (!this.adapters.has(venue)) continue;
      const prev = this.lastFrames.get(venue);
      // Reports that queued behind a busy main thread arrive back to back: dividing a whole
      // interval's counts by the millisecond between them read as 750,000/s. They add up into
      // the next report instead, so a rate always spans at least half a stats interval.
      if (prev && now - prev.at < MIN_RATE_SPAN_MS && acc.frames >= prev.frames) continue;
      this.lastFrames.set(venue, { frames: acc.frames, levels: acc.levels, at: now });
      if (!prev || acc.frames < prev.frames) continue;
      const rtt = this.adapters.get(venue)?.roundTripMs?.();
      this.board.update(venue, {
        messagesPerSecond: ((acc.frames - prev.frames) * 1000) / (now - prev.at),
        levelUpdatesPerSecond: ((acc.levels - prev.levels) * 1000) / (now - prev.at),
        ...(acc.lastFrameAt > 0 ? { lastMessageAgeMs: Math.max(0, now - acc.lastFrameAt) } : {}),
        ...(rtt !== undefined && Number.isFinite(rtt) && rtt >= 0 ? { roundTripMs: rtt } : {}),
      });
    }
  }

  async stop(): Promise<void> {
    const adapters = [...this.adapters.values()];
    this.adapters.clear();
    this.lastFrames = new Map();
    await Promise.allSettled(adapters.map((a) => a.disconnect()));
    for (const a of adapters)
      this.board.update(a.venue, { state: 'idle', reason: 'disconnected by Crossbook' });
  }

  async close(): Promise<void> {
    for (const c of this.cleanups.splice(0)) c();
    await this.stop();
  }
}
