// Assembles the core for a host. Both hosts call this one function, so the Electron app and the
// web host run the same services with the same validation.
import type { ProfileName } from '../../shared/domain';
import { registerAppServices, type HostServices } from './app-services';
import { CrossbookCore } from './core';
import { createLogger } from './log';
import { VenueStatusBoard } from './venue-status';

const log = createLogger('bootstrap');

export interface CoreOptions {
  profile: ProfileName;
  host: HostServices;
}

export interface RunningCore {
  core: CrossbookCore;
  venues: VenueStatusBoard;
  /** What the demo profile's embedded simulators expose (printed by the web host), if running. */
  simulators?: unknown;
  close(): Promise<void>;
}

export async function startCore(options: CoreOptions): Promise<RunningCore> {
  const core = new CrossbookCore();
  const venues = new VenueStatusBoard();
  registerAppServices(core, options.host, options.profile, venues);
  log.info('core started', { profile: options.profile, host: options.host.host });
  return { core, venues, close: () => core.close() };
}
