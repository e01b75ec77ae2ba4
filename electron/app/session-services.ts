// Login and credentials over the contract. Secrets arrive in credentials.set and go straight
// into the vault; every answer carries only the vault's status (set / last four / verified).
import { ContractError } from '../../shared/contract';
import { VENUE_NAMES, type VenueId } from '../../shared/domain';
import { CredentialError } from '../vault/credentials';
import type { ProfileName } from '../vault/profiles';
import { getProfile } from '../vault/profiles';
import type { Vault } from '../vault/vault';
import type { LoginCheck } from '../venues/common/venue-module';
import { venueModule } from '../venues/registry';
import type { CrossbookCore } from '../base/crossbook-core';
import { registerSecret } from '../base/log';
import type { TradingSession } from './session';

function vaultOf(session: TradingSession): Vault {
  try {
    return session.requireVault();
  } catch {
    throw new ContractError(
      'UNAVAILABLE',
      'Unlock the keychain first: credentials live only in the OS keychain',
    );
  }
}

async function statusOf(vault: Vault, profile: ProfileName, venue: VenueId) {
  return { venue, status: (await vault.status(profile))[venue] };
}

async function verify(
  session: TradingSession,
  vault: Vault,
  profile: ProfileName,
  venue: VenueId,
): Promise<LoginCheck> {
  const endpoints =
    profile === session.current().profile
      ? session.ready()?.profile.endpoints
      : getProfile(profile).endpoints;
  if (!endpoints) return { ok: false, message: 'the demo simulators are not running in this session' };
  const venueEndpoints = endpoints[venue];
  if (!venueEndpoints)
    return { ok: false, message: `${VENUE_NAMES[venue]} is not in the simulator description this demo uses` };
  const creds = await vault.get(profile, venue);
  if (!creds) return { ok: false, message: `no ${VENUE_NAMES[venue]} credentials are stored` };
  return venueModule(venue).checkLogin(venueEndpoints, creds);
}

export function registerSessionServices(core: CrossbookCore, session: TradingSession): void {
  core.handle('session.state', () => session.current());
  core.handle('session.unlock', () => session.unlock());
  core.handle('session.switchProfile', ({ profile }) => session.switchProfile(profile));
  core.handle('demo.stopSimulator', async ({ venue }) => {
    await session.stopDemoSimulator(venue);
    return { stopped: venue };
  });

  core.provide('session.state', (_params, emit) => {
    emit(session.current());
    return session.onChange(emit);
  });

  core.handle('credentials.set', async ({ profile, venue, credentials }) => {
    for (const value of Object.values(credentials)) registerSecret(value);
    const vault = vaultOf(session);
    try {
      await vault.set(profile, venue, credentials);
    } catch (error) {
      if (error instanceof CredentialError) throw new ContractError('BAD_REQUEST', error.message);
      throw error;
    }
    await session.refreshCredentials();
    return statusOf(vault, profile, venue);
  });

  core.handle('credentials.delete', async ({ profile, venue }) => {
    const vault = vaultOf(session);
    await vault.delete(profile, venue);
    await session.refreshCredentials();
    return statusOf(vault, profile, venue);
  });

  core.handle('credentials.test', async ({ profile, venue }) => {
    const vault = vaultOf(session);
    const result = await verify(session, vault, profile, venue);
    if (result.ok) {
      await vault.markVerified(profile, venue, new Date());
      await session.refreshCredentials();
    }
    return result;
  });
}
