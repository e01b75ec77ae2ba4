// The trading session: from the OS keychain to a profile with working endpoints. Login is this
// object's unlock(); the demo profile differs only in where its endpoints come from: our own
// simulators, started here with the demo credentials the keychain holds, or simulators started
// elsewhere (`npm run sim`), whose description (`--venues FILE`) gives endpoints and credentials.
import { createHash } from 'node:crypto';
import { ContractError, type SessionState } from '../../shared/contract';
import type { ProfileName, VenueId } from '../../shared/domain';
import { VENUES } from '../../shared/domain';
import { venueModule } from '../venues/registry';
import type { AllSimulatorsOptions } from '../venues/simulator-registry';
import {
  startSimulatorThread,
  type EmbeddedSimulators,
  type SimulatorThreadEvent,
} from '../venues/simulators/simulator-thread';
import {
  describedCredentials,
  describedVenues,
  type SimulatorDescription,
} from '../venues/simulators/sim-description';
import { ensureDemoCredentials } from '../vault/demo';
import { KeychainUnavailableError, openKeytarKeychain, type Keychain } from '../vault/keychain';
import { getProfile, type Profile, type VenueEndpoints } from '../vault/profiles';
import { SettingsStore } from '../vault/settings';
import { Vault, VaultError, type ProfileCredentialStatus } from '../vault/vault';
import { createLogger } from '../base/log';

const log = createLogger('session');

export interface SessionOptions {
  dataDir: string;
  /** Profile to start in; otherwise the one the settings file remembers. */
  profile?: ProfileName;
  /** Keychain service name; tests and side-by-side installs use their own. */
  keychainService?: string;
  openKeychain?: (service: string) => Promise<Keychain>;
  simulators?: Omit<AllSimulatorsOptions, 'credentials'>;
  /**
   * Simulators started elsewhere (`--venues FILE`): the demo profile connects to the venues listed
   * there instead of starting its own, and leaves the others off.
   */
  remoteSimulators?: SimulatorDescription;
  /** The demo simulator thread died, was restarted, or could not be (for the windows' alerts). */
  onSimulatorEvent?: (event: SimulatorThreadEvent) => void;
}

export interface ReadySession {
  profile: Profile;
  vault: Vault;
}

type Listener = (state: SessionState) => void;

export function demoEndpointsOf(sims: Pick<EmbeddedSimulators, 'descriptor'>): VenueEndpoints {
  return Object.fromEntries(
    VENUES.map((v) => [v, venueModule(v).endpoints.fromSimulator(sims.descriptor[v])]),
  ) as VenueEndpoints;
}

export class TradingSession {
  private state: SessionState;
  private readonly listeners = new Set<Listener>();
  private readonly readyHooks = new Set<(ready: ReadySession) => Promise<void> | void>();
  private settings?: SettingsStore;
  private vault?: Vault;
  private simulators?: EmbeddedSimulators;
  private profile?: Profile;
  private unlocking?: Promise<SessionState>;

  constructor(private readonly options: SessionOptions) {
    const profile = options.profile ?? 'demo';
    this.state = { phase: 'locked', profile, profileLabel: profile, realMoney: profile === 'production' };
  }

