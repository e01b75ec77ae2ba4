// Assembles the core for a host. Both hosts call this one function, so the Electron app and the
// web host run the same services with the same validation.
import type { ProfileName } from '../../shared/domain';
import type { AllSimulatorsOptions } from '../venues/simulator-registry';
import type { SimulatorDescription } from '../venues/simulators/sim-description';
import { registerAppServices, type HostServices } from './app-services';
import { CrossbookCore } from '../base/crossbook-core';
import { createLogger } from '../base/log';
import { MarketDataService } from './market-data';
import { registerMarketServices } from './market-services';
import { registerMarketWatch } from './market-watch';
import { registerAuditTrail } from './audit-services';
import { registerOrderServices } from '../orders/service';
import { TradingDesk } from './trading-desk';
import { VenueManager } from './venue-manager';
import { TradingSession, type ReadySession } from './session';
import { registerSessionServices } from './session-services';
import { linkVenueFeeds } from './venue-feeds';
import { ReplaySession, recordingTarget } from './replay-session';
import { registerReplayServices } from './replay-services';
import { VenueStatusBoard } from './venue-status';

const log = createLogger('bootstrap');

export interface CoreOptions {
  host: HostServices;
  /** Where settings.json (and later the journal) live. */
  dataDir: string;
  /** Profile to start in; otherwise the one the settings file remembers (demo at first start). */
  profile?: ProfileName;
  keychainService?: string;
  simulators?: Omit<AllSimulatorsOptions, 'credentials'>;
  /** Simulators started elsewhere, from `--venues FILE`: the demo profile connects to them. */
  remoteSimulators?: SimulatorDescription;
}

export interface RunningCore {
  core: CrossbookCore;
  venues: VenueStatusBoard;
  session: TradingSession;
  marketData: MarketDataService;
  venueManager: VenueManager;
  replay: ReplaySession;
  /** A warning in every window's alert list (the risk events); false while no desk is open. */
  alert(message: string): boolean;
  /** Disarms one-click trading and says why in the alert list; false when it was not armed. */
  disarm(reason: string): boolean;
  close(): Promise<void>;
}

export async function startCore(options: CoreOptions): Promise<RunningCore> {
  const core = new CrossbookCore();
  const venues = new VenueStatusBoard();
  const session = new TradingSession({
    dataDir: options.dataDir,
    profile: options.profile,
    keychainService: options.keychainService,
    simulators: options.simulators,
    ...(options.remoteSimulators ? { remoteSimulators: options.remoteSimulators } : {}),
    // A restarted demo simulator thread shows in every window's alert list.
    onSimulatorEvent: (event) => void alert(event.message),
  });
  registerAppServices(core, options.host, () => session.current().profile, venues);
  registerSessionServices(core, session);
  const marketData = new MarketDataService();
  const venueManager = new VenueManager(marketData, venues);
  const unlinkFeeds = linkVenueFeeds(venues, marketData);
  registerMarketServices(core, marketData, (venue) => venueManager.all().get(venue)?.capabilities);
  registerMarketWatch(core, marketData, venues);
  const desk = new TradingDesk(options.dataDir, marketData);
  registerOrderServices(core, desk);
  registerAuditTrail(core, desk);
  // Recording follows the profile's switch in Settings, and pauses while a replay runs.
  const applyRecording = () => {
    const ready = session.ready();
    marketData.setRecording(
      ready && !replay.active() && session.recordingEnabled(ready.profile.id)
        ? recordingTarget(options.dataDir, ready.profile.id)
        : null,
    );
  };
  const activate = async ({ profile, vault }: ReadySession) => {
    // The old profile's books must not be shown under the new one, even for a moment.
    await venueManager.stop();
    marketData.discardBooks();
    applyRecording();
    await venueManager.start({
      profile,
      vault,
      paxosProfileId: session.paxosProfileId(),
      enabled: session.enabledVenues(),
    });
    await desk.start(profile.id, venueManager.all());
  };
  const replay = new ReplaySession({
    dataDir: options.dataDir,
    marketData,
    venueManager,
    desk,
    restore: async () => {
      const ready = session.ready();
      if (ready) await activate(ready);
    },
  });
  registerReplayServices(core, replay, session, applyRecording);
  session.onReady(async (ready) => {
    await replay.end();
    await activate(ready);
  });
  // Closed in reverse: adapters first (they feed the engine), then the engine, then the simulators.
  core.onClose(() => session.close());
  core.onClose(unlinkFeeds);
  core.onClose(() => marketData.close());
  core.onClose(() => venueManager.close());
  core.onClose(() => desk.stop());
  // First of all: the replay thread stops feeding before anything it feeds goes.
  core.onClose(() => replay.end());
  // The first unlock needs no click where the OS keychain is already open (a Linux desktop
  // session); where it is not, the login window shows why and offers to try again.
  const state = await session.unlock();
  log.info('core started', { host: options.host.host, phase: state.phase, profile: state.profile });
  // Hoisted: the session's simulator events call it, and the simulators start only in unlock().
  function alert(message: string): boolean {
    const manager = desk.current();
    if (!manager) return false;
    manager.warn(message);
    return true;
  }
  const disarm = (reason: string): boolean => {
    const manager = desk.current();
    if (!manager?.riskState().armed) return false;
    manager.arm(false);
    return alert(reason);
  };
  return {
    core,
    venues,
    session,
    marketData,
    venueManager,
    replay,
    alert,
    disarm,
    close: () => core.close(),
  };
}