  current(): SessionState {
    return structuredClone(this.state);
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs whenever the session becomes ready (after unlock and after a profile switch). */
  onReady(hook: (ready: ReadySession) => Promise<void> | void): () => void {
    this.readyHooks.add(hook);
    return () => this.readyHooks.delete(hook);
  }

  /** The embedded simulators' descriptor (demo profile), for CROSSBOOK_SIM. */
  simulatorDescriptor(): EmbeddedSimulators['descriptor'] | undefined {
    return this.simulators?.descriptor;
  }

  ready(): ReadySession | undefined {
    return this.state.phase === 'ready' && this.profile && this.vault
      ? { profile: this.profile, vault: this.vault }
      : undefined;
  }

  /** Opens the keychain (the OS may prompt) and brings the profile up. Safe to call again. */
  unlock(): Promise<SessionState> {
    this.unlocking ??= this.doUnlock().finally(() => (this.unlocking = undefined));
    return this.unlocking;
  }

  private async doUnlock(): Promise<SessionState> {
    if (this.state.phase === 'ready') return this.current();
    this.set({ phase: 'unlocking', keychain: undefined, message: undefined });
    try {
      if (!this.settings) {
        const { store, recovered } = await SettingsStore.open(this.options.dataDir);
        if (recovered) log.warn('settings file was unreadable and was set aside', { recovered });
        this.settings = store;
      }
      const service = this.options.keychainService ?? 'Crossbook';
      const keychain = await (this.options.openKeychain ?? ((s) => openKeytarKeychain({ probeService: s })))(
        service,
      );
      this.vault = new Vault(keychain, { service });
      await this.activate(this.options.profile ?? this.settings.get().activeProfile);
    } catch (error) {
      if (error instanceof KeychainUnavailableError) {
        log.warn('keychain unavailable', { problem: error.problem });
        this.set({
          phase: 'keychain-unavailable',
          keychain: { problem: error.problem, reason: error.reason, fix: error.fix },
        });
      } else {
        log.error('session failed to start', { error });
        this.set({
          phase: 'error',
          message: `Crossbook could not start the session: ${(error as Error).message}`,
        });
      }
    }
    return this.current();
  }

  async switchProfile(profile: ProfileName): Promise<SessionState> {
    if (!this.vault || !this.settings) return this.unlock();
    await this.settings.update((draft) => {
      draft.activeProfile = profile;
    });
    this.options.profile = profile;
    await this.activate(profile);
    return this.current();
  }

  private async activate(profileName: ProfileName): Promise<void> {
    const vault = this.vault!;
    this.set({ phase: 'starting', profile: profileName, realMoney: profileName === 'production' });
    let demoEndpoints: Partial<VenueEndpoints> | undefined;
    let demoVenues: VenueId[] | undefined;
    const remote = this.options.remoteSimulators;
    if (profileName === 'demo' && remote) {
      await storeDescribedCredentials(vault, remote);
      demoVenues = describedVenues(remote);
      demoEndpoints = Object.fromEntries(
        demoVenues.map((v) => [v, venueModule(v).endpoints.fromSimulator(remote[v])]),
      );
    } else if (profileName === 'demo') {
      const credentials = await ensureDemoCredentials(vault);
      this.simulators ??= await startSimulatorThread(
        {
          ...this.options.simulators,
          credentials: {
            ...credentials,
            paxos: { ...credentials.paxos, profileId: demoPaxosProfileId(credentials.paxos.clientId) },
          },
        },
        { onEvent: (event) => this.options.onSimulatorEvent?.(event) },
      );
      demoEndpoints = demoEndpointsOf(this.simulators);
    }
    this.profile = getProfile(profileName, demoEndpoints, demoVenues);
    this.set({
      phase: 'ready',
      profile: profileName,
      profileLabel: this.profile.label,
      realMoney: this.profile.realMoney,
      credentials: await vault.status(profileName),
    });
    for (const hook of this.readyHooks) await hook({ profile: this.profile, vault });
  }

  async refreshCredentials(): Promise<ProfileCredentialStatus | undefined> {
    if (!this.vault) return undefined;
    const credentials = await this.vault.status(this.state.profile);
    this.set({ credentials });
    return credentials;
  }

  /** Where Paxos orders go: the demo simulator's profile, or the one configured in Settings. */
  paxosProfileId(): string | undefined {
    if (this.state.profile === 'demo')
      return (this.options.remoteSimulators ?? this.simulators?.descriptor)?.paxos?.profileId;
    return this.settings?.get().venues.paxos.profileId;
  }

  /** Venues switched on in Settings. */
  enabledVenues(): Record<VenueId, boolean> {
    const v = this.settings?.get().venues;
    return Object.fromEntries(VENUES.map((venue) => [venue, v?.[venue].enabled ?? true])) as Record<
      VenueId,
      boolean
    >;
  }

  /** Whether the venues' frames are recorded in this profile (Settings, per profile). */
  recordingEnabled(profile: ProfileName = this.state.profile): boolean {
    return this.settings?.get().recording[profile] ?? profile !== 'production';
  }

  async setRecordingEnabled(profile: ProfileName, enabled: boolean): Promise<void> {
    if (!this.settings) throw new ContractError('REJECTED', 'the session is not unlocked');
    await this.settings.update((draft) => {
      draft.recording[profile] = enabled;
    });
  }

  /** Where the session keeps its files (settings, journals, recordings). */
  dataDir(): string {
    return this.options.dataDir;
  }

  requireVault(): Vault {
    if (!this.vault) throw new Error('the keychain is not unlocked');
    return this.vault;
  }

  endpoints(venue: VenueId): VenueEndpoints[VenueId] | undefined {
    return this.profile?.endpoints[venue];
  }

  /**
   * The demo's test hook: one venue's simulator stops, so its adapter sees the venue go away.
   * Refused outside the demo profile, where there is no simulator to stop.
   */
  async stopDemoSimulator(venue: VenueId): Promise<void> {
    if (this.state.profile === 'demo' && this.options.remoteSimulators)
      throw new ContractError(
        'REJECTED',
        'the demo simulators run in another process (--venues): stop them there',
      );
    if (this.state.profile !== 'demo' || !this.simulators)
      throw new ContractError('REJECTED', 'only the demo profile has simulators to stop');
    await this.simulators.stopVenue(venue);
  }

  async close(): Promise<void> {
    const sims = this.simulators;
    this.simulators = undefined;
    await sims?.close();
  }

  private set(change: Partial<SessionState>): void {
    this.state = { ...this.state, ...change };
    for (const key of Object.keys(this.state) as (keyof SessionState)[]) {
      if (this.state[key] === undefined) delete this.state[key];
    }
    const snapshot = this.current();
    for (const listener of this.listeners) listener(snapshot);
  }
}

/**
 * The description's demo credentials go into the keychain under the demo profile like any others
 * (the adapters read them from there); unchanged ones are not written again.
 */
async function storeDescribedCredentials(vault: Vault, description: SimulatorDescription): Promise<void> {
  const described = describedCredentials(description);
  for (const venue of VENUES) {
    const credentials = described[venue];
    if (!credentials) continue;
    let stored: object | null;
    try {
      stored = await vault.get('demo', venue);
    } catch (err) {
      // Unreadable demo entries protect nothing real: they are replaced.
      if (!(err instanceof VaultError)) throw err;
      stored = null;
    }
    if (stored && JSON.stringify(stored) === JSON.stringify(credentials)) continue;
    await vault.set('demo', venue, credentials);
    log.info('demo credentials taken from the simulator description', { venue });
  }
}

export const ALL_VENUES: readonly VenueId[] = VENUES;

/** Stable per install (derived from the demo client id), so restarts keep finding their orders. */
function demoPaxosProfileId(clientId: string): string {
  const h = createHash('sha256').update(`crossbook-demo-profile:${clientId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
